import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { seedDemo } from "../src/seed/index.js";
import { type Db, openDb, type Provider, sqlitePath } from "../src/store/db.js";
import { listMigrations, migrate } from "../src/store/migrate.js";
import { prismaRepositories } from "../src/store/prisma-repositories.js";

/** The seeded data set: fixed so runs, caches and both databases hold the same tickets. */
export const DATASET = {
  now: new Date("2026-11-28T12:00:00Z"),
  months: 24,
  seed: 1,
  timezone: "Europe/Paris",
} as const;

/** The PostgreSQL server the bench creates its throwaway database on (ENVIRONMENT.md: trust auth). */
export const PG_ADMIN_URL = process.env.KPIBOT_BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const CACHE_DIR = join("bench", ".cache");

/** A migrated, seeded database ready to be measured; `drop()` deletes it. */
export interface BenchDatabase {
  provider: Provider;
  url: string;
  /** Seeding time in ms (from the cache's record when the SQLite file was reused). */
  seedMs: number;
  cached: boolean;
  drop(): Promise<void>;
}

/** A fresh empty database: a temp SQLite file, or a PostgreSQL database with a random name. */
export async function emptyDatabase(provider: Provider): Promise<{ url: string; drop(): Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "kpibot-bench-"));
    return { url: `file:${join(dir, "bench.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `kpibot_bench_${randomBytes(5).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  return {
    url: PG_ADMIN_URL.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Runs `fn` on a fresh empty migrated database, dropped afterwards. */
export async function onFreshDatabase<T>(provider: Provider, fn: (db: Db) => Promise<T>): Promise<T> {
  const target = await emptyDatabase(provider);
  try {
    await migrate(target.url);
    const db = await openDb(target.url);
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  } finally {
    await target.drop();
  }
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Refreshes planner statistics after a bulk load. PostgreSQL also needs VACUUM to set the visibility map,
 * without which index-only scans still visit the table.
 */
export async function analyze(db: Db): Promise<void> {
  if (db.provider === "postgresql") await db.execute("VACUUM ANALYZE");
  else await db.execute("ANALYZE");
}

/** Seeds the bench data set into a migrated database; returns the seeding time in ms. */
export async function seed(url: string, tickets: number, log: (line: string) => void): Promise<number> {
  const db = await openDb(url);
  try {
    let next = 10;
    const started = performance.now();
    await seedDemo(prismaRepositories(db), {
      tickets,
      months: DATASET.months,
      seed: DATASET.seed,
      now: DATASET.now,
      timezone: DATASET.timezone,
      onProgress: (p) => {
        if (p.phase !== "tickets" || (100 * p.done) / p.total < next) return;
        log(`  seeded ${p.done.toLocaleString("en-US")} tickets (${next}%)`);
        next += 10;
      },
    });
    const ms = performance.now() - started;
    await analyze(db);
    // Fold the WAL into the file so the file alone can be copied to the cache.
    if (db.provider === "sqlite") await db.query("PRAGMA wal_checkpoint(TRUNCATE)");
    return ms;
  } finally {
    await db.close();
  }
}

/** The cache file name: changes when the seeder, the bulk writer or the migrations change. */
function cacheKey(tickets: number): string {
  const hash = createHash("sha256");
  for (const dir of ["src/seed", "src/store"]) {
    for (const f of readdirSync(dir).sort()) if (f.endsWith(".ts")) hash.update(readFileSync(join(dir, f)));
  }
  for (const m of listMigrations("sqlite")) hash.update(m.checksum);
  hash.update(JSON.stringify({ ...DATASET, tickets }));
  return `sqlite-${tickets}-${hash.digest("hex").slice(0, 12)}`;
}

/** A migrated database seeded with `tickets` tickets (SQLite: a temp copy of the cached file when there is one). */
export async function seededDatabase(
  provider: Provider,
  tickets: number,
  fresh: boolean,
  log: (line: string) => void,
): Promise<BenchDatabase> {
  const target = await emptyDatabase(provider);
  try {
    await migrate(target.url);
    if (provider === "sqlite") {
      const key = cacheKey(tickets);
      const file = join(CACHE_DIR, `${key}.db`);
      const meta = join(CACHE_DIR, `${key}.json`);
      if (!fresh && existsSync(file) && existsSync(meta)) {
        log(`  reusing ${file}`);
        copyFileSync(file, sqlitePath(target.url));
        const { seedMs } = JSON.parse(readFileSync(meta, "utf8")) as { seedMs: number };
        return { provider, url: target.url, seedMs, cached: true, drop: target.drop };
      }
      const seedMs = await seed(target.url, tickets, log);
      mkdirSync(CACHE_DIR, { recursive: true });
      copyFileSync(sqlitePath(target.url), file);
      writeFileSync(meta, JSON.stringify({ seedMs, at: new Date().toISOString() }));
      return { provider, url: target.url, seedMs, cached: false, drop: target.drop };
    }
    const seedMs = await seed(target.url, tickets, log);
    return { provider, url: target.url, seedMs, cached: false, drop: target.drop };
  } catch (error) {
    await target.drop();
    throw error;
  }
}
