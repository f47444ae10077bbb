import type { Db } from "../db.js";

/**
 * Claims of requests and clicks (table idempotency_keys): the rows behind `dbClaims`, which keys them. Every method
 * takes the stored key (already an HMAC, never what the caller built it from).
 */
export interface ClaimRepository {
  /** Inserts a claim, or takes over one expired by `at`; false when someone holds it (one atomic statement). */
  take(storedKey: string, scope: string, at: Date, expiresAt: Date): Promise<boolean>;
  /** Deletes a claim (given back after a failure). */
  release(storedKey: string): Promise<void>;
  /** Deletes the claims expired by `now` (every scope: each row knows its own window); returns how many. */
  purge(now: Date): Promise<number>;
}

/** Claims on the shared Db (SQLite or PostgreSQL, same SQL). */
export function claimRepository(db: Db): ClaimRepository {
  return {
    async take(storedKey, scope, at, expiresAt) {
      // One atomic statement: insert, or take over an expired claim; 0 rows = someone holds it. Committed with the
      // other small writes of the same instant (group commit): a burst of clicks claims in a few transactions.
      const rows = await db.executeGrouped(
        `INSERT INTO idempotency_keys ("key", scope, created_at, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT ("key") DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at,
           scope = excluded.scope
         WHERE idempotency_keys.expires_at <= excluded.created_at`,
        [storedKey, scope, at, expiresAt],
      );
      return rows > 0;
    },
    async release(storedKey) {
      await db.execute(`DELETE FROM idempotency_keys WHERE "key" = ?`, [storedKey]);
    },
    purge(now) {
      return db.execute("DELETE FROM idempotency_keys WHERE expires_at <= ?", [now]);
    },
  };
}
