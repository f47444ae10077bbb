import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import type { RawRows } from "./sqlite-rows.js";
import { statementCache } from "./statement-cache.js";

/**
 * The read worker, as CommonJS source run with `eval`: it needs nothing of kpibot's (no TypeScript loader, the
 * same file under tsx, vitest and dist/) and starts in a few milliseconds. It opens its own read-only connection
 * to the database file (WAL: every read sees all transactions committed before it began) and answers one
 * statement at a time with raw values; the main thread converts them (sqlite-rows.ts). A statement that is not
 * read-only is sent back to run on the writer's connection.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.defaultSafeIntegers(true);
db.pragma("busy_timeout = " + Number(workerData.busyTimeoutMs));
const statements = new Map();
function prepared(sql) {
  let stmt = statements.get(sql);
  if (stmt) {
    statements.delete(sql);
  } else {
    stmt = db.prepare(sql);
    if (statements.size >= 200) statements.delete(statements.keys().next().value);
  }
  statements.set(sql, stmt);
  return stmt;
}
parentPort.on("message", (task) => {
  try {
    const stmt = prepared(task.sql);
    if (!stmt.reader || !stmt.readonly) {
      parentPort.postMessage({ id: task.id, writes: true });
      return;
    }
    const columns = stmt.columns();
    const rows = stmt.raw(true).all(task.params);
    parentPort.postMessage({ id: task.id, names: columns.map((c) => c.name), types: columns.map((c) => c.type), rows });
  } catch (error) {
    parentPort.postMessage({ id: task.id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

/** A failed read in a worker: the SQLite message, as Prisma words it for a raw query on the writer's connection. */
export class SqliteReadError extends Error {
  /** SQLite's error code (SQLITE_ERROR, SQLITE_BUSY...). */
  readonly code: string;

  constructor(message: string, code: string | undefined) {
    super(`Raw query failed. Code: \`${code ?? "N/A"}\`. Message: \`${message}\``);
    this.name = "SqliteReadError";
    this.code = code ?? "N/A";
  }
}

/** What a read returned: rows, or "writes" when the statement must run on the writer's connection. */
export type ReadOutcome = RawRows | "writes";

/** How busy the pool is, for /metrics. */
export interface ReadPoolStats {
  size: number;
  busy: number;
  waiting: number;
}

interface Task {
  id: number;
  sql: string;
  params: readonly unknown[];
  resolve(outcome: ReadOutcome): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
}

type Reply =
  | { id: number; writes: true }
  | { id: number; error: { message: string; code?: string } }
  | ({ id: number } & RawRows);

/**
 * A small pool of worker threads, each with its own read-only connection to one SQLite file, so that KPI
 * queries never block the event loop that acknowledges chat requests. Workers start on first use, are unref'd
 * while idle (they never keep a process alive) and end with `close()`. `size` 0: no workers, `runHere` only.
 */
export class SqliteReadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private readonly driver = createRequire(import.meta.url).resolve("better-sqlite3");
  private here: Database.Database | undefined;
  /** The statements `runHere` prepared on its connection, by SQL (the same few point reads, again and again). */
  private herePrepared = statementCache(200);

  constructor(
    private readonly path: string,
    readonly size: number,
    private readonly busyTimeoutMs = 10_000,
  ) {}

  /** Starts every worker now (idle, unref'd), so that the first reads do not wait for a thread to boot. */
  warm(): void {
    while (!this.closed && this.slots.length < this.size) this.spawn().worker.unref();
  }

  /** Runs one statement in a worker (queued while every worker is busy). */
  run(sql: string, params: readonly unknown[]): Promise<ReadOutcome> {
    if (this.closed) return Promise.reject(new Error("the database is closed"));
    return new Promise<ReadOutcome>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, sql, params, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Runs one small statement on this thread, on a read-only connection of its own: like a worker, it sees only
   * committed data (the writer's connection would also see a transaction still open on it), but it never waits
   * behind a slow worker query. For reads that take microseconds (the answer cache's version check).
   */
  runHere(sql: string, params: readonly unknown[]): ReadOutcome {
    if (this.closed) throw new Error("the database is closed");
    if (!this.here) {
      this.here = new Database(this.path, { readonly: true, fileMustExist: true });
      this.here.defaultSafeIntegers(true);
      this.here.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    }
    try {
      const stmt = this.herePrepared(this.here, sql);
      if (!stmt.reader || !stmt.readonly) return "writes";
      const columns = stmt.columns();
      const rows = stmt.raw(true).all(...params) as unknown[][];
      return { names: columns.map((c) => c.name), types: columns.map((c) => c.type), rows };
    } catch (error) {
      const e = error as { message?: string; code?: string };
      throw new SqliteReadError(String(e.message), e.code);
    }
  }

  /** Workers started, busy, and statements waiting for one. */
  stats(): ReadPoolStats {
    return { size: this.slots.length, busy: this.slots.filter((s) => s.task).length, waiting: this.queue.length };
  }

  /** Stops every worker; statements still waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    this.herePrepared = statementCache(200);
    this.here?.close();
    this.here = undefined;
    for (const task of this.queue.splice(0)) task.reject(new Error("the database is closed"));
    await Promise.all(this.slots.splice(0).map((s) => this.stop(s)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => !s.task) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const task = this.queue.shift() as Task;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, sql: task.sql, params: task.params });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: this.driver, path: this.path, busyTimeoutMs: this.busyTimeoutMs },
    });
    const slot: Slot = { worker, task: undefined };
    this.slots.push(slot);
    worker.on("message", (reply: Reply) => {
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      slot.task = undefined;
      worker.unref();
      if ("writes" in reply) task.resolve("writes");
      else if ("error" in reply) task.reject(new SqliteReadError(reply.error.message, reply.error.code));
      else task.resolve({ names: reply.names, types: reply.types, rows: reply.rows });
      this.dispatch();
    });
    // A worker that dies (cannot open the file, out of memory) fails its statement; the next one starts afresh.
    const gone = (error: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      const task = slot.task;
      slot.task = undefined;
      task?.reject(error);
      if (!this.closed) this.dispatch();
    };
    worker.on("error", (error) => gone(error));
    worker.on("exit", (code) => gone(new Error(`a database read worker stopped (exit code ${code})`)));
    return slot;
  }

  private async stop(slot: Slot): Promise<void> {
    const task = slot.task;
    slot.task = undefined;
    task?.reject(new Error("the database is closed"));
    // A busy worker is inside a synchronous query: terminating is the only way to stop it now. Its read-only
    // connection holds no lock worth a goodbye (better-sqlite3 closes it as the thread ends).
    await slot.worker.terminate();
  }
}
