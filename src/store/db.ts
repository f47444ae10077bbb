import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { KpibotError } from "../errors.js";
import { PrismaClient as PgClient } from "./generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";

/** The two databases kpibot runs on. */
export type Provider = "sqlite" | "postgresql";

/**
 * The Prisma client kpibot uses. Both generated clients share one model, so the SQLite client's
 * type describes either; the provider-specific differences live in raw SQL only.
 */
export type Prisma = SqliteClient;

/** A SQL value bound to a `?` placeholder. Dates are converted per provider. */
export type SqlParam = string | number | boolean | null | Date;

/** A connection to the store: the Prisma client plus a small raw-SQL port for aggregates and bulk writes. */
export interface Db {
  readonly provider: Provider;
  readonly url: string;
  readonly prisma: Prisma;
  /** Runs a read query with `?` placeholders; bigint/decimal results come back as numbers. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs a write statement with `?` placeholders; returns the affected row count. */
  execute(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /** Runs statements in one transaction (a `Db` bound to the transaction is passed in). */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Converts an instant to the value this provider stores (SQLite: epoch ms, PostgreSQL: Date). */
  instant(date: Date): SqlParam;
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

function makeDb(provider: Provider, url: string, prisma: Prisma, runner: RawRunner, close: () => Promise<void>): Db {
  const sqlFor = (sql: string) => (provider === "postgresql" ? toPgPlaceholders(sql) : sql);
  const db: Db = {
    provider,
    url,
    prisma,
    async query<T>(sql: string, params: readonly SqlParam[] = []) {
      const rows = await runner.$queryRawUnsafe<Record<string, unknown>[]>(
        sqlFor(sql),
        ...bindParams(provider, params),
      );
      return rows.map(normalizeRow) as T[];
    },
    execute(sql, params = []) {
      return runner.$executeRawUnsafe(sqlFor(sql), ...bindParams(provider, params));
    },
    async transaction(fn) {
      return prisma.$transaction((tx) => fn(makeDb(provider, url, prisma, tx as unknown as RawRunner, close)), {
        timeout: 120_000,
        maxWait: 60_000,
      });
    },
    instant(date) {
      return provider === "sqlite" ? date.getTime() : date;
    },
    close,
  };
  return db;
}

/** Opens the store a DATABASE_URL points at (creating the SQLite file's folder when needed). */
export async function openDb(url: string): Promise<Db> {
  const provider = providerOf(url);
  if (provider === "sqlite") {
    const path = sqlitePath(url);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    // Instants as epoch milliseconds: integer comparisons and differences in SQL, same as PostgreSQL's math.
    const adapter = new PrismaBetterSqlite3({ url: `file:${path}` }, { timestampFormat: "unixepoch-ms" });
    const prisma = new SqliteClient({ adapter });
    // WAL lets readers (KPI answers) run while an import writes; foreign keys are off by default in SQLite.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    // In WAL mode NORMAL is still crash-safe for the application; it only skips an fsync per commit,
    // which otherwise stalls the event loop (and Slack's 3-second acknowledgement) under bursts.
    await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    await prisma.$queryRawUnsafe("PRAGMA busy_timeout = 10000");
    return makeDb(provider, url, prisma, prisma, () => prisma.$disconnect());
  }
  const adapter = new PrismaPg({ connectionString: url });
  const prisma = new PgClient({ adapter }) as unknown as Prisma;
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
  } catch (cause) {
    await prisma.$disconnect().catch(() => undefined);
    throw new KpibotError(
      "DB_UNREACHABLE",
      `Cannot reach PostgreSQL at ${url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@")} — is the server running and DATABASE_URL right?`,
      { cause },
    );
  }
  return makeDb(provider, url, prisma, prisma, () => prisma.$disconnect());
}
