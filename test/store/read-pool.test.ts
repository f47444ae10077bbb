import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.js";
import { createHttp } from "../../src/http/server.js";
import { KPI_DEFINITIONS } from "../../src/kpi/definitions.js";
import { createKpiEngine } from "../../src/kpi/engine.js";
import type { KpiQuery } from "../../src/kpi/types.js";
import { parsePeriod } from "../../src/periods/index.js";
import { DEMO_TABLES, seedDemo } from "../../src/seed/index.js";
import { type Db, openDb, pgPoolSize, type SqlParam } from "../../src/store/db.js";
import { migrate } from "../../src/store/migrate.js";
import { prismaRepositories } from "../../src/store/prisma-repositories.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.js";

const NOW = new Date("2026-11-15T10:00:00Z");
const TZ = "Europe/Paris";

/** A query that keeps one core busy for a while (three million rows of a recursive CTE), reading a table. */
const HEAVY = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000)
  SELECT COUNT(*) AS n, (SELECT COUNT(*) FROM tickets) AS t FROM c`;

describe("SQLite reads in worker threads", () => {
  let database: TestDatabase;
  /** Reads in two worker threads (the default). */
  let pooled: Db;
  /** Every query on the main thread, through Prisma: the reference. */
  let inProcess: Db;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    await migrate(database.url);
    pooled = await openDb(database.url, { readers: 2 });
    inProcess = await openDb(database.url, { readers: 0 });
    await seedDemo(prismaRepositories(inProcess), { tickets: 1500, months: 8, seed: 7, now: NOW, timezone: TZ });
  });
  afterAll(async () => {
    await pooled?.close();
    await inProcess?.close();
    await database?.drop();
  });

  it("returns exactly the rows the in-process path returns, value types included, for every table", async () => {
    const tables = [...DEMO_TABLES, "data_versions", "_prisma_migrations"];
    for (const table of tables) {
      const sql = `SELECT * FROM "${table}" ORDER BY 1`;
      const [a, b] = await Promise.all([pooled.query(sql), inProcess.query(sql)]);
      expect(a.length, table).toBe(b.length);
      expect(isDeepStrictEqual(a, b), `${table}: worker rows differ from Prisma's`).toBe(true);
    }
    // Aggregates and expressions without a declared type: numbers (instants as epoch ms), text, null, booleans.
    const sql = `SELECT MIN(opened_at) AS first, MAX(resolved_at) AS last, COUNT(*) AS n, AVG(priority) AS mean,
      SUM(first_contact_resolution) AS fcr, 'x' || COUNT(*) AS label, NULL AS empty, 9007199254740993 AS big,
      MAX(first_contact_resolution) AS flag, opened_at AS at FROM tickets WHERE priority = ?`;
    const [a, b] = await Promise.all([pooled.query(sql, [2]), inProcess.query(sql, [2])]);
    expect(a).toStrictEqual(b);
    expect(a[0]?.first).toBeTypeOf("number");
    expect(a[0]?.at).toBeInstanceOf(Date);
  });

  it("answers every KPI exactly as the in-process path does: each of the engine's queries, run both ways", async () => {
    const mismatches: string[] = [];
    let compared = 0;
    // The engine's Db: every query runs in a worker and in-process, and the two results must be identical.
    const both: Db = {
      ...pooled,
      async query<T>(sql: string, params: readonly SqlParam[] = []) {
        const [a, b] = await Promise.all([pooled.query<T>(sql, params), inProcess.query<T>(sql, params)]);
        compared++;
        if (!isDeepStrictEqual(a, b)) mismatches.push(sql);
        return a;
      },
    };
    const engine = createKpiEngine({
      db: both,
      targets: prismaRepositories(pooled).targets,
      timezone: TZ,
      clock: fixedClock(NOW),
    });
    const reference = createKpiEngine({
      db: inProcess,
      targets: prismaRepositories(inProcess).targets,
      timezone: TZ,
      clock: fixedClock(NOW),
    });
    const parsed = parsePeriod("2026-10", { now: NOW, timezone: TZ });
    if (!parsed.ok) throw new Error(parsed.message);
    for (const def of KPI_DEFINITIONS) {
      const queries: KpiQuery[] = [{ kpi: def.id, period: parsed.period }];
      for (const breakdown of def.dimensions) queries.push({ kpi: def.id, period: parsed.period, breakdown });
      for (const query of queries) {
        const [a, b] = await Promise.allSettled([engine.answer(query), reference.answer(query)]);
        expect(a.status, `${def.id} ${query.breakdown ?? ""}`).toBe(b.status);
        if (a.status === "fulfilled" && b.status === "fulfilled") expect(a.value).toStrictEqual(b.value);
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
  });

  it("answers a read while a long write transaction is open (WAL), with the committed data", async () => {
    const count = async (db: Db) => (await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM tickets"))[0]?.n;
    const before = await count(pooled);
    const seen = await pooled.transaction(async (tx) => {
      await tx.execute(
        "INSERT INTO tickets (source, external_id, kind, opened_at, updated_at) VALUES ('wal', 'W-1', 'incident', ?, ?)",
        [NOW, NOW],
      );
      // Issued and answered while this transaction is still open: a worker reads the last committed state.
      const outside = await count(pooled);
      const inside = await count(tx);
      return { outside, inside };
    });
    expect(seen).toEqual({ outside: before, inside: (before ?? 0) + 1 });
    expect(await count(pooled)).toBe((before ?? 0) + 1);
    await pooled.execute("DELETE FROM tickets WHERE source = 'wal'");
  });

  it("keeps the event loop free while a heavy query runs in a worker", async () => {
    const order: string[] = [];
    const heavy = pooled.query(HEAVY).then(() => order.push("heavy query"));
    await new Promise<void>((resolve) => setImmediate(resolve));
    order.push("setImmediate");
    // The other worker and this thread keep answering: a light read and an in-process statement.
    await pooled.query("SELECT COUNT(*) AS n FROM data_versions");
    order.push("light read");
    await heavy;
    expect(order).toEqual(["setImmediate", "light read", "heavy query"]);
  });

  it("runs a write sent through query() on the writer's connection", async () => {
    const rows = await pooled.query<{ id: number }>(
      "INSERT INTO kpi_targets (kpi, dimension, dim_value, target, updated_at) VALUES ('fcr', 'x', 'y', 1, ?) RETURNING id",
      [NOW],
    );
    expect(rows[0]?.id).toBeTypeOf("number");
    expect(await pooled.execute("DELETE FROM kpi_targets WHERE dimension = 'x'")).toBe(1);
  });

  it("keeps SQLite's error message", async () => {
    await expect(pooled.query("SELECT * FROM no_such_table")).rejects.toThrow(/no such table: no_such_table/);
    await expect(pooled.query("SELECT nope FROM tickets")).rejects.toThrow(/no such column: nope/);
    // The pool still answers afterwards.
    expect((await pooled.query<{ n: number }>("SELECT COUNT(*) AS n FROM data_versions"))[0]?.n).toBe(10);
  });

  it("closes its workers with db.close(): a query waiting then fails instead of hanging", async () => {
    const db = await openDb(database.url, { readers: 1 });
    await db.query("SELECT COUNT(*) AS n FROM tickets");
    expect(db.poolStats()).toMatchObject({ max: 1, open: 1, busy: 0 });
    const busy = db.query(HEAVY);
    const waiting = db.query("SELECT COUNT(*) AS n FROM tickets");
    expect(db.poolStats()).toMatchObject({ busy: 1, waiting: 1 });
    const failed = Promise.allSettled([busy, waiting]);
    await db.close();
    const [a, b] = await failed;
    expect(a.status === "rejected" && String(a.reason)).toMatch(/closed/);
    expect(b.status === "rejected" && String(b.reason)).toMatch(/closed/);
    expect(db.poolStats()).toMatchObject({ open: 0, busy: 0, waiting: 0 });
    await expect(db.query("SELECT COUNT(*) AS n FROM tickets")).rejects.toThrow(/closed/);
  });

  it("never keeps a process alive: a script that reads and never closes the database exits by itself", async () => {
    const script = join(database.url.slice("file:".length), "..", "no-close.mts");
    const dbModule = JSON.stringify(join(process.cwd(), "src/store/db.ts"));
    writeFileSync(
      script,
      `import { openDb } from ${dbModule};
       const db = await openDb(${JSON.stringify(database.url)}, { readers: 2 });
       const [a, b] = await Promise.all([db.query("SELECT COUNT(*) AS n FROM tickets"), db.query("SELECT 1 AS x FROM tickets LIMIT 1")]);
       console.log("read", a[0].n, b.length);\n`,
    );
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["--import", "tsx", script], { cwd: process.cwd() }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    expect(out).toMatch(/^read \d+ 1$/m);
  });
});

describe("kpibot on SQLite while a heavy read runs", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite", { env: { KPIBOT_DB_READERS: "1" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers /healthz while the only read worker is busy", async () => {
    const order: string[] = [];
    const heavy = t.app.db.query(HEAVY).then(() => order.push("heavy query"));
    const health = await createHttp(t.app).request("/healthz");
    order.push(`healthz ${health.status}`);
    await heavy;
    expect(order).toEqual(["healthz 200", "heavy query"]);
  });
});

describe("the PostgreSQL pool size", () => {
  it("is KPIBOT_DB_POOL, else DATABASE_URL's connection_limit, else 10", () => {
    expect(pgPoolSize("postgresql://u:p@db:5432/kpibot", 4)).toBe(4);
    expect(pgPoolSize("postgresql://u:p@db:5432/kpibot?connection_limit=25&sslmode=require")).toBe(25);
    expect(pgPoolSize("postgresql://u:p@db:5432/kpibot")).toBe(10);
    expect(pgPoolSize("postgresql://u:p@db:5432/kpibot?connection_limit=zero")).toBe(10);
  });
});
