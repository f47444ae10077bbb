import type { Db } from "../../src/store/db.js";

/** Grouped writes held back, as a slow disk would: `release()` lets them through, `restore()` puts the Db back. */
export interface HeldWrites {
  release(): void;
  /** Makes the matching writes fail instead (a disk that refuses them). */
  fail(error: Error): void;
  restore(): void;
}

/**
 * Holds every grouped write (Db.executeGrouped: survey answers, claims, user rows) whose SQL contains `marker` until
 * released — to see what a platform gets while an answer is not yet stored.
 */
export function holdGroupedWrites(db: Db, marker: string): HeldWrites {
  const grouped = db.executeGrouped;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let failure: Error | undefined;
  db.executeGrouped = async (sql, params) => {
    if (sql.includes(marker)) {
      if (failure) throw failure;
      await held;
    }
    return grouped.call(db, sql, params);
  };
  return {
    release: () => release(),
    fail: (error) => {
      failure = error;
      release();
    },
    restore: () => {
      db.executeGrouped = grouped;
      release();
    },
  };
}
