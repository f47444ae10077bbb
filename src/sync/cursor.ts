import type { Db } from "../store/db.js";
import type { ConnectorName } from "./types.js";

/** Where a connector's sync stands. */
export interface SyncState {
  connector: string;
  cursor: string | null;
  status: string;
  error: string | null;
  lastRunAt: Date | null;
}

/** Reads a connector's sync state (null before its first sync). */
export async function readSyncState(db: Db, connector: ConnectorName): Promise<SyncState | null> {
  const row = await db.prisma.syncCursor.findUnique({ where: { connector } });
  return row === null
    ? null
    : { connector: row.connector, cursor: row.cursor, status: row.status, error: row.error, lastRunAt: row.lastRunAt };
}

/** Writes part of a connector's sync state (created on first write). */
export async function writeSyncState(
  db: Db,
  connector: ConnectorName,
  data: { cursor?: string | null; status?: string; error?: string | null; lastRunAt?: Date },
  now: Date,
): Promise<void> {
  await db.prisma.syncCursor.upsert({
    where: { connector },
    create: { connector, ...data, updatedAt: now },
    update: { ...data, updatedAt: now },
  });
}

/** How long a running sync keeps others out; after that a crashed run's claim lapses. */
export const SYNC_LEASE_MS = 30 * 60_000;

/**
 * Marks a connector's sync as running unless another run (another replica, or the CLI while the
 * schedule runs) holds a claim younger than the lease. Returns whether this run may go on.
 */
export async function claimSync(
  db: Db,
  connector: ConnectorName,
  now: Date,
  leaseMs = SYNC_LEASE_MS,
): Promise<boolean> {
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
}
