import cliProgress from "cli-progress";
import { type Command, InvalidArgumentError } from "commander";
import { DateTime } from "luxon";
import { closeApp, createApp } from "../../app.js";
import { loadConfig } from "../../config.js";
import { KpibotError } from "../../errors.js";
import { safeUrl } from "../../logger.js";
import { SEED_DEFAULTS, type SeedProgress, type SeedSummary, seedDemo } from "../../seed/index.js";
import { err, out } from "../output.js";

/** Options of `kpibot seed`, as commander parses them. */
interface SeedCliOptions {
  tickets: number;
  months: number;
  seed: string;
  now?: string;
  reset?: boolean;
  json?: boolean;
}

const n = (x: number) => x.toLocaleString("en-US");

function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const x = Number(value);
    if (!/^\d+$/.test(value) || x < min || x > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return x;
  };
}

/** Parses --now: ISO-8601; without an offset it is read in the organisation's time zone. */
export function parseNow(value: string, zone: string): Date {
  const dt = DateTime.fromISO(value, { zone, setZone: true });
  if (!dt.isValid)
    throw new KpibotError(
      "INPUT_INVALID",
      `--now must be an ISO-8601 date-time such as 2026-03-15T10:00:00Z, got "${value}"`,
    );
  return dt.toJSDate();
}

/** A seed given as digits is a number; anything else is used as text. */
function seedValue(value: string): number | string {
  return /^\d{1,9}$/.test(value) ? Number(value) : value;
}

/** Progress on stderr: a bar on a terminal, a line every 10 % otherwise (logs and CI stay readable). */
export function seedProgress(tty = process.stderr.isTTY === true): {
  onProgress: (p: SeedProgress) => void;
  stop(): void;
} {
  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: "seeding {phase} |{bar}| {percentage}% | {value}/{total} | eta {eta_formatted}",
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let phase = "";
    return {
      onProgress(p) {
        if (p.phase !== phase) {
          if (phase !== "") bar.stop();
          phase = p.phase;
          bar.start(p.total, p.done, { phase: p.phase === "other" ? "other data" : p.phase });
        } else bar.update(p.done);
      },
      stop: () => {
        if (phase !== "") bar.stop();
      },
    };
  }
  let next = 10;
  return {
    onProgress(p) {
      if (p.phase !== "tickets") return;
      const pct = Math.floor((100 * p.done) / Math.max(1, p.total));
      if (pct >= next || p.done === p.total) {
        err(`seed: ${n(p.done)}/${n(p.total)} tickets (${pct}%)`);
        next = pct - (pct % 10) + 10;
      }
    },
    stop: () => undefined,
  };
}

/** The human summary printed on stdout. */
export function formatSeedSummary(s: SeedSummary, where: string): string {
  const w = Math.max(...Object.values(s.rows).map((x) => n(x).length));
  const lines = Object.entries(s.rows).map(
    ([table, count]) =>
      `  ${table.padEnd(20)}${n(count).padStart(w)}${table === "tickets" ? `  (${n(s.openTickets)} still open)` : ""}`,
  );
  return [
    `Seeded demo data into ${where}: seed ${s.seed}, ${s.months} months from ${s.from.toISOString()} to ${s.now.toISOString()}.`,
    ...lines,
    `  duration ${(s.durationMs / 1000).toFixed(1)} s (${n(Math.round(s.tickets / Math.max(0.001, s.durationMs / 1000)))} tickets/s)`,
  ].join("\n");
}

async function runSeed(opts: SeedCliOptions): Promise<void> {
  const config = loadConfig();
  const now = opts.now === undefined ? new Date() : parseNow(opts.now, config.KPIBOT_TIMEZONE);
  const app = await createApp(config);
  const progress = seedProgress();
  let summary: SeedSummary;
  try {
    summary = await seedDemo(app.repos, {
      tickets: opts.tickets,
      months: opts.months,
      seed: seedValue(opts.seed),
      now,
      reset: opts.reset === true,
      timezone: config.KPIBOT_TIMEZONE,
      currency: config.KPIBOT_CURRENCY,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
    await closeApp(app);
  }
  const where = `${app.db.provider} (${safeUrl(config.DATABASE_URL)})`;
  out(opts.json === true ? JSON.stringify(summary, null, 2) : formatSeedSummary(summary, where));
}

/** `kpibot seed [--tickets N] [--months M] [--seed S] [--now ISO] [--reset] [--json]`. */
export function register(program: Command): void {
  program
    .command("seed")
    .description("fill the database with deterministic demo data for every KPI family, ending now")
    .option("--tickets <n>", "number of tickets", wholeNumber(1, 20_000_000), SEED_DEFAULTS.tickets)
    .option(
      "--months <m>",
      "whole months of history before the current month",
      wholeNumber(1, 120),
      SEED_DEFAULTS.months,
    )
    .option("--seed <s>", "random seed: the same seed and --now give the same data", String(SEED_DEFAULTS.seed))
    .option("--now <iso>", "end of the data (default: the current time); no offset = KPIBOT_TIMEZONE")
    .option("--reset", "empty the demo tables first (deletes all their rows, imported ones too)")
    .option("--json", "print the summary as JSON on stdout")
    .addHelpText(
      "after",
      "\nExit codes: 0 seeded, 1 failure, 2 bad option or a database that already has data (use --reset).",
    )
    .action((opts: SeedCliOptions) => runSeed(opts));
}
