import cliProgress from "cli-progress";
import type { Command } from "commander";
import type { App } from "../../app.js";
import { closeApp, createApp } from "../../app.js";
import { loadConfig } from "../../config.js";
import { KpibotError } from "../../errors.js";
import { delimiterOption } from "../../import/detect.js";
import { compileMapping, familyFor, TABLE_FAMILIES, type TableFamilyName } from "../../import/families/index.js";
import {
  importSurveyAnswers,
  SURVEY_ANSWER_HEADER,
  SURVEY_ANSWER_KINDS,
} from "../../import/families/survey-answers.js";
import { loadMappingFile } from "../../import/mapping.js";
import { bindMapping } from "../../import/mapping-binder.js";
import { runImport } from "../../import/pipeline.js";
import { PRESET_NAMES, type PresetName } from "../../import/presets.js";
import { INPUT_FORMATS, type InputFormat, type ReadOptions } from "../../import/read-records.js";
import { importTickets } from "../../import/tickets.js";
import type { ImportOptions, ImportSummary } from "../../import/types.js";
import { onTicketsResolved, type TicketSurveyReport } from "../../surveys/index.js";
import { EXIT, err, out } from "../output.js";
import type { MessengerFactory } from "../platform.js";

/** Options every `kpibot import <family>` command takes. */
interface ImportCliOptions {
  source: string;
  dryRun?: boolean;
  json?: boolean;
  format?: InputFormat;
  encoding?: string;
  delimiter?: string;
  mapping?: string;
  preset?: string;
}

const n = (x: number) => x.toLocaleString("en-US");
const mb = (bytes: number) => (bytes / 1_000_000).toFixed(1);

/** A byte-progress bar on stderr, only when stderr is a terminal (nothing in logs and pipes). */
function progressBar(): { onProgress?: (read: number, total: number | undefined) => void; stop(): void } {
  if (!process.stderr.isTTY) return { stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "importing |{bar}| {percentage}% | {read}/{size} MB | eta {eta_formatted}",
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(read, total) {
      if (total === undefined) return;
      if (!started) {
        bar.start(total, 0, { read: mb(0), size: mb(total) });
        started = true;
      }
      bar.update(read, { read: mb(read) });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** The human summary printed on stdout. */
export function formatSummary(s: ImportSummary): string {
  const head = s.dryRun
    ? `Dry run of ${s.fileName ?? "input"} (${s.kind}, source "${s.source}"): nothing was written.`
    : `Imported ${s.fileName ?? "input"} into ${s.kind} (source "${s.source}").`;
  const w = Math.max(
    1,
    ...[s.rows, s.inserted, s.updated, s.unchanged, s.duplicates, s.rejected].map((x) => n(x).length),
  );
  const row = (label: string, x: number, note = "") => `  ${label.padEnd(11)}${n(x).padStart(w)}${note}`;
  return [
    head,
    row("rows", s.rows),
    row(s.dryRun ? "to insert" : "inserted", s.inserted),
    row(s.dryRun ? "to update" : "updated", s.updated),
    row("unchanged", s.unchanged),
    row("duplicates", s.duplicates, s.duplicates > 0 ? "  (same key on several lines: the later line wins)" : ""),
    row("rejected", s.rejected, s.reportPath ? `  (details: ${s.reportPath})` : ""),
    // Only when the file crossed a clock change: most imports never do, and their summary stays as it was.
    ...(s.repeatedHourResolved > 0
      ? [
          `  repeated hour: ${n(s.repeatedHourResolved)} ${s.repeatedHourResolved === 1 ? "row" : "rows"} whose times in the hour repeated when the clocks went back were read in the row's order (opened ≤ first response ≤ resolved ≤ closed)`,
        ]
      : []),
    ...(s.skippedHourShifted > 0
      ? [
          `  skipped hour: ${n(s.skippedHourShifted)} ${s.skippedHourShifted === 1 ? "row" : "rows"} with a time in the hour skipped when the clocks went forward, read at the offset before the change`,
        ]
      : []),
    ...(s.ticketSurveys ? [ticketSurveyLine(s.ticketSurveys)] : []),
    `  duration   ${(s.durationMs / 1000).toFixed(2)} s (${n(s.rowsPerSecond)} rows/s)`,
  ].join("\n");
}

/** What became of the ticket surveys of the tickets this import resolved, and why some were not sent. */
export function ticketSurveyLine(r: TicketSurveyReport): string {
  const why = [
    r.recent > 0 ? `${n(r.recent)} skipped (the requester had one less than a week ago)` : "",
    r.unmapped > 0
      ? `${n(r.unmapped)} not sent (no requester e-mail, or nobody with it on a connected chat platform)`
      : "",
    r.already > 0 ? `${n(r.already)} already sent` : "",
    r.ignored > 0 ? `${n(r.ignored)} ignored (resolved more than 7 days ago)` : "",
    r.failed > 0 ? `${n(r.failed)} failed (the chat platform refused; see the log)` : "",
  ].filter(Boolean);
  return `  ticket surveys: ${n(r.sent)} sent${why.length > 0 ? `; ${why.join("; ")}` : ""}`;
}

/** Prints the first rejected rows and duplicate lines on stderr. */
function printIssues(s: ImportSummary): void {
  for (const r of s.rejections) err(`rejected line ${r.line}: ${r.reason}`);
  if (s.rejected > s.rejections.length)
    err(`… and ${n(s.rejected - s.rejections.length)} more rejected rows${s.reportPath ? ` in ${s.reportPath}` : ""}`);
  for (const d of s.duplicateLines) err(`duplicate line ${d.line}: ${d.reason}`);
  if (s.duplicates > s.duplicateLines.length)
    err(`… and ${n(s.duplicates - s.duplicateLines.length)} more duplicate lines`);
  for (const l of s.localTimeLines) err(`clock change line ${l.line}: ${l.reason}`);
  // A row can count in both (a ticket open from March to October), so the rest is not a plain difference.
  if (s.repeatedHourResolved + s.skippedHourShifted > s.localTimeLines.length)
    err(`… and more rows read at a clock change (the first ${s.localTimeLines.length} are shown)`);
}

/** Runs one file import against DATABASE_URL (migrated first) and reports it; sets the exit code. */
async function runImportCommand(
  file: string,
  opts: ImportCliOptions,
  run: (app: App, file: string, opts: ImportOptions) => Promise<ImportSummary>,
): Promise<void> {
  const app = await createApp(loadConfig());
  const bar = progressBar();
  let summary: ImportSummary;
  try {
    const read: ReadOptions = {
      ...(opts.format === undefined ? {} : { format: opts.format }),
      ...(opts.encoding === undefined ? {} : { encoding: opts.encoding }),
      ...(opts.delimiter === undefined ? {} : { delimiter: delimiterOption(opts.delimiter) }),
    };
    summary = await run(app, file, {
      source: opts.source,
      dryRun: opts.dryRun === true,
      onProgress: bar.onProgress,
      read,
    });
  } finally {
    bar.stop();
    await closeApp(app);
  }
  printIssues(summary);
  out(opts.json === true ? JSON.stringify(summary, null, 2) : formatSummary(summary));
  process.exitCode = summary.rejected > 0 ? EXIT.failure : EXIT.ok;
}

const EXIT_HELP =
  "\nExit codes: 0 all rows imported, 1 some rows rejected (see FILE.rejected.csv), 2 unreadable file, wrong header or bad option.";

/** What each family command says about itself. */
const FAMILY_HELP: Record<TableFamilyName, { what: string; key: string }> = {
  tickets: { what: "tickets (incidents and requests)", key: "source + external_id" },
  costs: { what: "cost lines (actual and budget per period and category)", key: "period_start + category + service" },
  assets: { what: "asset counts (assets of a type in service on a date)", key: "asset_type + date" },
  staff: { what: "staff allocations (FTE per team from a date)", key: "team + date" },
  time: { what: "time entries (hours per team, person, day and activity)", key: "team + person + date + activity" },
  portal: { what: "self-service portal usage (per month or day)", key: "date + granularity" },
  changes: { what: "changes and deployments", key: "source + external_id" },
  "shadow-it": { what: "shadow-IT findings", key: "external_id" },
};

/** Adds the options every family command shares. */
function commonOptions(cmd: Command): Command {
  return cmd
    .option("--source <name>", "source system name (part of the key of tickets and changes)", "csv")
    .option("--format <format>", `input format: ${INPUT_FORMATS.join(", ")} (default: by extension, else csv)`)
    .option("--encoding <name>", "CSV encoding, e.g. utf-8, windows-1252 (default: detected)")
    .option("--delimiter <char>", "CSV delimiter: , ; tab | (default: detected)")
    .option("--mapping <file>", "YAML or JSON mapping: export columns and values → canonical fields")
    .option("--dry-run", "validate and compare with the database without writing anything")
    .option("--json", "print the summary as JSON on stdout");
}

function checkFormat(format: string | undefined): InputFormat | undefined {
  if (format === undefined) return undefined;
  if ((INPUT_FORMATS as readonly string[]).includes(format)) return format as InputFormat;
  throw new KpibotError("INPUT_INVALID", `--format must be one of ${INPUT_FORMATS.join(", ")}, got "${format}"`);
}

function checkPreset(preset: string | undefined): PresetName | undefined {
  if (preset === undefined) return undefined;
  if ((PRESET_NAMES as readonly string[]).includes(preset)) return preset as PresetName;
  throw new KpibotError("INPUT_INVALID", `--preset must be one of ${PRESET_NAMES.join(", ")}, got "${preset}"`);
}

/** `kpibot import <family> FILE [--source NAME] [--format F] [--mapping FILE] [--preset TOOL] [--dry-run] [--json]`. */
export function register(program: Command, messengers?: MessengerFactory): void {
  const imp = program.command("import").description("import data from files (CSV, JSON, NDJSON; canonical or mapped)");
  for (const name of TABLE_FAMILIES) {
    const help = FAMILY_HELP[name];
    const cmd = commonOptions(
      imp
        .command(name)
        .description(`import or update ${help.what} (upsert by ${help.key})`)
        .argument("<file>", `file with the canonical ${name} header, or an export read through --preset/--mapping`),
    );
    if (name === "tickets") cmd.option("--preset <tool>", `ticket export of ${PRESET_NAMES.join(", ")}`);
    cmd
      .addHelpText("after", `${EXIT_HELP}\nHeaders and mappings: see docs/imports.md.`)
      .action(async (file: string, opts: ImportCliOptions) => {
        const format = checkFormat(opts.format);
        const preset = checkPreset(opts.preset);
        const mapping = opts.mapping === undefined ? undefined : loadMappingFile(opts.mapping);
        await runImportCommand(file, { ...opts, format }, async (app, f, o) => {
          const timezone = app.config.KPIBOT_TIMEZONE;
          const family = familyFor(name, { timezone });
          const mapped = compileMapping(name, family.header, { preset, mapping }, timezone);
          const full = { ...o, ...(mapped ? { mapped } : {}) };
          if (name !== "tickets") return runImport(app, family, f, full);
          // Newly resolved tickets get the one-question CSAT when KPIBOT_TICKET_SURVEYS=on (needs the platforms).
          const surveys =
            app.config.KPIBOT_TICKET_SURVEYS === "on" && messengers && !o.dryRun ? await messengers(app) : undefined;
          const sent: TicketSurveyReport = { sent: 0, already: 0, recent: 0, unmapped: 0, ignored: 0, failed: 0 };
          const onResolved = surveys
            ? async (ids: number[]) => {
                const report = await onTicketsResolved(app, ids, surveys);
                for (const key of Object.keys(sent) as (keyof TicketSurveyReport)[]) sent[key] += report[key];
              }
            : undefined;
          const summary = await importTickets(app, f, { ...full, timezone, ...(onResolved ? { onResolved } : {}) });
          return surveys ? { ...summary, ticketSurveys: sent } : summary;
        });
      });
  }
  commonOptions(
    imp
      .command("survey-answers")
      .description("import survey answers (creates missing surveys and questions; upsert by question + respondent)")
      .argument("<file>", "file with the canonical survey-answers header"),
  )
    .addHelpText(
      "after",
      `${EXIT_HELP}\nAnonymous surveys need KPIBOT_SECRET: the respondent is stored as an HMAC, never in clear.`,
    )
    .action(async (file: string, opts: ImportCliOptions) => {
      const format = checkFormat(opts.format);
      const mapping = opts.mapping === undefined ? undefined : loadMappingFile(opts.mapping);
      await runImportCommand(file, { ...opts, format }, async (app, f, o) => {
        const timezone = app.config.KPIBOT_TIMEZONE;
        const mapped = mapping && {
          bind: bindMapping(mapping, SURVEY_ANSWER_HEADER, SURVEY_ANSWER_KINDS, timezone),
          columns: Object.keys(mapping.columns),
        };
        return importSurveyAnswers(app, f, {
          ...o,
          ...(mapped ? { mapped } : {}),
          timezone,
          secret: app.config.KPIBOT_SECRET,
        });
      });
    });
}
