import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Provider } from "../src/store/db.js";

/** The PostgreSQL server tests use (ENVIRONMENT.md: trust auth on 127.0.0.1:5432). */
export const PG_ADMIN_URL = process.env.KPIBOT_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

let pgReachable: Promise<boolean> | undefined;

/** Whether the test PostgreSQL server answers. */
export function postgresReachable(): Promise<boolean> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgReachable;
}

/**
 * The providers a database test suite runs on. PostgreSQL is included when reachable; in CI
 * (CI=true) an unreachable PostgreSQL is a failure, never a silent skip.
 */
export async function testProviders(): Promise<Provider[]> {
  if (await postgresReachable()) return ["sqlite", "postgresql"];
  if (process.env.CI === "true") {
    throw new Error(`PostgreSQL is unreachable at ${PG_ADMIN_URL} but CI=true: PostgreSQL tests must run in CI.`);
  }
  return ["sqlite"];
}

/** A fresh, empty database of one provider; `drop()` removes it. */
export interface TestDatabase {
  provider: Provider;
  url: string;
  drop(): Promise<void>;
}

/** Creates a fresh database: a new SQLite file in a temp folder, or a new PostgreSQL database with a random name. */
export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "kpibot-test-"));
    return {
      provider,
      url: `file:${join(dir, "kpibot.db")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `kpibot_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = PG_ADMIN_URL.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`);
  return {
    provider,
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
