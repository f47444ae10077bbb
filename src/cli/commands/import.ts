import cliProgress from "cli-progress";
import type { Command } from "commander";
import { closeApp, createApp } from "../../app.js";
import { loadConfig } from "../../config.js";
import { importTickets } from "../../import/tickets.js";
import type { ImportSummary } from "../../import/types.js";
import { EXIT, err, out } from "../output.js";

/** Options every `kpibot import <family>` command takes. */
interface ImportCliOptions {
  source: string;
  dryRun?: boolean;
  json?: boolean;
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
    `  duration   ${(s.durationMs / 1000).toFixed(2)} s (${n(s.rowsPerSecond)} rows/s)`,
  ].join("\n");
}

/** Prints the first rejected rows and duplicate lines on stderr. */
function printIssues(s: ImportSummary): void {
  for (const r of s.rejections) err(`rejected line ${r.line}: ${r.reason}`);
  if (s.rejected > s.rejections.length)
    err(`… and ${n(s.rejected - s.rejections.length)} more rejected rows${s.reportPath ? ` in ${s.reportPath}` : ""}`);
  for (const d of s.duplicateLines) err(`duplicate line ${d.line}: ${d.reason}`);
  if (s.duplicates > s.duplicateLines.length)
    err(`… and ${n(s.duplicates - s.duplicateLines.length)} more duplicate lines`);
}

/** Runs one file import against DATABASE_URL (migrated first) and reports it; sets the exit code. */
async function runImportCommand(file: string, opts: ImportCliOptions, run: typeof importTickets): Promise<void> {
  const app = await createApp(loadConfig());
  const bar = progressBar();
  let summary: ImportSummary;
  try {
    summary = await run(app, file, { source: opts.source, dryRun: opts.dryRun === true, onProgress: bar.onProgress });
  } finally {
    bar.stop();
    await closeApp(app);
  }
  printIssues(summary);
  out(opts.json === true ? JSON.stringify(summary, null, 2) : formatSummary(summary));
  process.exitCode = summary.rejected > 0 ? EXIT.failure : EXIT.ok;
}

/** `kpibot import tickets FILE.csv [--source NAME] [--dry-run] [--json]`. */
export function register(program: Command): void {
  const imp = program.command("import").description("import data from files (canonical CSV formats)");
  imp
    .command("tickets")
    .description("import or update tickets from a canonical CSV file (upsert by source + external_id)")
    .argument("<file>", "CSV file with the canonical ticket header")
    .option("--source <name>", "source system name; with external_id it identifies a ticket", "csv")
    .option("--dry-run", "validate and compare with the database without writing anything")
    .option("--json", "print the summary as JSON on stdout")
    .addHelpText(
      "after",
      "\nExit codes: 0 all rows imported, 1 some rows rejected (see FILE.rejected.csv), 2 unreadable file or wrong header.",
    )
    .action((file: string, opts: ImportCliOptions) => runImportCommand(file, opts, importTickets));
}
