import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isKpibotError } from "../../src/errors.js";
import { openDb } from "../../src/store/db.js";
import { listMigrations, migrate } from "../../src/store/migrate.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";

describe.each(await testProviders())("kpibot db migrate on %s", (provider) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it("applies every migration once, then reports the database up to date", async () => {
    database = await createTestDatabase(provider);
    const all = listMigrations(provider).map((m) => m.name);
    expect(all.length).toBeGreaterThan(0);
    const first = await migrate(database.url);
    expect(first.applied).toEqual(all);
    const second = await migrate(database.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied.sort()).toEqual(all);
  });

  it("several replicas migrating at once apply each migration exactly once", async () => {
    database = await createTestDatabase(provider);
    const url = database.url;
    const results = await Promise.allSettled([migrate(url), migrate(url), migrate(url)]);
    const ok = results.filter((r) => r.status === "fulfilled");
    // PostgreSQL serialises on Prisma's advisory lock; SQLite's file lock makes losers wait (busy_timeout).
    expect(ok.length).toBe(3);
    const db = await openDb(url);
    try {
      const rows = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM "_prisma_migrations"`);
      expect(rows[0]?.n).toBe(listMigrations(provider).length);
    } finally {
      await db.close();
    }
  });

  it("refuses a migration edited after it was applied", async () => {
    database = await createTestDatabase(provider);
    await migrate(database.url);
    const dir = mkdtempSync(join(tmpdir(), "kpibot-mig-"));
    cpSync(join(process.cwd(), "prisma", provider, "migrations"), dir, { recursive: true });
    const first = listMigrations(provider, dir)[0];
    if (!first) throw new Error("no migration");
    writeFileSync(join(dir, first.name, "migration.sql"), `${first.sql}\n-- edited\n`);
    const edited = listMigrations(provider, dir)[0];
    expect(edited?.checksum).not.toBe(first.checksum);
    const err = await migrate(database.url, { dir }).catch((e: unknown) => e);
    expect(isKpibotError(err, "MIGRATION_FAILED")).toBe(true);
    expect((err as Error).message).toContain(first.name);
    expect((err as Error).message).toMatch(/changed after it was applied/);
  });
});

describe("migrate errors", () => {
  it("says PostgreSQL is unreachable instead of throwing a driver error", async () => {
    const err = await migrate("postgresql://postgres@127.0.0.1:1/nothing").catch((e: unknown) => e);
    expect(isKpibotError(err, "DB_UNREACHABLE")).toBe(true);
  });
});
