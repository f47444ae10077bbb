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
