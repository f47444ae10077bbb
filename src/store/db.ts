import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type Database from "better-sqlite3";
import pg from "pg";
import { KpibotError } from "../errors.js";
import { PrismaClient as PgClient } from "./generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";
import {
  CommitOutcomeUnknown,
  type GroupCommit,
  type GroupCommitStats,
  type GroupWriter,
  groupCommit,
  type Statement,
} from "./group-commit.js";
import { SqliteReadPool } from "./read-pool.js";
import { toQueryRows } from "./sqlite-rows.js";
import { statementCache } from "./statement-cache.js";

/** The two databases kpibot runs on. */
export type Provider = "sqlite" | "postgresql";

/**
 * The Prisma client kpibot uses. Both generated clients share one model, so the SQLite client's
 * type describes either; the provider-specific differences live in raw SQL only.
 */
export type Prisma = SqliteClient;

/** A SQL value bound to a `?` placeholder. Dates are converted per provider. */
export type SqlParam = string | number | boolean | null | Date;

/** How a read runs. */
export interface QueryOptions {
  /**
   * SQLite: run on this thread (on a read-only connection of its own: committed data only) instead of a read
   * worker. Only for tiny indexed reads (a row by its key, microseconds) on the interaction path, which must never
   * wait behind a slow query in the read pool and cost less than the hop to a worker: the answer cache's version
   * check, the clicking user's row, the survey a click answers. PostgreSQL: straight through `pg` on the same pool,
   * without Prisma's per-query CPU.
   */
  inline?: boolean;
}

/** How busy the store's connections are: SQLite read workers, or the PostgreSQL pool's connections. */
export interface DbPoolStats {
  /** Workers or connections the pool may open. */
  max: number;
  /** Open now. */
  open: number;
  /** Running a statement (or lent to a transaction) now. */
  busy: number;
  /** Statements or transactions waiting for a worker or a connection. */
  waiting: number;
}

/** Read workers per SQLite database unless KPIBOT_DB_READERS says otherwise (2: one per core here). */
export const DEFAULT_SQLITE_READERS = 2;
/** PostgreSQL connections per replica unless KPIBOT_DB_POOL or DATABASE_URL's connection_limit says otherwise. */
export const DEFAULT_PG_POOL = 10;

/** How openDb sizes the store's connections. */
export interface OpenDbOptions {
  /** SQLite: worker threads with their own read-only connection (0: every query on the main thread). */
  readers?: number;
  /** PostgreSQL: the most connections the pool opens (default: DATABASE_URL's connection_limit, else 10). */
  poolSize?: number;
}

/** A connection to the store: the Prisma client plus a small raw-SQL port for aggregates and bulk writes. */
export interface Db {
  readonly provider: Provider;
  readonly url: string;
  readonly prisma: Prisma;
  /**
   * Runs a read query with `?` placeholders; bigint/decimal results come back as numbers. On SQLite, a query
   * that reads a table outside a transaction runs in a read worker (its own WAL connection), off the event loop.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<T[]>;
  /** Runs a write statement with `?` placeholders; returns the affected row count. */
  execute(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /**
   * Runs a small, independent, idempotent write (an upsert, a claim) in one transaction with the others submitted at
   * the same moment (group commit, src/store/group-commit.ts); resolves with its affected row count once committed.
   * Inside a transaction: the same as `execute`.
   */
  executeGrouped(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /** What the group commit did (transactions, statements), for /metrics. */
  groupStats(): GroupCommitStats;
  /**
   * Runs statements in one transaction (a `Db` bound to the transaction is passed in), at most 120 s unless
   * `timeoutMs` says otherwise (the bulk-load benchmark's million rows in one transaction).
   */
  transaction<T>(fn: (tx: Db) => Promise<T>, options?: { timeoutMs?: number }): Promise<T>;
  /** Converts an instant to the value this provider stores (SQLite: epoch ms, PostgreSQL: Date). */
  instant(date: Date): SqlParam;
  /**
   * Whether a query outside a transaction sees only committed data. PostgreSQL: always. SQLite: with read
   * workers; without them (KPIBOT_DB_READERS=0, `:memory:`) a query may run inside a transaction still open on
   * the one connection. The answer cache needs this (an answer cached from uncommitted rows could outlive them).
   */
  readonly committedReads: boolean;
  /** How busy the read workers (SQLite) or the connection pool (PostgreSQL) are. */
  poolStats(): DbPoolStats;
  close(): Promise<void>;
}

/** Which provider a DATABASE_URL selects. */
export function providerOf(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new KpibotError(
    "CONFIG_INVALID",
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url.split(":")[0]}:…"`,
  );
}

/** The SQLite file path of a `file:` URL (relative paths resolve against the working directory). */
export function sqlitePath(url: string): string {
  const path = url.slice("file:".length).split("?")[0] ?? "";
  return path === ":memory:" ? path : resolve(path);
}

/** Turns `?` placeholders into PostgreSQL's `$1, $2…` (our SQL never has `?` inside literals). */
export function toPgPlaceholders(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

/** Raw results carry bigint (COUNT on PostgreSQL) or Decimal (NUMERIC); KPI code wants numbers. */
function normalizeRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === "bigint") row[k] = Number(v);
    else if (v !== null && typeof v === "object" && !(v instanceof Date) && "toNumber" in v) {
      row[k] = (v as { toNumber(): number }).toNumber();
    }
  }
  return row;
}

type RawRunner = {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
};

function bindParams(provider: Provider, params: readonly SqlParam[]): unknown[] {
  return params.map((p) => {
    if (p instanceof Date) return provider === "sqlite" ? p.getTime() : p;
    if (typeof p === "boolean" && provider === "sqlite") return p ? 1 : 0;
    return p;
  });
}

/** pg's type parsers, with int8 (20) and numeric (1700) read as numbers, as Prisma's raw rows once normalized. */
const PG_NUMBERS = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A statement that reads a table: worth a worker. Without FROM (`SELECT 1`) it costs less than the thread hop. */
function readsTable(sql: string): boolean {
  return /^\s*(SELECT|WITH)\b/i.test(sql) && /\bFROM\b/i.test(sql);
}

interface Connections {
  close(): Promise<void>;
  stats(): DbPoolStats;
  /** SQLite read connections (absent for PostgreSQL and `:memory:`; no workers with KPIBOT_DB_READERS=0). */
  reads?: SqliteReadPool;
  /** A Db bound to a transaction: grouped writes run in it at once. */
  inTransaction?: boolean;
  /** PostgreSQL's pool (absent inside a transaction, whose reads stay on its connection). */
  pool?: pg.Pool;
  /** How grouped writes reach the database (the provider's own connection, not Prisma's per-statement path). */
  writer?: (db: Db) => GroupWriter;
}

function makeDb(provider: Provider, url: string, prisma: Prisma, runner: RawRunner, conns: Connections): Db {
  const sqlFor = (sql: string) => (provider === "postgresql" ? toPgPlaceholders(sql) : sql);
  const onRunner = async (sql: string, params: readonly SqlParam[]) => {
    const rows = await runner.$queryRawUnsafe<Record<string, unknown>[]>(sqlFor(sql), ...bindParams(provider, params));
    return rows.map(normalizeRow);
  };
  let group: GroupCommit | undefined;
  const db: Db = {
    provider,
    url,
    prisma,
    async query<T>(sql: string, params: readonly SqlParam[] = [], options: QueryOptions = {}) {
      const reads = conns.reads;
      if (reads && options.inline) {
        const outcome = reads.runHere(sql, bindParams(provider, params));
        if (outcome !== "writes") return toQueryRows(outcome) as T[];
      } else if (conns.pool && (options.inline || readsTable(sql))) {
        // PostgreSQL, outside a transaction: the same pool, without Prisma's per-query work — its query compiler
        // and interpreter run on the loop that acknowledges requests, and cost more CPU than the one-row reads;
        // for KPI reads they were most of the loop's work in the first burst after a start. Numbers as Prisma
        // gives them once normalized (int8 and numeric as numbers, not pg's text).
        const res = await conns.pool.query({
          text: toPgPlaceholders(sql),
          values: bindParams(provider, params),
          types: PG_NUMBERS,
        });
        return res.rows as T[];
      } else if (reads && reads.size > 0 && readsTable(sql)) {
        const outcome = await reads.run(sql, bindParams(provider, params));
        if (outcome !== "writes") return toQueryRows(outcome) as T[];
      }
      return (await onRunner(sql, params)) as T[];
    },
    execute(sql, params = []) {
      return runner.$executeRawUnsafe(sqlFor(sql), ...bindParams(provider, params));
    },
    executeGrouped(sql, params = []) {
      if (conns.inTransaction) return db.execute(sql, params);
      group ??= groupCommit(conns.writer?.(db) ?? transactionWriter(db));
      return group.execute(sql, params);
    },
    groupStats: () => group?.stats() ?? { commits: 0, statements: 0, fallbacks: 0, waiting: 0 },
    async transaction(fn, options = {}) {
      // Inside a transaction every read stays on its connection: it must see the transaction's own writes.
      const inTx: Connections = { close: conns.close, stats: conns.stats, inTransaction: true };
      return prisma.$transaction((tx) => fn(makeDb(provider, url, prisma, tx as unknown as RawRunner, inTx)), {
        timeout: options.timeoutMs ?? 120_000,
        maxWait: 60_000,
      });
    },
    instant(date) {
      return provider === "sqlite" ? date.getTime() : date;
    },
    committedReads: provider === "postgresql" || (conns.reads?.size ?? 0) > 0,
    poolStats: () => conns.stats(),
    close: async () => {
      await group?.drain();
      await conns.close();
    },
  };
  return db;
}

/** Grouped writes through the Db's own transactions (each statement through Prisma). */
function transactionWriter(db: Db): GroupWriter {
  return {
    all: (statements) =>
      db.transaction(async (tx) => {
        const changed: number[] = [];
        for (const s of statements) changed.push(await tx.execute(s.sql, s.params));
        return changed;
      }),
    one: (s) => db.execute(s.sql, s.params),
  };
}

/**
 * SQLite's grouped writes: the group runs as one synchronous transaction (better-sqlite3's BEGIN, the statements
 * prepared once, COMMIT) on the adapter's own connection, captured when Prisma connects — a few microseconds a
 * statement instead of Prisma's per-statement work, and, being synchronous, nothing else on the event loop can slip a
 * statement into it. While a Prisma transaction is open on that connection (an import's), the group waits for it and
 * runs inside a Prisma transaction of its own instead (the adapter's lock orders them).
 */
function sqliteWriter(db: Db, connection: () => Database.Database | undefined): GroupWriter {
  const prepared = statementCache(100);
  const runAll = (conn: Database.Database, group: readonly Statement[]) =>
    group.map((s) => prepared(conn, s.sql).run(...bindParams("sqlite", s.params)).changes);
  let inOneGo: ((group: readonly Statement[]) => number[]) | undefined;
  const fallback = transactionWriter(db);
  return {
    all: async (group) => {
      const conn = connection();
      if (conn && !conn.inTransaction) {
        inOneGo ??= conn.transaction((items: readonly Statement[]) => runAll(conn, items));
        return inOneGo(group);
      }
      // Not captured (never expected once Prisma has connected): each statement through Prisma.
      if (!conn) return fallback.all(group);
      return db.transaction(async () => runAll(conn, group));
    },
    one: (s) => fallback.one(s),
  };
}

/** pg's own conversion of a parameter to the text it sends (the extended protocol's path), not typed by @types/pg. */
const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils.prepareValue;

/**
 * A statement with its parameters written in as literals: each `?` becomes the text pg would have sent for it
 * (`prepareValue`), quoted by pg's `escapeLiteral` (quotes doubled; with a backslash, an E'' string with it doubled)
 * — an untyped literal, which the server types from its context exactly as it types an untyped parameter. Every
 * SqlParam prepares to text or null.
 */
function withLiterals(sql: string, params: readonly unknown[]): string {
  const literals = params.map((param) => {
    const value = prepareValue(param);
    if (value === null || value === undefined) return "NULL";
    if (typeof value !== "string") throw new Error(`cannot write a ${typeof value} parameter as a literal`);
    return pg.escapeLiteral(value);
  });
  let i = 0;
  const text = sql.replace(/\?/g, () => literals[i++] ?? "NULL");
  if (i !== literals.length) throw new Error(`statement has ${i} placeholders for ${literals.length} parameters`);
  return text;
}

/**
 * PostgreSQL's grouped writes: one pooled connection and **one round trip** — the group's statements, parameters
 * written in as literals (`withLiterals`), sent as one simple-protocol query, which PostgreSQL runs as one
 * transaction (committed at its end; the first error rolls it all back). One statement after the other with a
 * round trip each, a group of 45 took 46 ms under a burst: each answer waited for a pass of the busy event loop.
 */
function pgWriter(pool: pg.Pool): GroupWriter {
  /**
   * Runs `work` (one query, committed by itself) on a pooled connection. An error PostgreSQL sent (it has a SQLSTATE)
   * means nothing was applied and the connection is fine; no answer at all (the connection dropped) means nobody
   * knows whether it was committed: the connection is destroyed and the outcome reported unknown.
   */
  const answered = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      const result = await work(client);
      client.release();
      return result;
    } catch (error) {
      if (typeof (error as { code?: unknown }).code === "string") {
        client.release();
        throw error;
      }
      client.release(true);
      throw new CommitOutcomeUnknown(error);
    }
  };
  const one = (s: Statement): Promise<number> =>
    answered(async (client) => {
      const res = await client.query(toPgPlaceholders(s.sql), bindParams("postgresql", s.params));
      return res.rowCount ?? 0;
    });
  const all = async (group: readonly Statement[]): Promise<number[]> => {
    const text = group
      .map((s) => withLiterals(s.sql, bindParams("postgresql", s.params)).trim().replace(/;+$/, ""))
      .join(";\n");
    const results = await answered((client) => client.query(text) as Promise<pg.QueryResult | pg.QueryResult[]>);
    const list = Array.isArray(results) ? results : [results];
    return group.map((_, i) => list[i]?.rowCount ?? 0);
  };
  return { all, one };
}

/** The PostgreSQL pool size: the option, else DATABASE_URL's connection_limit (Prisma's name for it), else 10. */
export function pgPoolSize(url: string, size?: number): number {
  if (size !== undefined) return size;
  let limit = Number.NaN;
  try {
    limit = Number(new URL(url).searchParams.get("connection_limit") ?? Number.NaN);
  } catch {
    // Not a URL the WHATWG parser takes (pg's own parser is more lenient): no limit given.
  }
  return Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_PG_POOL;
}

/** Opens the store a DATABASE_URL points at (creating the SQLite file's folder when needed). */
export async function openDb(url: string, options: OpenDbOptions = {}): Promise<Db> {
  const provider = providerOf(url);
  if (provider === "sqlite") {
    const path = sqlitePath(url);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    // Instants as epoch milliseconds: integer comparisons and differences in SQL, same as PostgreSQL's math.
    const adapter = new PrismaBetterSqlite3({ url: `file:${path}` }, { timestampFormat: "unixepoch-ms" });
    // The better-sqlite3 handle the adapter opens, for the group commit's direct statements (sqliteWriter).
    let connection: Database.Database | undefined;
    const connect = adapter.connect.bind(adapter);
    adapter.connect = async () => {
      const opened = await connect();
      connection = (opened as unknown as { client?: Database.Database }).client;
      return opened;
    };
    const prisma = new SqliteClient({ adapter });
    // WAL lets readers (KPI answers) run while an import writes; foreign keys are off by default in SQLite.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    // In WAL mode NORMAL is still crash-safe for the application; it only skips an fsync per commit,
    // which otherwise stalls the event loop (and Slack's 3-second acknowledgement) under bursts.
    await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    await prisma.$queryRawUnsafe("PRAGMA busy_timeout = 10000");
    // A :memory: database exists only on its own connection: it cannot be shared with worker threads.
    const readers = path === ":memory:" ? 0 : (options.readers ?? DEFAULT_SQLITE_READERS);
    const reads = path === ":memory:" ? undefined : new SqliteReadPool(path, readers);
    // Booting a thread and loading the driver takes ~0.1 s: done now, beside start-up, not on the first answer.
    reads?.warm();
    return makeDb(provider, url, prisma, prisma, {
      reads,
      writer: (db) => sqliteWriter(db, () => connection),
      stats: () => {
        const s = reads?.stats() ?? { size: 0, busy: 0, waiting: 0 };
        return { max: readers, open: s.size, busy: s.busy, waiting: s.waiting };
      },
      close: async () => {
        await reads?.close();
        await prisma.$disconnect();
      },
    });
  }
  // Our own pg.Pool (not one the adapter builds) so its size is ours and its counters can be read for /metrics.
  const max = pgPoolSize(url, options.poolSize);
  const pool = new pg.Pool({ connectionString: url, max });
  // The adapter's pg types are a newer @types/pg than ours; the runtime pg is the same package.
  const adapter = new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], {
    disposeExternalPool: true,
  });
  const prisma = new PgClient({ adapter }) as unknown as Prisma;
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
  } catch (cause) {
    await prisma.$disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw new KpibotError(
      "DB_UNREACHABLE",
      `Cannot reach PostgreSQL at ${url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@")} — is the server running and DATABASE_URL right?`,
      { cause },
    );
  }
  return makeDb(provider, url, prisma, prisma, {
    pool,
    writer: () => pgWriter(pool),
    stats: () => ({ max, open: pool.totalCount, busy: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      await prisma.$disconnect();
      // disposeExternalPool ends it with the client; ending it again is harmless, leaving it open is not.
      if (!pool.ended) await pool.end();
    },
  });
}
