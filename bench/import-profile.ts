/**
 * `npx tsx bench/import-profile.ts [--tickets N] [--only sqlite|postgresql]`: where a ticket import spends its
 * time. Times, on the bench's generated CSV: reading alone (csv-parse), reading + validating (kpibot's parser,
 * main thread and worker), the import with its database calls timed (SELECT of existing keys, INSERT … ON
 * CONFLICT, transactions), and the import's write pattern replayed from parsed rows in memory, step by step
 * down to one plain INSERT transaction. Figures for a person to read, not a benchmark ratio.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseRows } from "../src/import/parse-rows.js";
import { DEFAULT_BATCH_SIZE } from "../src/import/pipeline.js";
import { readRecords } from "../src/import/read-records.js";
import { importTickets, type TicketRow, ticketFamily } from "../src/import/tickets.js";
import { parseRowsInWorker } from "../src/import/worker-host.js";
import { keyOf, type PendingRow, upsertBatch } from "../src/store/batch-upsert.js";
import { insertRows } from "../src/store/bulk.js";
import type { Db, Provider } from "../src/store/db.js";
import { prismaRepositories } from "../src/store/prisma-repositories.js";
import { bulkInsert, INSERT_ROWS_PER_STATEMENT, LOADED_COLUMNS, parsedValues } from "./bulk-load.js";
import { onFreshDatabase } from "./setup.js";
import { writeTicketCsv } from "./ticket-csv.js";

const log = (line: string) => console.log(line);
const perS = (rows: number, ms: number) => `${Math.round((rows * 1000) / ms).toLocaleString("en-US")} rows/s`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Database time of an import, by kind of call. */
interface DbTimes {
  select: number;
  selects: number;
  write: number;
  writes: number;
  transactions: number;
  transactionMs: number;
}

/** A Db that adds up the time of the calls made through it (and through its transactions). */
function timedDb(db: Db, t: DbTimes): Db {
  const wrap = (d: Db): Db => ({
    ...d,
    async query(sql, params) {
      const started = performance.now();
      try {
        return await d.query(sql, params);
      } finally {
        t.select += performance.now() - started;
        t.selects++;
      }
    },
    async execute(sql, params) {
      const started = performance.now();
      try {
        return await d.execute(sql, params);
      } finally {
        t.write += performance.now() - started;
        t.writes++;
      }
    },
    async transaction(fn) {
      const started = performance.now();
      try {
        return await d.transaction((tx) => fn(wrap(tx)));
      } finally {
        t.transactionMs += performance.now() - started;
        t.transactions++;
      }
    },
  });
  return wrap(db);
}

async function parsing(file: string, n: number): Promise<void> {
  const label = "tickets.csv";
  const read = await timed(async () => {
    for await (const _ of readRecords(file, { label })) void _;
  });
  log(`  csv-parse alone (main thread):              ${s(read)}  ${perS(n, read)}`);
  const parse = await timed(async () => {
    for await (const _ of parseRows(ticketFamily, file, { label })) void _;
  });
  log(`  csv-parse + validation (main thread):       ${s(parse)}  ${perS(n, parse)}`);
  const worker = await timed(async () => {
    for await (const _ of parseRowsInWorker(ticketFamily, file, { label })) void _;
  });
  log(`  the same in the worker, rows to main:       ${s(worker)}  ${perS(n, worker)}`);
  let values = 0;
  const toValues = await timed(async () => {
    for await (const items of parseRowsInWorker(ticketFamily, file, { label })) {
      for (const item of items) {
        if (item.row === undefined) continue;
        const v = ticketFamily.toValues(item.row, "csv");
        values += keyOf(v, [0, 1]).length > 0 ? 1 : 0;
      }
    }
  });
  log(`  + toValues and key on the main thread:      ${s(toValues)}  ${perS(values, toValues)}`);
}

async function imports(provider: Provider, file: string, n: number): Promise<void> {
  await onFreshDatabase(provider, async (db) => {
    for (const name of ["import (empty database)", "re-import (all unchanged)"]) {
      const t: DbTimes = { select: 0, selects: 0, write: 0, writes: 0, transactions: 0, transactionMs: 0 };
      const started = performance.now();
      const cpu = process.cpuUsage();
      await importTickets({ repos: prismaRepositories(timedDb(db, t)) }, file);
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const other = t.transactionMs - t.select - t.write;
      log(
        `  ${name}: ${s(ms)}  ${perS(n, ms)}  (process CPU ${s((used.user + used.system) / 1000)}, load ${loadavg()[0]?.toFixed(1)})`,
      );
      log(
        `    in ${t.transactions} transactions: ${s(t.transactionMs)} = SELECT existing ${s(t.select)} (${t.selects}) + INSERT … ON CONFLICT ${s(t.write)} (${t.writes}) + begin/commit and classifying ${s(other)}`,
      );
      log(`    outside transactions (waiting for rows, toValues, keys, batches): ${s(ms - t.transactionMs)}`);
    }
  });
}

/** The import's writes replayed from rows in memory, one step at a time. */
async function writes(provider: Provider, file: string, n: number): Promise<void> {
  const now = new Date();
  const rows = await parsedValues(file, "csv", now);
  const noTouch = rows.map((r) => r.slice(0, -1));
  const keys = ticketFamily.keyColumns;
  const update = {
    kind: "update" as const,
    key: [...keys],
    columns: [
      ...ticketFamily.columns.filter((c) => !keys.includes(c)),
      ...(ticketFamily.touchColumn ? [ticketFamily.touchColumn] : []),
    ],
  };
  const batches = <T>(xs: readonly T[]) => {
    const out: T[][] = [];
    for (let i = 0; i < xs.length; i += DEFAULT_BATCH_SIZE) out.push(xs.slice(i, i + DEFAULT_BATCH_SIZE));
    return out;
  };
  const keyPositions = keys.map((c) => ticketFamily.columns.indexOf(c));
  const steps: { name: string; run: (db: Db) => Promise<unknown> }[] = [
    {
      name: `one transaction, plain INSERT ${INSERT_ROWS_PER_STATEMENT}/stmt (the baseline)`,
      run: (db) => bulkInsert(db, rows, INSERT_ROWS_PER_STATEMENT),
    },
    {
      name: `${DEFAULT_BATCH_SIZE}-row transactions, plain INSERT`,
      run: async (db) => {
        for (const b of batches(rows))
          await db.transaction((tx) => insertRows(tx, ticketFamily.table, LOADED_COLUMNS, b));
      },
    },
    {
      name: `${DEFAULT_BATCH_SIZE}-row transactions, INSERT … ON CONFLICT DO UPDATE`,
      run: async (db) => {
        for (const b of batches(rows))
          await db.transaction((tx) => insertRows(tx, ticketFamily.table, LOADED_COLUMNS, b, update));
      },
    },
    {
      name: `upsertBatch (SELECT existing + INSERT … ON CONFLICT), ${DEFAULT_BATCH_SIZE}-row batches`,
      run: async (db) => {
        for (const b of batches(noTouch)) {
          // upsertBatch only hands `row` to the post-commit hooks, which this replay has none of.
          const pending = b.map(
            (values, i): PendingRow<TicketRow> => ({
              line: i + 2,
              row: {} as TicketRow,
              values: [...values],
              key: keyOf(values, keyPositions),
              repeat: false,
            }),
          );
          await upsertBatch(db, ticketFamily, pending, { dryRun: false, now });
        }
      },
    },
  ];
  for (const step of steps) {
    const ms = await onFreshDatabase(provider, async (db) => timed(() => step.run(db)));
    log(`  ${step.name.padEnd(72)} ${s(ms)}  ${perS(n, ms)}`);
  }
}

const { values } = parseArgs({ options: { tickets: { type: "string" }, only: { type: "string" } } });
const n = Number(values.tickets ?? 200_000);
const providers: Provider[] = values.only ? [values.only as Provider] : ["sqlite", "postgresql"];
const dir = mkdtempSync(join(tmpdir(), "kpibot-import-profile-"));
try {
  const file = join(dir, "tickets.csv");
  log(
    `import profile: ${n.toLocaleString("en-US")} tickets, load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  writeTicketCsv(file, n, () => undefined);
  log("parsing (no database):");
  await parsing(file, n);
  for (const provider of providers) {
    log(`\n${provider}: the import, database calls timed`);
    await imports(provider, file, n);
    log(`${provider}: the import's writes from parsed rows in memory (fresh database each)`);
    await writes(provider, file, n);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
