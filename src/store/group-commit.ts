import type { SqlParam } from "./db.js";

// Group commit: small writes that arrive together (a burst of survey clicks and the claims that de-duplicate them)
// are committed together, one transaction for all the statements submitted while the previous transaction was being
// written (or during the loop iteration that started the first). Each caller's promise settles only once its own
// statement is committed — nothing is acknowledged before it is stored — and with its own result. Under no load a
// statement waits one loop turn; under a burst the transactions grow instead of queueing one commit per click.

/** One write statement with `?` placeholders. */
export interface Statement {
  sql: string;
  params: readonly SqlParam[];
}

/** How a group commit writes: a group in one transaction, or one statement on its own. */
export interface GroupWriter {
  /** Writes the statements in one transaction and returns the rows each changed; on failure nothing is written. */
  all(statements: readonly Statement[]): Promise<number[]>;
  /** Writes one statement in a transaction of its own. */
  one(statement: Statement): Promise<number>;
}

/** What a group commit did, for /metrics and tests. */
export interface GroupCommitStats {
  /** Transactions committed. */
  commits: number;
  /** Statements committed in them. */
  statements: number;
  /** Batches that failed as a whole and were written one statement at a time. */
  fallbacks: number;
  /** Statements waiting for the next transaction now. */
  waiting: number;
}

/** Submits one write; its promise resolves with the rows it changed once it is committed. */
export interface GroupCommit {
  execute(sql: string, params?: readonly SqlParam[]): Promise<number>;
  stats(): GroupCommitStats;
  /** Resolves once every statement submitted so far is committed (or failed). */
  drain(): Promise<void>;
}

interface Job extends Statement {
  resolve(changed: number): void;
  reject(error: unknown): void;
}

/**
 * Thrown by a writer when a transaction's COMMIT got no answer (the connection dropped while it was sent): it may have
 * been committed or not. Its statements are then not written again one by one — a claim written again would find its
 * own committed row and report it taken by someone else — and every caller gets this error instead.
 */
export class CommitOutcomeUnknown extends Error {
  constructor(cause: unknown) {
    super("the group's COMMIT got no answer: it may or may not have been committed", { cause });
    this.name = "CommitOutcomeUnknown";
  }
}

/** The most statements one transaction carries (a longer burst is committed in several). */
export const MAX_GROUP = 500;

/**
 * A group commit through `writer`. Statements must be independent of one another and idempotent (upserts, claims): when a
 * transaction fails as a whole, it is rolled back and each of its statements is written again on its own, so one bad
 * statement fails only its own caller.
 */
export function groupCommit(writer: GroupWriter): GroupCommit {
  let queue: Job[] = [];
  let writing: Promise<void> | undefined;
  let scheduled = false;
  const counts = { commits: 0, statements: 0, fallbacks: 0 };

  const writeAlone = async (job: Job) => {
    try {
      job.resolve(await writer.one(job));
    } catch (error) {
      job.reject(error);
    }
  };

  const write = async (jobs: Job[]) => {
    let changed: number[];
    try {
      changed = await writer.all(jobs);
    } catch (error) {
      if (error instanceof CommitOutcomeUnknown) {
        for (const job of jobs) job.reject(error);
        return;
      }
      // Rolled back as a whole: each statement again on its own, so only the bad one fails.
      counts.fallbacks++;
      for (const job of jobs) await writeAlone(job);
      return;
    }
    counts.commits++;
    counts.statements += jobs.length;
    jobs.forEach((job, i) => {
      job.resolve(changed[i] ?? 0);
    });
  };

  const flush = () => {
    scheduled = false;
    if (writing || queue.length === 0) return;
    const jobs = queue.slice(0, MAX_GROUP);
    queue = queue.slice(jobs.length);
    writing = write(jobs).finally(() => {
      writing = undefined;
      // What arrived while this transaction was written is the next group.
      if (queue.length > 0) schedule();
    });
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // Everything submitted during this loop iteration joins the group.
    setImmediate(flush);
  };

  return {
    execute(sql, params = []) {
      return new Promise<number>((resolve, reject) => {
        queue.push({ sql, params, resolve, reject });
        if (!writing) schedule();
      });
    },
    stats: () => ({ ...counts, waiting: queue.length }),
    async drain() {
      while (writing || queue.length > 0) {
        if (!writing) flush();
        await writing;
      }
    },
  };
}
