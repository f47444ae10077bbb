import type { Db } from "./db.js";

/**
 * Rows written by one import or seed from which the planner's statistics of the table are refreshed.
 * Below it the existing statistics still describe the table well enough; above it (a first load, a
 * big catch-up) stale or missing statistics can make SQLite or PostgreSQL pick a worse plan for the
 * KPI aggregates until ANALYZE runs (SQLite never runs it by itself; PostgreSQL's autovacuum does,
 * later).
 */
export const ANALYZE_MIN_ROWS = 10_000;

/** Refreshes the planner's statistics of the given tables (`ANALYZE "t"`, the same statement on both databases). */
export async function analyzeTables(db: Db, tables: readonly string[]): Promise<void> {
  for (const t of tables) {
    if (!/^[a-z_][a-z0-9_]*$/.test(t)) throw new Error(`analyzeTables: "${t}" is not a table name`);
    await db.execute(`ANALYZE "${t}"`);
  }
}
