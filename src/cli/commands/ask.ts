import { writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import type { Command } from "commander";
import { type App, closeApp, createApp } from "../../app.js";
import { executeInteraction, type Outcome } from "../../commands/index.js";
import { loadConfig } from "../../config.js";
import { fixedClock, systemClock } from "../../core/clock.js";
import type { ConversationRef, Interaction, Platform } from "../../core/interaction.js";
import { toKpiJson } from "../../kpi/index.js";
import { createLogger } from "../../logger.js";
import { renderJson } from "../../reply/render-json.js";
import { renderText } from "../../reply/render-text.js";
import type { ChartSpec, Reply } from "../../reply/types.js";
import { EXIT, err, out } from "../output.js";
import { type MessengerFactory, withMessengers } from "../platform.js";

const PLATFORMS: readonly Platform[] = ["slack", "teams", "mattermost", "matrix", "playground", "cli"];

/** `slack:C123` → { platform: slack, id: C123 }; an id without a known platform prefix keeps the whole text. */
export function splitRef(text: string): { platform?: Platform; id: string } {
  const colon = text.indexOf(":");
  const prefix = colon > 0 ? text.slice(0, colon).toLowerCase() : "";
  if (PLATFORMS.includes(prefix as Platform) && colon < text.length - 1) {
    return { platform: prefix as Platform, id: text.slice(colon + 1) };
  }
  return { id: text };
}

interface AskOptions {
  json?: boolean;
  chart?: string;
  now?: string;
  user?: string;
  channel?: string;
  locale?: string;
}

class UsageError extends Error {}

/** Who asks, where: `--user` and `--channel` (platform cli unless a prefix says otherwise). */
function interactionFor(text: string, o: AskOptions): Interaction {
  const channel = splitRef(o.channel ?? "terminal");
  const user = splitRef(o.user ?? (userInfo().username || "cli"));
  if (channel.platform && user.platform && channel.platform !== user.platform) {
    throw new UsageError(`--user is on ${user.platform} but --channel on ${channel.platform}: use one platform`);
  }
  const platform = channel.platform ?? user.platform ?? "cli";
  // A stored reference keeps its Slack team / Teams service URL: the core only adds to it.
  const conversation: ConversationRef = { platform, conversationId: channel.id };
  return {
    kind: "command",
    text,
    user: { platform, id: user.id },
    conversation,
    ...(o.locale ? { locale: o.locale } : {}),
  };
}

function firstChart(reply: Reply): ChartSpec | undefined {
  for (const block of reply.blocks) if (block.type === "chart") return block.spec;
  return undefined;
}

/** Writes the reply's chart to a file: local PNG bytes, or the QuickChart image downloaded from its URL. */
async function writeChart(app: App, reply: Reply, file: string): Promise<number> {
  const spec = firstChart(reply);
  if (!spec) {
    err("kpibot: this answer has no chart; no file written.");
    return EXIT.failure;
  }
  const image = await app.charts.render(spec);
  if (image.kind === "png") {
    writeFileSync(file, image.bytes);
    err(`Chart written to ${file} (${image.width}×${image.height} PNG, rendered locally).`);
    return EXIT.ok;
  }
  try {
    const res = await fetch(image.url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    err(`Chart written to ${file} (downloaded from QuickChart: ${image.url}).`);
    return EXIT.ok;
  } catch (e) {
    err(`kpibot: could not download the QuickChart image (${(e as Error).message}); its URL is:\n${image.url}`);
    return EXIT.failure;
  }
}

function exitCodeOf(outcome: Outcome): number {
  switch (outcome.kind) {
    case "problem":
      return EXIT.usage;
    case "denied":
    case "error":
      return EXIT.failure;
    default:
      return EXIT.ok;
  }
}

async function ask(words: string[], o: AskOptions, messengers: MessengerFactory | undefined): Promise<number> {
  const text = words.join(" ");
  let now: Date | undefined;
  if (o.now !== undefined) {
    now = new Date(o.now);
    if (Number.isNaN(now.getTime())) {
      err(`kpibot: --now must be an ISO-8601 instant such as 2026-11-15T09:00:00+01:00 (got "${o.now}")`);
      return EXIT.usage;
    }
  }
  if (o.locale !== undefined && o.locale !== "en" && o.locale !== "fr") {
    err(`kpibot: --locale must be en or fr (got "${o.locale}")`);
    return EXIT.usage;
  }
  const config = loadConfig();
  // Logs go to stderr; keep them quiet unless LOG_LEVEL asks, so the answer stands out.
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
  // With a platform configured, `digest send #3` or `survey send …` posts from here too.
  const app = await withMessengers(
    await createApp(config, { logger, clock: now ? fixedClock(now) : systemClock }),
    messengers,
  );
  try {
    let interaction: Interaction;
    try {
      interaction = interactionFor(text, o);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      err(`kpibot: ${e.message}`);
      return EXIT.usage;
    }
    const outcome = await executeInteraction(app, interaction);
    const code = exitCodeOf(outcome);
    if (code !== EXIT.ok) {
      err(renderText(outcome.reply));
      return code;
    }
    if (o.json) {
      const data = outcome.kind === "kpi" ? toKpiJson(outcome.result) : renderJson(outcome.reply);
      out(JSON.stringify(data, null, 2));
    } else {
      out(renderText(outcome.reply));
    }
    return o.chart ? await writeChart(app, outcome.reply, o.chart) : EXIT.ok;
  } finally {
    await closeApp(app);
  }
}

/** `kpibot ask "<command>"`: the whole /kpi language from the terminal, as a chat user in a conversation. */
export function register(program: Command, messengers?: MessengerFactory): void {
  program
    .command("ask")
    .description('answer a /kpi command, e.g. kpibot ask "fcr last month by group" (English or French)')
    .argument("<command...>", "the command, as typed after /kpi in the chat")
    .option("--json", "print the KPI result as JSON (other commands: the reply as JSON)")
    .option("--chart <file>", "write the answer's chart image (PNG) to this file")
    .option("--now <iso>", "fix 'now' (ISO-8601) so relative periods are reproducible")
    .option("--user <id>", "act as this chat user: an id, or platform:id (e.g. slack:U123)")
    .option(
      "--channel <ref>",
      "act in this conversation: platform:conversationId (e.g. slack:C0123, teams:19:abc@thread.tacv2)",
    )
    .option("--locale <en|fr>", "reply language, as a platform locale would set it")
    .action(async (words: string[], o: AskOptions) => {
      process.exitCode = await ask(words, o, messengers);
    });
}
