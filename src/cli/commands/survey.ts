import { writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import type { Command } from "commander";
import { closeApp, createApp } from "../../app.js";
import { loadConfig } from "../../config.js";
import { createLogger } from "../../logger.js";
import { exportSurveyCsv } from "../../surveys/index.js";
import { EXIT, err, out } from "../output.js";

/** `kpibot survey export <id> [--output file]`: the answers as CSV, without identity for anonymous surveys. */
async function exportCommand(idText: string, opts: { output?: string }): Promise<number> {
  if (!/^#?\d{1,9}$/.test(idText)) {
    err(`kpibot: "${idText}" is not a survey number (see \`/kpi survey list\` in the chat).`);
    return EXIT.usage;
  }
  const id = Number(idText.replace("#", ""));
  const config = loadConfig();
  const app = await createApp(config, {
    logger: createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL),
  });
  try {
    const survey = await app.repos.surveys.get(id);
    if (!survey) {
      err(`kpibot: there is no survey #${id}.`);
      return EXIT.usage;
    }
    const result = await exportSurveyCsv(app.repos.surveyAnswers, survey, config.KPIBOT_TIMEZONE);
    if (!result.ok) {
      err(
        `kpibot: survey #${id} is anonymous and has ${result.respondents} respondent(s): exports start at 5, ` +
          "so that no answer can be traced to a person.",
      );
      return EXIT.failure;
    }
    if (opts.output) {
      writeFileSync(opts.output, result.csv);
      err(`Survey #${id}: ${result.rows} answers from ${result.respondents} respondents written to ${opts.output}.`);
    } else {
      process.stdout.write(result.csv);
    }
    await app.repos.audit.record({
      actor: `cli:${userInfo().username || "cli"}`,
      action: "survey.export",
      target: `survey:${id}`,
      details: { rows: result.rows, anonymous: survey.anonymous },
    });
    return EXIT.ok;
  } finally {
    await closeApp(app);
  }
}

/** Registers `kpibot survey export`. */
export function register(program: Command): void {
  const survey = program.command("survey").description("in-chat surveys (create and send them in the chat)");
  survey
    .command("export")
    .description("export a survey's answers as CSV (anonymous surveys: no identity, days only, 5 respondents minimum)")
    .argument("<id>", "survey number (as shown by `survey list` in the chat)")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action(async (id: string, opts: { output?: string }) => {
      const code = await exportCommand(id, opts);
      if (code !== EXIT.ok) process.exitCode = code;
    });
  survey.action(() => {
    out("Usage: kpibot survey export <id> [--output file]");
  });
}
