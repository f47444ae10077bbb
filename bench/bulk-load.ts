import { parseRows } from "../src/import/parse-rows.js";
import { type TicketRow, ticketFamily } from "../src/import/tickets.js";
import { rowsPerStatement as defaultRowsPerStatement, insertRows } from "../src/store/bulk.js";
import { type Column, type ColumnType, writeRows } from "../src/store/bulk-columns.js";
import type { Db, SqlParam } from "../src/store/db.js";

/** The columns an import writes to `tickets` (the family's columns, then the touch column), in order. */
export const LOADED_COLUMNS: readonly string[] = [
  ...ticketFamily.columns,
  ...(ticketFamily.touchColumn === undefined ? [] : [ticketFamily.touchColumn]),
];

/** Rows per statement of `insertRows` for the ticket columns (its parameter cap), the baseline's first candidate. */
export const INSERT_ROWS_PER_STATEMENT = defaultRowsPerStatement(LOADED_COLUMNS.length);

/**
 * The file's tickets as the import would write them (kpibot's own parser, `toValues`, then the
 * touch column's time), in memory: the bulk baseline's input, parsed before its clock starts.
 */
export async function parsedValues(file: string, source: string, now: Date): Promise<SqlParam[][]> {
  const rows: SqlParam[][] = [];
  for await (const items of parseRows<TicketRow>(ticketFamily, file, { label: file })) {
    for (const item of items) {
      if (item.reason !== undefined) throw new Error(`bench: line ${item.line} of the generated file: ${item.reason}`);
      const values = ticketFamily.toValues(item.row, source);
      if (ticketFamily.touchColumn !== undefined) values.push(now);
      rows.push(values);
    }
  }
  return rows;
}

/**
 * Runs `fn` in ONE transaction; returns the wall time in ms. Db.transaction caps a transaction at 120 s by default,
 * which a million rows through multi-row INSERTs can exceed on PostgreSQL: the bulk baseline allows an hour.
 */
async function inOneTransaction(db: Db, fn: (tx: Db) => Promise<void>): Promise<number> {
  const started = performance.now();
  await db.transaction(fn, { timeoutMs: 3_600_000 });
  return performance.now() - started;
}

/**
 * Writes `rows` into the `tickets` table with plain multi-row INSERTs (`insertRows`, `perStatement`
 * rows a statement, at most its own cap) in ONE transaction; returns the wall time in ms.
 */
export function bulkInsert(db: Db, rows: readonly SqlParam[][], perStatement: number): Promise<number> {
  return inOneTransaction(db, async (tx) => {
    for (let i = 0; i < rows.length; i += perStatement) {
      await insertRows(tx, ticketFamily.table, LOADED_COLUMNS, rows.slice(i, i + perStatement));
    }
  });
}

const PG_TYPES: Record<string, ColumnType> = {
  text: "text",
  integer: "int",
  bigint: "int",
  boolean: "bool",
  "double precision": "float",
  "timestamp with time zone": "instant",
};

/**
 * PostgreSQL only, for information: the same rows in ONE transaction through the seeder's
 * `INSERT … SELECT FROM UNNEST(column arrays)` (one parameter per column, 10,000 rows a statement);
 * returns the wall time in ms. The column types come from the table itself.
 */
export async function unnestInsert(db: Db, rows: readonly SqlParam[][]): Promise<number> {
  const types = await db.query<{ column_name: string; data_type: string }>(
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?",
    [ticketFamily.table],
  );
  const typeOf = new Map(types.map((t) => [t.column_name, PG_TYPES[t.data_type]]));
  const columns: Column[] = LOADED_COLUMNS.map((name) => {
    const type = typeOf.get(name);
    if (type === undefined) throw new Error(`bench: no UNNEST type for tickets.${name}`);
    return { name, type };
  });
  // The seeder's cells: instants as epoch milliseconds (converted before the clock starts, as parsing is).
  const cells = rows.map((r) => r.map((v) => (v instanceof Date ? v.getTime() : v)));
  return inOneTransaction(db, async (tx) => {
    await writeRows(tx, ticketFamily.table, columns, cells);
  });
}
