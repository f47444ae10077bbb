import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { KpibotError } from "../errors.js";
import { packageRoot } from "../paths.js";
import { type Provider, providerOf, sqlitePath } from "./db.js";

/** One migration folder in Prisma's layout. */
export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** What `migrate` did. */
export interface MigrateResult {
  provider: Provider;
  applied: string[];
  alreadyApplied: string[];
}

/** Reads prisma/<provider>/migrations/<name>/migration.sql in name order. */
export function listMigrations(
  provider: Provider,
  dir = join(packageRoot, "prisma", provider, "migrations"),
): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      // Prisma records the SHA-256 of migration.sql; keeping the same makes `prisma migrate deploy` agree with us.
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// Prisma's own bookkeeping table, so `prisma migrate deploy/status` sees what kpibot applied and vice versa.
const HISTORY_SQLITE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
    "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;
const HISTORY_PG = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;
// The key Prisma Migrate itself locks with, so kpibot replicas and `prisma migrate` never migrate at once.
const PG_LOCK_KEY = 72707369;

function checkChecksums(applied: Map<string, string>, migrations: Migration[]): void {
  for (const m of migrations) {
    const sum = applied.get(m.name);
    if (sum !== undefined && sum !== m.checksum) {
      throw new KpibotError(
        "MIGRATION_FAILED",
        `Migration ${m.name} was changed after it was applied (checksum differs). Restore the file, or add a new migration instead of editing an applied one.`,
      );
    }
  }
}

function migrateSqlite(url: string, migrations: Migration[]): MigrateResult {
  const db = new Database(sqlitePath(url));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    db.exec(HISTORY_SQLITE);
    // BEGIN IMMEDIATE takes SQLite's write lock before reading the history, so two processes
    // starting at once cannot both decide to apply the same migration.
    const run = db.transaction(() => {
      const rows = db
        .prepare(
          `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
        .all() as { migration_name: string; checksum: string }[];
      const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
      checkChecksums(done, migrations);
      const applied: string[] = [];
      for (const m of migrations.filter((x) => !done.has(x.name))) {
        const started = new Date().toISOString();
        try {
          db.exec(m.sql);
        } catch (cause) {
          throw new KpibotError("MIGRATION_FAILED", `Migration ${m.name} failed: ${(cause as Error).message}`, {
            cause,
          });
        }
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), m.checksum, new Date().toISOString(), m.name, started);
        applied.push(m.name);
      }
      return { applied, done };
    });
    const { applied, done } = run.immediate();
    return { provider: "sqlite", applied, alreadyApplied: [...done.keys()] };
  } finally {
    db.close();
  }
}

async function migratePg(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (cause) {
    throw new KpibotError("DB_UNREACHABLE", `Cannot reach PostgreSQL to migrate: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_KEY]);
    await client.query(HISTORY_PG);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    checkChecksums(done, migrations);
    const applied: string[] = [];
    for (const m of migrations.filter((x) => !done.has(x.name))) {
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (cause) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new KpibotError("MIGRATION_FAILED", `Migration ${m.name} failed: ${(cause as Error).message}`, { cause });
      }
      applied.push(m.name);
    }
    return { provider: "postgresql", applied, alreadyApplied: [...done.keys()] };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/**
 * Applies the pending migrations of the DATABASE_URL's provider, recording them in Prisma's
 * `_prisma_migrations` table. Safe to run at every start and from several replicas at once.
 */
export async function migrate(url: string, opts: { dir?: string } = {}): Promise<MigrateResult> {
  const provider = providerOf(url);
  const migrations = listMigrations(provider, opts.dir);
  if (provider === "sqlite") {
    const path = sqlitePath(url);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    return migrateSqlite(url, migrations);
  }
  return migratePg(url, migrations);
}
