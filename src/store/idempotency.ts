import type { Db } from "./db.js";

/**
 * Claims in the database (table idempotency_keys), so that with several replicas and the platforms'
 * retries (Slack, Teams, surveys) each request or click is answered once. A claim older than its window can be taken
 * again: a deliberate second click a minute later is answered, a double click is not.
 */
export interface Claims {
  /** True for the first caller of `key` within `windowMs`; false for a retry or a duplicate. */
  claim(key: string, scope: string, windowMs: number): Promise<boolean>;
  /** Gives a key back after a failure, so a retry may try again. */
  release(key: string): Promise<void>;
  /** Forgets keys older than `olderThanMs`. */
  purge(olderThanMs: number): Promise<number>;
}

/** Claims stored through the shared Db (SQLite or PostgreSQL, same SQL). */
export function dbClaims(db: Db, now: () => Date): Claims {
  return {
    async claim(key, scope, windowMs) {
      const at = now();
      // One atomic statement: insert, or take over a stale claim; 0 rows = someone holds it.
      const rows = await db.execute(
        `INSERT INTO idempotency_keys ("key", scope, created_at) VALUES (?, ?, ?)
         ON CONFLICT ("key") DO UPDATE SET created_at = excluded.created_at, scope = excluded.scope
         WHERE idempotency_keys.created_at < ?`,
        [key, scope, at, new Date(at.getTime() - windowMs)],
      );
      return rows > 0;
    },
    async release(key) {
      await db.execute(`DELETE FROM idempotency_keys WHERE "key" = ?`, [key]);
    },
    purge(olderThanMs) {
      return db.execute("DELETE FROM idempotency_keys WHERE created_at < ?", [new Date(now().getTime() - olderThanMs)]);
    },
  };
}
