import { type BatchOutcome, type PendingRow, type UpsertTable, upsertBatch } from "../batch-upsert.js";
import type { Db } from "../db.js";
import { analyzeTables } from "../statistics.js";

// External ids per stored-ticket lookup: well under both databases' bound-parameter limits.
const LOOKUP_CHUNK = 500;

/** What imports, webhooks and syncs write and read back in bulk (tickets and the other import families' tables). */
export interface ImportRepository {
  /**
   * Classifies a batch (keys unique within it) as inserted / updated / unchanged against the stored rows, then
   * upserts only the new and changed rows, in one transaction unless dryRun (the bulk path: multi-row INSERTs on
   * SQLite, UNNEST arrays on PostgreSQL).
   */
  upsertBatch<Row>(
    table: UpsertTable,
    batch: readonly PendingRow<Row>[],
    opts: { dryRun: boolean; now: Date },
  ): Promise<BatchOutcome<Row>>;
  /** Refreshes the planner's statistics of these tables (after a big write). */
  analyze(tables: readonly string[]): Promise<void>;
  /** The ids of the tickets of `source` with these external ids (any order; unknown ones left out). */
  ticketIds(source: string, externalIds: readonly string[]): Promise<number[]>;
  /**
   * The stored tickets of `source` with these external ids (each asked once): the given columns, values as the
   * database returns them (read them with sql-values), 500 ids a query.
   */
  storedTickets(
    source: string,
    externalIds: readonly string[],
    columns: readonly string[],
  ): Promise<Record<string, unknown>[]>;
}

/** Imports on the shared Db. */
export function importRepository(db: Db): ImportRepository {
  return {
    upsertBatch: (table, batch, opts) => upsertBatch(db, table, batch, opts),
    analyze: (tables) => analyzeTables(db, tables),
    async ticketIds(source, externalIds) {
      if (externalIds.length === 0) return [];
      const found = await db.query<{ id: number }>(
        `SELECT "id" FROM "tickets" WHERE "source" = ? AND "external_id" IN (${externalIds.map(() => "?").join(", ")})`,
        [source, ...externalIds],
      );
      return found.map((r) => Number(r.id));
    },
    async storedTickets(source, externalIds, columns) {
      const rows: Record<string, unknown>[] = [];
      const unique = [...new Set(externalIds)];
      const list = columns.map((c) => `"${c}"`).join(", ");
      for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
        const chunk = unique.slice(i, i + LOOKUP_CHUNK);
        rows.push(
          ...(await db.query(
            `SELECT ${list} FROM "tickets" WHERE "source" = ? AND "external_id" IN (${chunk.map(() => "?").join(", ")})`,
            [source, ...chunk],
          )),
        );
      }
      return rows;
    },
  };
}
