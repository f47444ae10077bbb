import type { Db, SqlParam } from "./db.js";

// SQLite binds at most 32,766 parameters per statement (since 3.32); PostgreSQL 65,535.
// Staying well under both keeps one code path and statements of a sensible size.
const MAX_PARAMS_PER_STATEMENT = 16_000;

/** How a multi-row insert treats rows whose unique key already exists. */
export type OnConflict =
  | { kind: "error" }
  | { kind: "ignore"; key: string[] }
  | { kind: "update"; key: string[]; columns: string[] };

/** Rows per statement for a given column count. */
export function rowsPerStatement(columnCount: number): number {
  return Math.max(1, Math.floor(MAX_PARAMS_PER_STATEMENT / Math.max(1, columnCount)));
}

function conflictClause(on: OnConflict): string {
  if (on.kind === "error") return "";
  const key = on.key.map((c) => `"${c}"`).join(", ");
  if (on.kind === "ignore") return ` ON CONFLICT (${key}) DO NOTHING`;
  const set = on.columns.map((c) => `"${c}" = excluded."${c}"`).join(", ");
  return ` ON CONFLICT (${key}) DO UPDATE SET ${set}`;
}

/**
 * Inserts rows with multi-row INSERT statements (chunked under the parameter limit) on the given
 * Db — pass a transaction's Db to make a batch atomic. Dates are converted per provider.
 * Returns the number of rows the database reports as written.
 */
export async function insertRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlParam[])[],
  onConflict: OnConflict = { kind: "error" },
): Promise<number> {
  if (rows.length === 0) return 0;
  const per = rowsPerStatement(columns.length);
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const tail = conflictClause(onConflict);
  let written = 0;
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: SqlParam[] = [];
    for (const row of chunk) {
      if (row.length !== columns.length)
        throw new Error(`insertRows(${table}): a row has ${row.length} values for ${columns.length} columns`);
      params.push(...row);
    }
    written += await db.execute(head + chunk.map(() => tuple).join(", ") + tail, params);
  }
  return written;
}

// PostgreSQL rows per UNNEST statement: one array parameter per column, whatever the row count.
const PG_UNNEST_ROWS = 10_000;
// Column types by database and table, read once from the catalog (a migration adds columns only at start).
const pgColumnTypes = new Map<string, Map<string, string>>();

/** PostgreSQL: each column's type name (`udt_name`: text, int4, timestamptz, bool…) from the catalog, cached. */
export async function columnTypes(db: Db, table: string): Promise<Map<string, string>> {
  const key = `${db.url}\u0000${table}`;
  let types = pgColumnTypes.get(key);
  if (types === undefined) {
    const rows = await db.query<{ column_name: string; udt_name: string }>(
      "SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?",
      [table],
    );
    types = new Map(rows.map((r) => [r.column_name, r.udt_name]));
    pgColumnTypes.set(key, types);
  }
  return types;
}

/** A column written through UNNEST: its PostgreSQL array type and, when the stored value needs converting, how. */
export interface UnnestColumn {
  name: string;
  /** e.g. `text[]`, `timestamptz[]`, `int8[]`. */
  arrayType: string;
  /** The SELECT expression turning the UNNEST element (its alias given) into the stored value; default: as is. */
  read?: (alias: string) => string;
}

/**
 * PostgreSQL: `INSERT … SELECT FROM UNNEST(?::text[], ?::timestamptz[], …)`, each column's values one array
 * parameter, 10,000 rows a statement — binding one scalar per cell through the driver adapter is about 2×
 * slower (1M tickets, `npm run bench`). Pass a transaction's Db to make a batch atomic. Returns the rows the
 * database reports as written.
 */
export async function insertUnnest(
  db: Db,
  table: string,
  columns: readonly UnnestColumn[],
  rows: readonly (readonly (SqlParam | undefined)[])[],
  onConflict: OnConflict = { kind: "error" },
): Promise<number> {
  if (rows.length === 0) return 0;
  const aliases = columns.map((_, i) => `c${i}`);
  const sql =
    `INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(", ")}) ` +
    `SELECT ${columns.map((c, i) => (c.read ? c.read(aliases[i] as string) : aliases[i])).join(", ")} ` +
    `FROM UNNEST(${columns.map((c) => `?::${c.arrayType}`).join(", ")}) AS u(${aliases.join(", ")})${conflictClause(onConflict)}`;
  let written = 0;
  for (let i = 0; i < rows.length; i += PG_UNNEST_ROWS) {
    const chunk = rows.slice(i, i + PG_UNNEST_ROWS);
    const arrays = columns.map((_, c) =>
      chunk.map((row) => {
        if (row.length !== columns.length)
          throw new Error(`insertUnnest(${table}): a row has ${row.length} values for ${columns.length} columns`);
        const v = row[c] ?? null;
        // Instants as ISO-8601 text: exact to the millisecond whatever the driver does with Date elements.
        return v instanceof Date ? v.toISOString() : v;
      }),
    );
    // The pg driver encodes JS arrays as PostgreSQL array literals (quoting and NULLs included); Db's
    // parameter type only names scalars, hence the cast.
    written += await db.execute(sql, arrays as unknown as SqlParam[]);
  }
  return written;
}

/**
 * Writes rows like `insertRows`, faster on PostgreSQL: there through `insertUnnest`, each column typed from
 * the catalog. SQLite, whose driver runs in-process, keeps the multi-row INSERT.
 */
export async function insertRowsFast(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlParam[])[],
  onConflict: OnConflict = { kind: "error" },
): Promise<number> {
  if (db.provider !== "postgresql") return insertRows(db, table, columns, rows, onConflict);
  if (rows.length === 0) return 0;
  const types = await columnTypes(db, table);
  const typed = columns.map((name) => {
    const udt = types.get(name);
    if (udt === undefined) throw new Error(`insertRowsFast(${table}): no column "${name}"`);
    return { name, arrayType: `${udt}[]` };
  });
  return insertUnnest(db, table, typed, rows, onConflict);
}
