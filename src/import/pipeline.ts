import { statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { systemClock } from "../core/clock.js";
import { KpibotError } from "../errors.js";
import { keyOf, type PendingRow } from "../store/batch-upsert.js";
import { sourceOfTable } from "../store/data-versions.js";
import type { RunCounts } from "../store/repositories.js";
import { ANALYZE_MIN_ROWS } from "../store/statistics.js";
import { type ParsedItem, type ParseRowsOptions, parseRows } from "./parse-rows.js";
import { ISSUES_KEPT, RejectReport, rejectedReportPath } from "./report.js";
import type { ImportFamily, ImportInput, ImportOptions, ImportSummary, ImportTarget, RowIssue } from "./types.js";
import { parseRowsInWorker } from "./worker-host.js";

/** Rows per transaction unless told otherwise. */
export const DEFAULT_BATCH_SIZE = 5000;
/** Files from this size are parsed in a worker thread by default (starting one costs ~50 ms). */
export const PARALLEL_MIN_BYTES = 4 << 20;

interface Counters extends RunCounts {
  duplicates: number;
}

function checkSource(source: string): string {
  const s = source.trim();
  if (s === "" || s.length > 100)
    throw new KpibotError("INPUT_INVALID", "the source name must be 1 to 100 characters (e.g. --source glpi)");
  return s;
}

/** Picks where rows are parsed: a worker thread for big files (when the family allows it), else here. */
function rowSource<Row>(
  family: ImportFamily<Row>,
  input: ImportInput,
  parallel: boolean | undefined,
  opts: ParseRowsOptions,
): AsyncGenerator<ParsedItem<Row>[]> {
  if (typeof input === "string" && family.module !== undefined) {
    let big = false;
    try {
      big = statSync(input).size >= PARALLEL_MIN_BYTES;
    } catch {
      // parseRows reports an unreadable file properly
    }
    if (parallel ?? big) return parseRowsInWorker(family, input, opts);
  }
  return parseRows(family, input, opts);
}

/**
 * Runs one import: read CSV → match the header → validate each row → upsert in batches (one
 * SELECT of the batch's keys, then only new/changed rows written, in one transaction) → report.
 * Rejected rows are counted and reported, never fatal; an unreadable file or a wrong header throws
 * INPUT_INVALID. A key repeated in the file: the later line wins. Records an `import_runs` row
 * unless dryRun.
 */
export async function runImport<Row>(
  target: ImportTarget,
  family: ImportFamily<Row>,
  input: ImportInput,
  opts: ImportOptions<Row> = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const { imports, importRuns } = target.repos;
  const clock = target.clock ?? systemClock;
  const source = checkSource(opts.source ?? "csv");
  const dryRun = opts.dryRun ?? false;
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  const fileName = typeof input === "string" ? basename(input) : (opts.fileName ?? null);
  const label = fileName ?? "input";
  const report = new RejectReport(
    opts.reportPath !== undefined
      ? opts.reportPath
      : typeof input === "string"
        ? resolve(rejectedReportPath(input))
        : null,
  );
  const counts: Counters = { total: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, duplicates: 0 };
  const duplicateLines: RowIssue[] = [];
  const local = { repeatedHour: 0, skippedHour: 0, lines: [] as RowIssue[] };
  const runId = dryRun ? null : await importRuns.start({ kind: family.kind, source, fileName, startedAt: clock.now() });

  const keyPositions = family.keyColumns.map((c) => family.columns.indexOf(c));
  const shownKey = family.keyColumns.flatMap((c, j) =>
    c === "source" ? [] : [[c, keyPositions[j] as number] as const],
  );
  let batch = new Map<string, PendingRow<Row>>();
  const seen = new Map<string, number>(); // key → last line, for "the later line wins" across batches

  // One batch is written while the next one is read and validated (the database works while
  // JavaScript parses); writes stay strictly in order, so a batch sees every earlier batch's rows.
  let writing: Promise<void> = Promise.resolve();
  let writeError: { error: unknown } | undefined;
  const write = async (rows: PendingRow<Row>[]) => {
    const outcome = await imports.upsertBatch(family, rows, { dryRun, now: clock.now() });
    counts.inserted += outcome.inserted;
    counts.updated += outcome.updated;
    counts.unchanged += outcome.unchanged;
    if (!dryRun && opts.onBatchWritten !== undefined) await opts.onBatchWritten(outcome.written);
  };
  const settle = async () => {
    await writing;
    if (writeError !== undefined) throw writeError.error;
  };
  const flush = async () => {
    await settle();
    if (batch.size === 0) return;
    const rows = [...batch.values()];
    batch = new Map();
    writing = write(rows).catch((error: unknown) => {
      writeError = { error };
    });
  };

  try {
    const chunks = rowSource(family, input, opts.mapped === undefined ? opts.parallel : false, {
      label,
      read: opts.read,
      bind: opts.mapped?.bind,
      expected: opts.mapped?.columns,
      onHeader: (fields) => report.setHeader(fields),
      onProgress: opts.onProgress,
    });
    for await (const items of chunks) {
      for (const item of items) {
        counts.total++;
        if (item.reason !== undefined) {
          await report.add(item.line, item.reason, item.fields);
          continue;
        }
        if (item.note !== undefined) {
          if (item.note.repeatedHour) local.repeatedHour++;
          if (item.note.skippedHour) local.skippedHour++;
          if (local.lines.length < ISSUES_KEPT) local.lines.push({ line: item.line, reason: item.note.reason });
        }
        const values = family.toValues(item.row, source);
        const key = keyOf(values, keyPositions);
        const earlier = seen.get(key);
        let repeat = false;
        if (earlier !== undefined) {
          // The later line wins; the key is counted once (as inserted/updated/unchanged) by its first batch.
          counts.duplicates++;
          repeat = batch.get(key)?.repeat ?? true;
          if (duplicateLines.length < ISSUES_KEPT) {
            const what = shownKey.map(([c, pos]) => `${c} ${JSON.stringify(values[pos])}`).join(", ");
            duplicateLines.push({ line: item.line, reason: `${what} repeats line ${earlier}; this later line wins` });
          }
        }
        seen.set(key, item.line);
        const update = opts.updateColumns?.(item.row);
        batch.set(key, { line: item.line, row: item.row, values, key, repeat, ...(update ? { update } : {}) });
        if (batch.size >= batchSize) await flush();
      }
    }
    await flush();
    await settle();
  } catch (e) {
    await writing; // never leave a transaction running behind the error
    counts.rejected = report.count;
    if (report.count > 0) await report.close().catch(() => null); // keep what was rejected before the stop
    if (runId !== null)
      await importRuns
        .finish(runId, { status: "failed", finishedAt: clock.now(), counts, reportPath: null })
        .catch((fe: unknown) => target.logger?.warn({ err: fe }, "could not record the failed import run"));
    throw e;
  }

  counts.rejected = report.count;
  const reportPath = await report.close();
  if (runId !== null) await importRuns.finish(runId, { status: "done", finishedAt: clock.now(), counts, reportPath });
  // The source's data is as of now (docs/numbers.md, "Freshness"): an import that accepted rows, even all unchanged.
  const written = sourceOfTable(family.table);
  if (!dryRun && written && counts.inserted + counts.updated + counts.unchanged > 0) {
    await target.repos.sourceFreshness?.record([written], {
      at: clock.now(),
      via: opts.via ?? "import",
      detail: opts.via && opts.via !== "import" ? source : (fileName ?? source),
    });
  }
  // A big load leaves the planner's statistics behind: refresh them so the next KPI answers get good plans.
  if (!dryRun && counts.inserted + counts.updated >= ANALYZE_MIN_ROWS) await imports.analyze([family.table]);
  const durationMs = performance.now() - started;
  const summary: ImportSummary = {
    kind: family.kind,
    source,
    fileName,
    dryRun,
    rows: counts.total,
    inserted: counts.inserted,
    updated: counts.updated,
    unchanged: counts.unchanged,
    duplicates: counts.duplicates,
    rejected: counts.rejected,
    rejections: report.first,
    duplicateLines,
    repeatedHourResolved: local.repeatedHour,
    skippedHourShifted: local.skippedHour,
    localTimeLines: local.lines,
    reportPath,
    runId,
    durationMs,
    rowsPerSecond: durationMs > 0 ? Math.round((counts.total * 1000) / durationMs) : 0,
  };
  target.logger?.debug(
    { import: { ...summary, rejections: undefined, duplicateLines: undefined, localTimeLines: undefined } },
    "import finished",
  );
  return summary;
}
