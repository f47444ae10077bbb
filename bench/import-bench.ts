import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { PARALLEL_MIN_BYTES } from "../src/import/pipeline.js";
import { importTickets, ticketFamily } from "../src/import/tickets.js";
import type { ImportSummary } from "../src/import/types.js";
import { type Db, openDb, type Provider } from "../src/store/db.js";
import { migrate } from "../src/store/migrate.js";
import { prismaRepositories } from "../src/store/prisma-repositories.js";
import { analyzeTables } from "../src/store/statistics.js";
import { bulkInsert, INSERT_ROWS_PER_STATEMENT, parsedValues, unnestInsert } from "./bulk-load.js";
import { emptyDatabase, onFreshDatabase } from "./setup.js";
import { type TicketFileFacts, writeTicketCsv } from "./ticket-csv.js";

/** One timed load of the whole file. */
export interface LoadTiming {
  name: string;
  ms: number;
  rowsPerS: number;
  /** The 1-minute load average when it started (the machine is shared). */
  load: number;
  /**
   * Bulk loads: `ANALYZE "tickets"` run afterwards, ms — outside `ms`, for information: an import of 10,000+
   * rows refreshes the planner statistics itself, inside its own time.
   */
  analyzeMs?: number;
}

/** The import benchmark of one database. */
export interface ImportResult {
  provider: Provider;
  tickets: number;
  fileBytes: number;
  /** Whether the import parsed in a worker thread (kpibot's default from 4 MiB). */
  parseWorker: boolean;
  /** `importTickets` of the file into an empty migrated database (kpibot's default path: worker parse for big files). */
  import: LoadTiming;
  /** The same file again into that database: every row unchanged. */
  reimport: LoadTiming;
  /** Multi-row INSERTs of the parsed rows in one transaction, per chunk size; the best is the baseline. */
  bulk: LoadTiming[];
  best: LoadTiming;
  /** import rows/s ÷ best bulk rows/s (the issue's figure; goal ≥ 0.5). */
  ratio: number;
  reimportRatio: number;
  /** PostgreSQL only, for information: INSERT … SELECT FROM UNNEST(arrays), the seeder's faster path. */
  unnest?: LoadTiming;
  /** The aggregates every load was checked against. */
  figures: Figures;
}

/** Options of a run (tests force the worker-thread parse on a small file). */
export interface ImportBenchOptions {
  parallel?: boolean;
  /** Where the CSV goes (default: a new temp folder, removed at the end). */
  dir?: string;
}

/** Aggregates of the loaded tickets (counts, sums, first and last instants as epoch ms). */
export type Figures = Record<string, number | null>;

const SOURCE = "csv";
const rate = (rows: number, ms: number) => (rows * 1000) / ms;

// Checksum-like aggregates of the loaded tickets; instants compared as epoch ms on both databases.
const FIGURES_SQL = `SELECT COUNT(*) AS n, COUNT("resolved_at") AS resolved, COUNT("closed_at") AS closed,
  COUNT("first_response_at") AS responded, COUNT("response_due_at") AS response_due,
  COUNT("resolution_due_at") AS resolution_due, SUM("priority") AS priority_sum, SUM("support_level") AS level_sum,
  SUM("reopen_count") AS reopen_sum, SUM(CASE WHEN "first_contact_resolution" THEN 1 ELSE 0 END) AS fcr,
  SUM(CASE WHEN "automated" THEN 1 ELSE 0 END) AS automated, COUNT(DISTINCT "group_name") AS groups,
  COUNT(DISTINCT "external_id") AS keys, MIN("opened_at") AS first_opened, MAX("opened_at") AS last_opened,
  MAX("resolved_at") AS last_resolved FROM "tickets"`;

async function figures(db: Db): Promise<Figures> {
  const [row] = await db.query(FIGURES_SQL);
  const out: Figures = {};
  for (const [k, v] of Object.entries(row ?? {}))
    out[k] = v instanceof Date ? v.getTime() : v === null ? null : Number(v);
  return out;
}

/** Throws unless the database holds the file's tickets with the same aggregates as the reference load. */
export function checkFigures(what: string, got: Figures, facts: TicketFileFacts, reference: Figures | undefined): void {
  const wrong: string[] = [];
  if (got.n !== facts.tickets) wrong.push(`${got.n} tickets instead of ${facts.tickets}`);
  if (got.keys !== facts.tickets) wrong.push(`${got.keys} distinct keys instead of ${facts.tickets}`);
  if (got.resolved !== facts.resolved) wrong.push(`${got.resolved} resolved instead of ${facts.resolved}`);
  if (got.priority_sum !== facts.prioritySum) wrong.push(`priority sum ${got.priority_sum} ≠ ${facts.prioritySum}`);
  for (const [k, v] of Object.entries(reference ?? {})) if (got[k] !== v) wrong.push(`${k}: ${got[k]} ≠ ${v}`);
  if (wrong.length > 0) throw new Error(`bench: ${what} loaded the wrong tickets: ${wrong.join("; ")}`);
}

function checkSummary(what: string, s: ImportSummary, expected: Partial<ImportSummary>): void {
  const wrong = Object.entries(expected).filter(([k, v]) => s[k as keyof ImportSummary] !== v);
  if (wrong.length > 0)
    throw new Error(
      `bench: ${what}: ${wrong.map(([k, v]) => `${k} ${String(s[k as keyof ImportSummary])} instead of ${v}`).join(", ")}`,
    );
}

/** Times one kpibot import of the file (a line every 10 % of the bytes). */
async function timedImport(
  db: Db,
  file: string,
  name: string,
  log: (line: string) => void,
  opts: ImportBenchOptions,
): Promise<{ timing: LoadTiming; summary: ImportSummary }> {
  const load = loadavg()[0] ?? 0;
  let next = 10;
  const started = performance.now();
  const summary = await importTickets({ repos: prismaRepositories(db) }, file, {
    source: SOURCE,
    ...(opts.parallel === undefined ? {} : { parallel: opts.parallel }),
    onProgress: (read, total) => {
      const pct = total === undefined ? 0 : (100 * read) / total;
      if (pct < next) return;
      log(`  ${name}: ${Math.floor(pct)}% of the file read`);
      next = 10 * Math.floor(pct / 10) + 10;
    },
  });
  const ms = performance.now() - started;
  return { timing: { name, ms, rowsPerS: rate(summary.rows, ms), load }, summary };
}

/**
 * The import benchmark of one database, on the generated file: bulk (insertRows' chunk size) →
 * import → bulk (smaller chunks) [→ UNNEST on PostgreSQL] → re-import, so load drift hits both
 * sides. The parsed rows are in memory only around the bulk loads (never during an import, whose
 * garbage collector would otherwise walk them). Every load is checked; a wrong one throws.
 */
export async function benchImport(
  provider: Provider,
  file: string,
  facts: TicketFileFacts,
  log: (line: string) => void,
  opts: ImportBenchOptions = {},
): Promise<ImportResult> {
  const n = facts.tickets;
  const bulk: LoadTiming[] = [];
  let reference: Figures | undefined;
  let unnest: LoadTiming | undefined;
  const bulkLoads = async (
    loads: { name: string; run: (db: Db, rows: Parameters<typeof bulkInsert>[1]) => Promise<number> }[],
  ) => {
    const rows = await parsedValues(file, SOURCE, new Date());
    for (const l of loads) {
      const load = loadavg()[0] ?? 0;
      const [ms, analyzeMs] = await onFreshDatabase(provider, async (db) => {
        const took = await l.run(db, rows);
        const analyzed = performance.now();
        await analyzeTables(db, [ticketFamily.table]);
        const analyzing = performance.now() - analyzed;
        const got = await figures(db);
        checkFigures(l.name, got, facts, reference);
        reference ??= got;
        return [took, analyzing];
      });
      const t = { name: l.name, ms, rowsPerS: rate(n, ms), load, analyzeMs };
      if (l.name === "unnest") unnest = t;
      else bulk.push(t);
      log(
        `  ${l.name}: ${fmt(t.rowsPerS)} rows/s (${(ms / 1000).toFixed(1)} s; ANALYZE after it, not counted: ${(analyzeMs / 1000).toFixed(1)} s)`,
      );
    }
  };
  const chunks = (per: number) => ({
    name: `insert ${per}/stmt`,
    run: (db: Db, rows: Parameters<typeof bulkInsert>[1]) => bulkInsert(db, rows, per),
  });

  await bulkLoads([chunks(INSERT_ROWS_PER_STATEMENT)]);
  const target = await emptyDatabase(provider);
  try {
    await migrate(target.url);
    const db = await openDb(target.url);
    try {
      const first = await timedImport(db, file, "import", log, opts);
      checkSummary("import", first.summary, { rows: n, inserted: n, rejected: 0, duplicates: 0 });
      checkFigures("import", await figures(db), facts, reference);
      log(`  import: ${fmt(first.timing.rowsPerS)} rows/s (${(first.timing.ms / 1000).toFixed(1)} s)`);

      await bulkLoads([chunks(250), ...(provider === "postgresql" ? [{ name: "unnest", run: unnestInsert }] : [])]);

      const again = await timedImport(db, file, "re-import", log, opts);
      checkSummary("re-import", again.summary, { rows: n, inserted: 0, updated: 0, unchanged: n, rejected: 0 });
      checkFigures("re-import", await figures(db), facts, reference);
      log(`  re-import: ${fmt(again.timing.rowsPerS)} rows/s (${(again.timing.ms / 1000).toFixed(1)} s)`);

      const best = bulk.reduce((a, b) => (b.rowsPerS > a.rowsPerS ? b : a));
      return {
        provider,
        tickets: n,
        fileBytes: facts.bytes,
        parseWorker: opts.parallel ?? facts.bytes >= PARALLEL_MIN_BYTES,
        import: first.timing,
        reimport: again.timing,
        bulk,
        best,
        ratio: first.timing.rowsPerS / best.rowsPerS,
        reimportRatio: again.timing.rowsPerS / best.rowsPerS,
        ...(unnest ? { unnest } : {}),
        figures: reference ?? {},
      };
    } finally {
      await db.close();
    }
  } finally {
    await target.drop();
  }
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString("en-US");
}

/** Generates the canonical ticket CSV once (temp folder), then runs the import benchmark on each database. */
export async function benchImports(
  providers: readonly Provider[],
  tickets: number,
  log: (line: string) => void,
  opts: ImportBenchOptions = {},
): Promise<ImportResult[]> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "kpibot-import-bench-"));
  try {
    const file = join(dir, "tickets.csv");
    log(`\nimport bench: generating ${tickets.toLocaleString("en-US")} canonical tickets in ${file}`);
    const facts = writeTicketCsv(file, tickets, log);
    log(`  ${(facts.bytes / 2 ** 20).toFixed(0)} MiB`);
    const out: ImportResult[] = [];
    for (const provider of providers) {
      log(`\n${provider}: import bench (load ${loadavg()[0]?.toFixed(1)})`);
      out.push(await benchImport(provider, file, facts, log, opts));
    }
    return out;
  } finally {
    if (opts.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
