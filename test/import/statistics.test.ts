import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importTickets } from "../../src/import/index.js";
import type { Db } from "../../src/store/db.js";
import { ANALYZE_MIN_ROWS } from "../../src/store/statistics.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { csv, HEADER, tempDir } from "./fixtures.js";

const rows = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `T-${from + i},incident,,,,,,,,,2026-03-02T09:15:00Z,,,,,,,,,`);

/** What the planner knows of `tickets`: SQLite's sqlite_stat1 rows, PostgreSQL's estimated row count. */
async function plannerKnows(db: Db): Promise<number> {
  if (db.provider === "sqlite") {
    const [t] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'");
    if (Number(t?.n) === 0) return 0;
    const [s] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE tbl = 'tickets'");
    return Number(s?.n);
  }
  const [r] = await db.query<{ n: number }>("SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'tickets'");
  return Math.max(0, Number(r?.n));
}

describe.each(await testProviders())("planner statistics after an import on %s", (provider) => {
  let t: TestApp;
  const dir = tempDir();
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    dir.remove();
    await t.close();
  });

  it("a small import leaves them alone; one writing ANALYZE_MIN_ROWS rows refreshes them", async () => {
    await importTickets({ repos: t.app.repos }, dir.write("small.csv", csv(HEADER, ...rows(0, 100))));
    if (provider === "sqlite") expect(await plannerKnows(t.app.db)).toBe(0);
    await importTickets({ repos: t.app.repos }, dir.write("big.csv", csv(HEADER, ...rows(100, ANALYZE_MIN_ROWS))));
    if (provider === "sqlite") expect(await plannerKnows(t.app.db)).toBeGreaterThan(0);
    else expect(await plannerKnows(t.app.db)).toBe(ANALYZE_MIN_ROWS + 100);
  });
});
