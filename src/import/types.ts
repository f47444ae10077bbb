import type { Readable } from "node:stream";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../logger.js";
import type { SqlParam } from "../store/db.js";
import type { Repositories, WrittenBatch } from "../store/repositories.js";
import type { HeaderBinder } from "./mapping-binder.js";
import type { ReadOptions } from "./read-records.js";

/** What an import needs from the app (an `App` fits; tests may pass `{ repos: prismaRepositories(db) }`). */
export interface ImportTarget {
  /** Where rows, runs and (for survey answers) surveys are stored. */
  repos: Pick<Repositories, "imports" | "importRuns" | "surveyImports"> &
    Partial<Pick<Repositories, "sourceFreshness">>;
  clock?: Clock;
  logger?: Logger;
}

/** Where rows come from: a file path (progress by bytes, report written beside it) or a stream. */
export type ImportInput = string | Readable;

/** The outcome of validating one record: a typed row (with a note when its reading needs one) or the reasons it was rejected. */
export type ParseResult<Row> = { ok: true; row: Row; note?: RowNote } | { ok: false; reason: string };

/** How an accepted row's local times were read at a clock change (counted in the summary). */
export interface RowNote {
  /** A time of the hour repeated when clocks go back took its second reading, which the row's order needs. */
  repeatedHour: boolean;
  /** A time falls in the hour skipped when clocks go forward; it was read at the offset before the change. */
  skippedHour: boolean;
  /** What was read, field by field. */
  reason: string;
}

/**
 * One importable family (tickets, costs, …): its canonical header, row validation and table
 * mapping. The pipeline (read → validate → batch upsert → report) is shared; a new family is a
 * new value of this interface, not a new pipeline.
 */
export interface ImportFamily<Row> {
  /** Name recorded in `import_runs.kind` and used in messages ("tickets"). */
  readonly kind: string;
  /** Target table. */
  readonly table: string;
  /** Canonical header: every column must be present (except `optional` ones), no other column is accepted. */
  readonly header: readonly string[];
  /** Columns of the header a file may leave out (read as empty cells): columns added after files were written. */
  readonly optional?: readonly string[];
  /** Validates one record: its raw cells in `header` order ("" = empty cell); must not keep the array. */
  parse(cells: readonly string[]): ParseResult<Row>;
  /** Table columns written, in the order `toValues` returns them (natural key columns included). */
  readonly columns: readonly string[];
  /** The natural key (a subset of `columns`) the upsert conflicts on; it needs a unique index. */
  readonly keyColumns: readonly string[];
  /** The row's values aligned with `columns` (`source` is the import's source name). */
  toValues(row: Row, source: string): SqlParam[];
  /** Column set to the import time on every write (e.g. "updated_at"); never compared. */
  readonly touchColumn?: string;
  /** Extra columns read back with existing rows (e.g. "id") for hooks; never compared or written. */
  readonly extraColumns?: readonly string[];
  /**
   * Where a worker thread can import this family from (module URL and export name; with `args`, the
   * export is a factory called with them), so big files are parsed off the main thread. Without it,
   * rows are always parsed on the main thread.
   */
  readonly module?: { url: string; name: string; args?: readonly unknown[] };
}

/** A row-level problem: the file line (header = line 1) and a reason a person can act on. */
export interface RowIssue {
  line: number;
  reason: string;
}

/** A batch that was committed, for post-commit hooks (surveys on resolved tickets, …). */
export type { WrittenBatch };

/** Options shared by every import. */
export interface ImportOptions<Row = unknown> {
  /** Source system name, part of the natural key (default "csv"). */
  source?: string;
  /** What is importing, recorded as the source's last write (default "import"; the webhook and syncs say so). */
  via?: "import" | "sync" | "webhook";
  /** Validate and classify against the database, but write nothing (no import_runs row either). */
  dryRun?: boolean;
  /** Rows per transaction (default 5000). */
  batchSize?: number;
  /** Where to write rejected rows (default: `<file>.rejected.csv` beside a file input; none for streams). */
  reportPath?: string | null;
  /** Name recorded for a stream input. */
  fileName?: string;
  /**
   * Parse in a worker thread while the main thread writes (default: for files of 4 MiB or more
   * whose family has a `module`). Ignored for stream inputs.
   */
  parallel?: boolean;
  /** Called as bytes are read (total is known for file inputs). */
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** Format (csv, json, ndjson), encoding and delimiter of the input; detected when not given. */
  read?: ReadOptions;
  /**
   * Reads another tool's export through a mapping (see `compileMapping`): `bind` shapes each record
   * into canonical cells; `columns` are the source columns it reads (kept in a JSON input's header).
   */
  mapped?: { bind: HeaderBinder; columns: readonly string[] };
  /** Called after each committed batch (not in dry runs). */
  onBatchWritten?: (batch: WrittenBatch<Row>) => Promise<void>;
  /**
   * The table columns an update of this row's stored record may write, when the row stands for a record
   * that carries only some fields (webhook, sync); undefined: every column.
   */
  updateColumns?: (row: Row) => readonly string[] | undefined;
}

/** What an import did. Every data row is counted once: inserted + updated + unchanged + duplicates + rejected = rows. */
export interface ImportSummary {
  /** Ticket imports with KPIBOT_TICKET_SURVEYS=on: what became of the surveys of the tickets they resolved. */
  ticketSurveys?: { sent: number; already: number; recent: number; unmapped: number; ignored: number; failed: number };
  kind: string;
  source: string;
  fileName: string | null;
  dryRun: boolean;
  /** Data rows read (header excluded). */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows whose key repeats an earlier line of the same file (the later line wins). */
  duplicates: number;
  rejected: number;
  /** The first rejections (all of them are in the report file). */
  rejections: RowIssue[];
  /** The first duplicate lines. */
  duplicateLines: RowIssue[];
  /**
   * Accepted rows with a local time in the hour repeated when clocks go back that only its second
   * reading keeps in order (e.g. first response 02:06 after opening 02:19 on 25 October 2026 in Paris).
   */
  repeatedHourResolved: number;
  /** Accepted rows with a local time in the hour skipped when clocks go forward, read at the offset before the change. */
  skippedHourShifted: number;
  /** The first of those rows, with what was read. */
  localTimeLines: RowIssue[];
  /** The rejected-rows report, when one was written. */
  reportPath: string | null;
  /** The `import_runs` row (null for dry runs). */
  runId: number | null;
  durationMs: number;
  rowsPerSecond: number;
}
