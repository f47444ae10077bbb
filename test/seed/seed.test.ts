import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.js";
import { isKpibotError } from "../../src/errors.js";
import { DEMO_TABLES, type SeedSummary, seedDemo, seedIfEmpty } from "../../src/seed/index.js";
import type { Db } from "../../src/store/db.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const NOW = new Date("2026-03-15T10:00:00Z");
// The month before NOW, in Europe/Paris: [1 Feb 2026 00:00+01:00, 1 Mar 2026 00:00+01:00).
const FEB = new Date("2026-01-31T23:00:00Z");
const MAR = new Date("2026-02-28T23:00:00Z");
const SMALL = { tickets: 3000, months: 12, seed: 7, now: NOW };

const count = async (db: Db, sql: string, params: (string | number | Date)[] = []) =>
  Number((await db.query<{ n: number }>(sql, params))[0]?.n ?? Number.NaN);

/** Aggregates that change if any generated value changes (same SQL on both providers). */
async function fingerprint(db: Db): Promise<unknown> {
  const perTable = [];
  for (const t of DEMO_TABLES) perTable.push([t, await count(db, `SELECT COUNT(*) AS n FROM "${t}"`)]);
  const tickets = await db.query(
    `SELECT "group_name" AS g, "channel" AS c, COUNT(*) AS n, SUM("priority") AS p, SUM("support_level") AS l,
            SUM(CASE WHEN "first_contact_resolution" THEN 1 ELSE 0 END) AS f,
            SUM(CASE WHEN "resolved_at" IS NULL THEN 1 ELSE 0 END) AS o,
            SUM(CASE WHEN "resolved_at" <= "resolution_due_at" THEN 1 ELSE 0 END) AS s,
            MIN("opened_at") AS first, MAX("opened_at") AS last, MAX("resolved_at") AS lastres
       FROM "tickets" GROUP BY "group_name", "channel" ORDER BY 1, 2`,
  );
  const costs = await db.query(
    `SELECT "category" AS c, ROUND(SUM("actual")) AS a, ROUND(SUM("budget")) AS b FROM "cost_lines" GROUP BY 1 ORDER BY 1`,
  );
  const answers = await db.query(
    `SELECT q."type" AS t, COUNT(*) AS n, SUM(a."score") AS s FROM "survey_answers" a
       JOIN "survey_questions" q ON q."id" = a."question_id" GROUP BY 1 ORDER BY 1`,
  );
  const hours = await db.query(
    `SELECT "activity" AS a, ROUND(SUM("hours")) AS h FROM "time_entries" GROUP BY 1 ORDER BY 1`,
  );
  return { perTable, tickets, costs, answers, hours };
}

describe.each(await testProviders())("kpibot seed on %s", (provider) => {
  let t: TestApp;
  let summary: SeedSummary;
  let first: unknown;
  beforeAll(async () => {
    t = await createTestApp(provider, { clock: fixedClock(NOW) });
    summary = await seedDemo(t.app.repos, SMALL);
    first = await fingerprint(t.app.db);
  });
  afterAll(async () => {
    await t?.close();
  });
  const db = () => t.app.db;

  it("fills every table of every KPI family, and the summary says what it wrote", async () => {
    for (const table of DEMO_TABLES) {
      const n = await count(db(), `SELECT COUNT(*) AS n FROM "${table}"`);
      expect(n, table).toBeGreaterThan(0);
      expect(summary.rows[table], table).toBe(n);
    }
    expect(summary.tickets).toBe(3000);
    expect(summary.openTickets).toBe(
      await count(db(), `SELECT COUNT(*) AS n FROM "tickets" WHERE "resolved_at" IS NULL`),
    );
    expect(summary.from.toISOString()).toBe("2025-02-28T23:00:00.000Z"); // 1 March 2025 in Paris
  });

  it("has a plausible shape: FCR, escalation, SLA, open tickets, no-SLA tickets, data up to now", async () => {
    const resolved = await count(db(), `SELECT COUNT(*) AS n FROM "tickets" WHERE "resolved_at" IS NOT NULL`);
    const fcr = await count(
      db(),
      `SELECT COUNT(*) AS n FROM "tickets" WHERE "resolved_at" IS NOT NULL AND "first_contact_resolution"`,
    );
    const escalated = await count(
      db(),
      `SELECT COUNT(*) AS n FROM "tickets" WHERE "resolved_at" IS NOT NULL AND "support_level" >= 2`,
    );
    const withDue = await count(
      db(),
      `SELECT COUNT(*) AS n FROM "tickets" WHERE "resolved_at" IS NOT NULL AND "resolution_due_at" IS NOT NULL`,
    );
    const inSla = await count(
      db(),
      `SELECT COUNT(*) AS n FROM "tickets" WHERE "resolved_at" IS NOT NULL AND "resolved_at" <= "resolution_due_at"`,
    );
    expect((100 * fcr) / resolved).toBeGreaterThan(60);
    expect((100 * fcr) / resolved).toBeLessThan(80);
    expect((100 * escalated) / resolved).toBeGreaterThan(20);
    expect((100 * escalated) / resolved).toBeLessThan(35);
    expect((100 * inSla) / withDue).toBeGreaterThan(82);
    expect((100 * inSla) / withDue).toBeLessThan(96);
    expect(await count(db(), `SELECT COUNT(*) AS n FROM "tickets" WHERE "resolution_due_at" IS NULL`)).toBeGreaterThan(
      0,
    );
    expect(await count(db(), `SELECT COUNT(*) AS n FROM "tickets" WHERE "resolved_at" IS NULL`)).toBeGreaterThan(0);
    expect(
      await count(
        db(),
        `SELECT COUNT(*) AS n FROM "tickets" WHERE "first_contact_resolution" AND "support_level" <> 1`,
      ),
    ).toBe(0);
    const lastMonth = `SELECT COUNT(*) AS n FROM "tickets" WHERE "opened_at" >= ? AND "opened_at" < ?`;
    expect(await count(db(), lastMonth, [FEB, MAR])).toBeGreaterThan(100);
    expect(await count(db(), `SELECT COUNT(*) AS n FROM "tickets" WHERE "opened_at" > ?`, [NOW])).toBe(0);
    expect(
      await count(db(), `SELECT COUNT(*) AS n FROM "changes" WHERE "deployed_at" >= ? AND "deployed_at" < ?`, [
        FEB,
        MAR,
      ]),
    ).toBeGreaterThan(0);
    expect(await count(db(), `SELECT COUNT(*) AS n FROM "survey_answers" WHERE "answered_at" > ?`, [NOW])).toBe(0);
  });

  it("covers each family's dimensions: kinds, channels, costs per category and service, survey types", async () => {
    const distinct = async (sql: string) => (await db().query<{ v: string }>(sql)).map((r) => String(r.v)).sort();
    expect(await distinct(`SELECT DISTINCT "kind" AS v FROM "tickets"`)).toEqual(["incident", "request"]);
    expect(await distinct(`SELECT DISTINCT "channel" AS v FROM "tickets"`)).toEqual([
      "chat",
      "email",
      "mobile",
      "monitoring",
      "phone",
      "portal",
      "walk_in",
    ]);
    expect((await distinct(`SELECT DISTINCT "group_name" AS v FROM "tickets"`)).length).toBe(6);
    expect(await distinct(`SELECT DISTINCT "support_level" AS v FROM "tickets"`)).toEqual(["1", "2", "3"]);
    expect(await distinct(`SELECT DISTINCT "kind" AS v FROM "changes"`)).toEqual([
      "emergency",
      "feature",
      "fix",
      "standard",
    ]);
    expect(await distinct(`SELECT DISTINCT "category" AS v FROM "cost_lines"`)).toEqual([
      "infrastructure",
      "network",
      "projects",
      "service_desk",
      "software",
      "telecom",
      "workstation",
    ]);
    expect(await count(db(), `SELECT COUNT(DISTINCT "service") AS n FROM "cost_lines" WHERE "service" <> ''`)).toBe(8);
    expect(await distinct(`SELECT DISTINCT "asset_type" AS v FROM "asset_counts"`)).toContain("server");
    expect(await count(db(), `SELECT COUNT(*) AS n FROM "staff_allocations" WHERE "service_desk"`)).toBeGreaterThan(0);
    expect(await distinct(`SELECT DISTINCT "activity" AS v FROM "time_entries"`)).toEqual([
      "changes",
      "improvement",
      "incidents",
      "other",
      "projects",
      "requests",
    ]);
    expect(
      await count(db(), `SELECT COUNT(*) AS n FROM "shadow_it_findings" WHERE "yearly_cost_avoided" > 0`),
    ).toBeGreaterThan(0);
    expect(await distinct(`SELECT DISTINCT "type" AS v FROM "survey_questions"`)).toEqual([
      "csat",
      "nps",
      "text",
      "yes_no",
    ]);
    expect(await distinct(`SELECT DISTINCT "audience" AS v FROM "surveys"`)).toEqual(["service_desk", "users"]);
    expect(
      await count(db(), `SELECT COUNT(*) AS n FROM "survey_questions" WHERE "type" = 'yes_no' AND "service" IS NULL`),
    ).toBe(0);
    // Anonymous: no user id, a 64-hex HMAC per person.
    expect(await count(db(), `SELECT COUNT(*) AS n FROM "survey_answers" WHERE "user_id" IS NOT NULL`)).toBe(0);
    const keys = await db().query<{ k: string }>(`SELECT "respondent_key" AS k FROM "survey_answers" LIMIT 5`);
    for (const k of keys) expect(k.k).toMatch(/^[0-9a-f]{64}$/);
    const portal = await db().query<{ u: number; p: number; s: number; m: number }>(
      `SELECT "users" AS u, "population" AS p, "sessions" AS s, "mobile_sessions" AS m FROM "portal_usage"`,
    );
    for (const r of portal) expect(r.u <= r.p && r.m <= r.s).toBe(true);
  });

  it("refuses a database that has data unless --reset, then reseeds identically; another seed differs", async () => {
    const refused = await seedDemo(t.app.repos, SMALL).catch((e: unknown) => e);
    expect(isKpibotError(refused, "INPUT_INVALID")).toBe(true);
    expect((refused as Error).message).toMatch(/already has data \(.*tickets.*\).*--reset/);
    await seedDemo(t.app.repos, { ...SMALL, reset: true });
    expect(await fingerprint(db())).toEqual(first);
    await seedDemo(t.app.repos, { ...SMALL, seed: 8, reset: true });
    expect(await fingerprint(db())).not.toEqual(first);
  });
});

describe.each(await testProviders())("seedIfEmpty on %s", (provider) => {
  it("does nothing when KPIBOT_SEED_DEMO=false", async () => {
    const t = await createTestApp(provider, { clock: fixedClock(NOW), env: { KPIBOT_SEED_DEMO: "false" } });
    try {
      expect(await seedIfEmpty(t.app, { tickets: 500 })).toBeNull();
      expect(await count(t.app.db, `SELECT COUNT(*) AS n FROM "tickets"`)).toBe(0);
    } finally {
      await t.close();
    }
  });

  it("seeds an empty database up to the app's clock, once", async () => {
    const t = await createTestApp(provider, { clock: fixedClock(NOW) });
    try {
      const s = await seedIfEmpty(t.app, { tickets: 500, months: 3 });
      expect(s?.tickets).toBe(500);
      expect(s?.now.toISOString()).toBe(NOW.toISOString());
      expect(await seedIfEmpty(t.app, { tickets: 500, months: 3 })).toBeNull();
      expect(await count(t.app.db, `SELECT COUNT(*) AS n FROM "tickets"`)).toBe(500);
    } finally {
      await t.close();
    }
  });
});
