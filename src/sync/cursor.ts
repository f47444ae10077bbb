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
