import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { type App, closeApp, createApp } from "../../app.js";
import { loadConfig } from "../../config.js";
import { fixedClock, systemClock } from "../../core/clock.js";
import { previewDigest } from "../../digests/digest-build.js";
import { checkSpec } from "../../digests/digest-commands.js";
import { renderScheduled } from "../../digests/digest-job.js";
import { parseDigestCommand } from "../../digests/digest-parse.js";
import { toLocale } from "../../i18n/index.js";
import { scheduledJobs } from "../../jobs.js";
import { toKpiJson } from "../../kpi/index.js";
import { createLogger } from "../../logger.js";
import { markupToPlain } from "../../reply/markup.js";
import { renderJson } from "../../reply/render-json.js";
import { renderText } from "../../reply/render-text.js";
import type { Reply } from "../../reply/types.js";
import { planDue } from "../../scheduler/plan.js";
import { runDue } from "../../scheduler/run-due.js";
import { EXIT, err, out } from "../output.js";
import type { MessengerFactory } from "../platform.js";

interface PreviewOptions {
  now?: string;
  chart?: string;
  json?: boolean;
  locale?: string;
}

interface RunOptions {
  now?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** `--now` as a Date; undefined when absent; null (and a message) when unreadable. */
function readNow(text: string | undefined): Date | undefined | null {
  if (text === undefined) return undefined;
  const now = new Date(text);
  if (!Number.isNaN(now.getTime())) return now;
  err(`kpibot: --now must be an ISO-8601 instant such as 2026-11-16T08:30:00+01:00 (got "${text}")`);
  return null;
}

async function openApp(now: Date | undefined): Promise<App> {
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
  return createApp(loadConfig(), { logger, clock: now ? fixedClock(now) : systemClock });
}

async function writeChart(app: App, reply: Reply, file: string): Promise<number> {
  const block = reply.blocks.find((b) => b.type === "chart");
  if (block?.type !== "chart") {
    err("kpibot: this digest has no chart (no KPI with both a value and a target); no file written.");
    return EXIT.failure;
  }
  const image = await app.charts.render(block.spec);
  if (image.kind !== "png") {
    err(`kpibot: charts are rendered by QuickChart (KPIBOT_CHARTS=quickchart); the image is at:\n${image.url}`);
    return EXIT.ok;
  }
  writeFileSync(file, image.bytes);
  err(`Chart written to ${file} (${image.width}×${image.height} PNG).`);
  return EXIT.ok;
}

async function preview(words: string[], o: PreviewOptions): Promise<number> {
  const now = readNow(o.now);
  if (now === null) return EXIT.usage;
  const locale = toLocale(o.locale) ?? undefined;
  if (o.locale !== undefined && !locale) {
    err(`kpibot: --locale must be en or fr (got "${o.locale}")`);
    return EXIT.usage;
  }
  const parsed = parseDigestCommand(`preview ${words.join(" ")}`);
  if (!parsed.ok || parsed.command.type !== "preview") {
    const error = parsed.ok ? "" : `${parsed.error.code}${parsed.error.word ? `: ${parsed.error.word}` : ""}`;
    err(
      `kpibot: cannot read the digest (${error}). Example: kpibot digest preview "fcr,sla,mttr by group period last month"`,
    );
    return EXIT.usage;
  }
  const app = await openApp(now);
  try {
    const at = now ?? app.clock.now();
    const lang = locale ?? app.config.KPIBOT_LOCALE;
    const checked = checkSpec(parsed.command.spec, {
      now: at,
      defaultTimezone: app.config.KPIBOT_TIMEZONE,
      locale: lang,
    });
    if (!checked.ok) {
      err(`kpibot: ${markupToPlain(checked.text)}`);
      return EXIT.usage;
    }
    const content = await previewDigest(app, checked.spec, at, lang);
    if (o.json) {
      out(
        JSON.stringify(
          {
            period: {
              label: content.period.label,
              start: content.period.start.toISOString(),
              end: content.period.end.toISOString(),
            },
            timezone: checked.spec.timezone,
            empty: content.empty,
            kpis: content.results.map(toKpiJson),
            reply: renderJson(content.reply),
          },
          null,
          2,
        ),
      );
    } else {
      out(renderText(content.reply));
    }
    return o.chart ? await writeChart(app, content.reply, o.chart) : EXIT.ok;
  } finally {
    await closeApp(app);
  }
}

async function dryRun(app: App, now: Date, json: boolean): Promise<number> {
  const plans = await planDue(app, scheduledJobs(), now, { clock: systemClock });
  const store = app.repos.digests;
  const rendered: { id: number; fireTime: string; text: string }[] = [];
  for (const p of plans) {
    if (p.kind !== "digest" || p.action === "skip") continue;
    const s = await store.get(p.id);
    if (!s) continue;
    const content = await renderScheduled(app, s, p.fireTime);
    const skipped = content.empty && s.skipWhenEmpty ? "\n(would be skipped: no data)" : "";
    rendered.push({ id: p.id, fireTime: p.fireTime.toISOString(), text: `${renderText(content.reply)}${skipped}` });
  }
  if (json) {
    out(JSON.stringify({ now: now.toISOString(), dryRun: true, plans, digests: rendered }, null, 2));
    return EXIT.ok;
  }
  if (plans.length === 0) out(`Nothing due at ${now.toISOString()}.`);
  for (const p of plans)
    out(`${p.kind} #${p.id} ${p.fireTime.toISOString()} → would ${p.action}${p.detail ? ` (${p.detail})` : ""}`);
  for (const r of rendered) out(`\n--- digest #${r.id} for ${r.fireTime} ---\n${r.text}`);
  return EXIT.ok;
}

async function runDueCommand(o: RunOptions, given: MessengerFactory | undefined): Promise<number> {
  const now = readNow(o.now);
  if (now === null) return EXIT.usage;
  const factory = o.dryRun ? undefined : given;
  if (!o.dryRun && !factory) {
    err("kpibot: no chat platform is wired for posting from this command; use --dry-run to see what is due.");
    return EXIT.usage;
  }
  const app = await openApp(now);
  try {
    const at = now ?? app.clock.now();
    if (!factory) return await dryRun(app, at, o.json === true);
    // --now picks which fires are due (and the KPIs' instant); claims and leases use the real clock.
    const result = await runDue(app, scheduledJobs(), {
      messengers: await factory(app),
      now: at,
      clock: systemClock,
    });
    if (o.json) out(JSON.stringify(result, null, 2));
    else {
      if (result.events.length === 0) out(`Nothing due at ${at.toISOString()}.`);
      for (const e of result.events) {
        out(
          `${e.kind} #${e.id} ${e.fireTime.toISOString()} → ${e.outcome} (attempt ${e.attempts})${e.detail ? `: ${e.detail}` : ""}`,
        );
      }
    }
    const bad = new Set(["failed", "retry", "unknown"]);
    return result.events.some((e) => bad.has(e.outcome)) ? EXIT.failure : EXIT.ok;
  } finally {
    await closeApp(app);
  }
}

/**
 * `kpibot digest preview "<kpis>"` and `kpibot digest run-due`; also adds the digest/alert chat verbs
 * to `kpibot ask`. `messengers` builds the configured platforms' messengers (the composition root
 * lends it; without it run-due only accepts --dry-run).
 */
export function register(program: Command, messengers?: MessengerFactory): void {
  const digest = program
    .command("digest")
    .description("scheduled digests and alerts: preview a digest, run what is due");
  digest
    .command("preview")
    .description(
      'render a digest without posting it, e.g. kpibot digest preview "fcr,sla,mttr by group period last month"',
    )
    .argument("<kpis...>", "KPIs (comma-separated), then optionally: by <dimension>, tz <zone>, period <period>")
    .option("--now <iso>", "render as of this instant (ISO-8601)")
    .option("--chart <file>", "write the scorecard image (PNG) to this file")
    .option("--json", "print the KPI results and the reply as JSON")
    .option("--locale <en|fr>", "language of the digest (default KPIBOT_LOCALE)")
    .action(async (words: string[], o: PreviewOptions) => {
      process.exitCode = await preview(words, o);
    });
  digest
    .command("run-due")
    .description("run every digest fire and alert check due now, once across replicas (for an external cron)")
    .option("--now <iso>", "run as of this instant (ISO-8601)")
    .option("--dry-run", "show what is due and render the digests, without posting or logging anything")
    .option("--json", "print the outcome as JSON")
    .action(async (o: RunOptions) => {
      process.exitCode = await runDueCommand(o, messengers);
    });
}
