import type { Db } from "../db.js";

/** Where a connector's sync stands. */
export interface SyncState {
  connector: string;
  cursor: string | null;
  status: string;
  error: string | null;
  lastRunAt: Date | null;
}

/** The sync cursors of the ticket connectors (table sync_cursors, one row per connector). */
export interface SyncCursorRepository {
  /** A connector's sync state (null before its first sync). */
  read(connector: string): Promise<SyncState | null>;
  /** Writes part of a connector's sync state (created on first write). */
  write(
    connector: string,
    data: { cursor?: string | null; status?: string; error?: string | null; lastRunAt?: Date },
    now: Date,
  ): Promise<void>;
  /**
   * Marks a connector's sync as running unless another run holds a claim younger than `leaseMs`; true when this
   * run may go on.
   */
  claim(connector: string, now: Date, leaseMs: number): Promise<boolean>;
}

/** Sync cursors on the shared Db (Prisma model calls; one atomic UPDATE for the claim). */
export function syncCursorRepository(db: Db): SyncCursorRepository {
  return {
    async read(connector) {
      const row = await db.prisma.syncCursor.findUnique({ where: { connector } });
      return row === null
        ? null
        : {
            connector: row.connector,
            cursor: row.cursor,
            status: row.status,
            error: row.error,
            lastRunAt: row.lastRunAt,
          };
    },
    async write(connector, data, now) {
      await db.prisma.syncCursor.upsert({
        where: { connector },
        create: { connector, ...data, updatedAt: now },
        update: { ...data, updatedAt: now },
      });
    },
    async claim(connector, now, leaseMs) {
      await db.execute(
        `INSERT INTO "sync_cursors" ("connector", "status", "updated_at") VALUES (?, 'idle', ?) ON CONFLICT ("connector") DO NOTHING`,
        [connector, now],
      );
      const claimed = await db.execute(
        `UPDATE "sync_cursors" SET "status" = 'running', "last_run_at" = ?, "updated_at" = ?
     WHERE "connector" = ? AND ("status" <> 'running' OR "last_run_at" IS NULL OR "last_run_at" < ?)`,
        [now, now, connector, new Date(now.getTime() - leaseMs)],
      );
      return claimed === 1;
    },
  };
}
