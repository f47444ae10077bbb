import type { Db } from "../../src/store/db.js";

/**
 * Answer-once claims in the shared idempotency_keys table, so Teams' redeliveries (same activity
 * id) and double clicks on a card button (same card, action and value) are answered once, even
 * with several replicas. A claim older than its window may be taken again: a deliberate second
 * click minutes later is answered.
 */
export interface Once {
  /** True for the first caller of `key` within `windowMs`; false for a duplicate. */
  claim(key: string, scope: string, windowMs: number): Promise<boolean>;
  /** Gives the key back after a failure so a redelivery can try again. */
  release(key: string): Promise<void>;
}

/** Claims through the shared Db (the same SQL on SQLite and PostgreSQL). */
export function dbOnce(db: Db, now: () => Date): Once {
  return {
    async claim(key, scope, windowMs) {
      const at = now();
      // One atomic statement: insert, or take over a stale claim; 0 rows means someone holds it.
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
  };
}
