import { Command, CommanderError } from "commander";
import { register as registerAsk } from "./commands/ask.js";
import { register as registerDb } from "./commands/db.js";
import { register as registerDigest } from "./commands/digest.js";
import { register as registerImport } from "./commands/import.js";
import { register as registerSeed } from "./commands/seed.js";
import { register as registerStart, type StartServer } from "./commands/start.js";
import { register as registerSurvey } from "./commands/survey.js";
import { register as registerSync } from "./commands/sync.js";
import { EXIT, reportError } from "./output.js";
import type { MessengerFactory } from "./platform.js";

/** What the composition root (adapters/) lends the CLI: the server to start, the platforms' messengers. */
export interface CliPlatform {
  start?: StartServer;
  messengers?: MessengerFactory;
}

/** Builds the kpibot CLI (exported so tests can run it in-process). */
export function buildProgram(platform: CliPlatform = {}): Command {
  const program = new Command("kpibot")
    .description("kpibot — service-management KPIs in Slack, Teams and a local playground")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerStart(program, platform.start);
  registerAsk(program, platform.messengers);
  registerDb(program);
  registerDigest(program, platform.messengers);
  registerImport(program, platform.messengers);
  registerSeed(program);
  registerSurvey(program);
  registerSync(program);
  return program;
}

/** Runs the CLI with argv; returns the exit code instead of exiting (commands that serve keep running). */
export async function runCli(argv: string[], platform: CliPlatform = {}): Promise<number> {
  try {
    await buildProgram(platform).parseAsync(argv, { from: "user" });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(e);
  }
}
