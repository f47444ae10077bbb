import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_TABLES, seedDemo } from "../../src/seed/index.js";
import { type Db, openDb } from "../../src/store/db.js";
import { migrate } from "../../src/store/migrate.js";
import { prismaRepositories } from "../../src/store/prisma-repositories.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";

const NOW = new Date("2026-11-15T10:00:00Z");

/** Prisma's raw rows as kpibot reads them: bigint and Decimal as numbers (the reference, written out here). */
function asNumbers(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === "bigint"
          ? Number(v)
          : v !== null && typeof v === "object" && "toNumber" in v
            ? (v as { toNumber(): number }).toNumber()
            : v,
      ]),
    ),
  );
}

// Reads outside a transaction go through pg, not Prisma's query compiler and interpreter (CPU on the loop that
// acknowledges requests): the rows must be the ones Prisma gave, value types included.
describe.runIf((await testProviders()).includes("postgresql"))("PostgreSQL reads through pg", () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    await migrate(database.url);
    db = await openDb(database.url);
    await seedDemo(prismaRepositories(db), { tickets: 800, months: 6, seed: 11, now: NOW, timezone: "Europe/Paris" });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it("returns exactly Prisma's rows for every table and for aggregates, without going through Prisma", async () => {
    const prismaRaw = vi.spyOn(db.prisma, "$queryRawUnsafe");
    // The reference goes through Prisma (the spy calls it): the calls it makes are cleared after each use.
    const reference = async (sql: string, ...params: unknown[]) => {
      const rows = asNumbers(await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params));
      prismaRaw.mockClear();
      return rows;
    };
    try {
      for (const table of [...DEMO_TABLES, "data_versions"]) {
        const sql = `SELECT * FROM "${table}" ORDER BY 1`;
        const got = await db.query(sql);
        expect(prismaRaw).not.toHaveBeenCalled();
        const want = await reference(sql);
        expect(got.length, table).toBe(want.length);
        expect(isDeepStrictEqual(got, want), `${table}: pg rows differ from Prisma's`).toBe(true);
      }
      const sql = `SELECT MIN(opened_at) AS first, COUNT(*) AS n, AVG(priority) AS mean, SUM(priority) AS total,
        EXTRACT(EPOCH FROM MAX(resolved_at) - MIN(opened_at)) AS span, 'x' || COUNT(*) AS label, NULL AS empty,
        bool_or(first_contact_resolution) AS any_fcr FROM tickets WHERE priority = ?`;
      const got = await db.query(sql, [2]);
      expect(prismaRaw).not.toHaveBeenCalled();
      expect(got).toStrictEqual(await reference(sql.replace("?", "$1"), 2));
      expect(got[0]?.n).toBeTypeOf("number");
      expect(got[0]?.mean).toBeTypeOf("number");
      expect(got[0]?.first).toBeInstanceOf(Date);
    } finally {
      prismaRaw.mockRestore();
    }
  });
});
