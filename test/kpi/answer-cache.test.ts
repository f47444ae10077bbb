import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type App, closeApp, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Clock } from "../../src/core/clock.js";
import { metricsFor } from "../../src/http/metrics.js";
import { createHttp } from "../../src/http/server.js";
import { signWebhook, webhookRoutes } from "../../src/http/webhooks.js";
import { importTickets } from "../../src/import/tickets.js";
import { createKpiEngine, type KpiEngine } from "../../src/kpi/engine.js";
import type { KpiQuery, KpiResult } from "../../src/kpi/types.js";
import { createLogger } from "../../src/logger.js";
import type { Db } from "../../src/store/db.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { insert, insertTickets, period, TZ } from "./fixtures.js";

const NOW = new Date("2026-11-15T10:00:00Z");
const SECRET = "webhook-secret-0123456789";
const TABLES = ["survey_answers", "survey_questions", "surveys", "tickets", "kpi_targets", "import_runs"];

/** A clock tests move. */
function movableClock(start: Date): Clock & { set(at: Date): void } {
  let at = start;
  return { now: () => new Date(at.getTime()), set: (d) => (at = d) };
}

describe.each(await testProviders())("the KPI answer cache on %s", (provider) => {
  let t: TestApp;
  let http: Hono;
  const clock = movableClock(NOW);
  /** KPI statements run (the version check aside): what a computation costs. */
  let statements = 0;
  let engine: KpiEngine;
  /** The same engine without a cache: the truth every cached answer is compared with. */
  let truth: KpiEngine;
  const fcr: KpiQuery = { kpi: "fcr", period: period("2026-10") };

  beforeAll(async () => {
    t = await createTestApp(provider, { clock, env: { KPIBOT_TIMEZONE: TZ, KPIBOT_WEBHOOK_SECRET: SECRET } });
    http = createHttp(t.app, [webhookRoutes()]);
    const counting: Db = {
      ...t.app.db,
      query(sql, params, options) {
        if (!sql.includes("data_versions")) statements++;
        return t.app.db.query(sql, params, options);
      },
    };
    const deps = { targets: t.app.repos.targets, timezone: TZ, clock };
    engine = createKpiEngine({ ...deps, db: counting, cacheSize: 100 });
    truth = createKpiEngine({ ...deps, db: t.app.db });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    clock.set(NOW);
    for (const table of TABLES) await t.app.db.execute(`DELETE FROM ${table}`);
    await insertTickets(t.app.db, [
      { id: "A", opened: "2026-10-02T08:00:00Z", resolved: "2026-10-02T09:00:00Z", fcr: true },
      { id: "B", opened: "2026-10-03T08:00:00Z", resolved: "2026-10-03T12:00:00Z", fcr: false },
      { id: "C", opened: "2026-10-04T08:00:00Z", resolved: "2026-10-04T10:00:00Z", fcr: true },
    ]);
  });

  /** Asks through the cached engine; returns the answer and how many KPI statements it ran. */
  async function ask(q: KpiQuery): Promise<{ result: KpiResult; ran: number }> {
    const before = statements;
    const result = await engine.answer(q);
    return { result, ran: statements - before };
  }

  it("computes a question once: the second ask runs no KPI statement and gets an equal, separate answer", async () => {
    const first = await ask(fcr);
    expect(first.ran).toBeGreaterThan(0);
    expect(first.result.value).toBeCloseTo(200 / 3, 9);
    const stats = engine.cacheStats();
    const second = await ask(fcr);
    expect(second.ran).toBe(0);
    expect(second.result).toStrictEqual(first.result);
    expect(engine.cacheStats()).toMatchObject({ hits: stats.hits + 1, misses: stats.misses });
    // A caller changing its answer changes nobody else's.
    second.result.value = -1;
    second.result.series.pop();
    expect((await ask(fcr)).result).toStrictEqual(first.result);
    expect(first.result).toStrictEqual(await truth.answer(fcr));
    // Another period, breakdown or filter is another question.
    expect((await ask({ ...fcr, breakdown: "group" })).ran).toBeGreaterThan(0);
    expect((await ask({ ...fcr, filters: [{ dimension: "group", value: "x" }] })).ran).toBeGreaterThan(0);
    expect((await ask({ ...fcr, period: period("2026-09") })).ran).toBeGreaterThan(0);
  });

  it("answers 50 identical questions asked at once with one computation", async () => {
    const alone = (await ask({ ...fcr, breakdown: "channel" })).ran;
    await t.app.db.execute("UPDATE tickets SET first_contact_resolution = ? WHERE external_id = 'B'", [
      provider === "sqlite" ? 1 : true,
    ]);
    const stats = engine.cacheStats();
    const before = statements;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => engine.answer({ ...fcr, breakdown: "channel" })),
    );
    expect(statements - before).toBe(alone);
    expect(engine.cacheStats()).toMatchObject({ misses: stats.misses + 1, hits: stats.hits + 49 });
    for (const a of answers) expect(a).toStrictEqual(answers[0]);
    expect(answers[0]?.value).toBe(100);
  });

  it("recomputes after an import, with the imported tickets", async () => {
    expect((await ask(fcr)).ran).toBeGreaterThan(0);
    const header =
      "external_id,kind,title,category,service,priority,channel,group,assignee,requester,opened_at,first_response_at,resolved_at,closed_at,response_due_at,resolution_due_at,support_level,first_contact_resolution,reopen_count,automated";
    const rows = ["I-1", "I-2", "I-3"].map(
      (id) => `${id},incident,Imported,,,,,,,,2026-10-05T08:00:00Z,,2026-10-05T09:00:00Z,,,,1,false,0,false`,
    );
    const { Readable } = await import("node:stream");
    const summary = await importTickets(
      { repos: t.app.repos, clock },
      Readable.from([`${[header, ...rows].join("\n")}\n`]),
    );
    expect(summary.inserted).toBe(3);
    const after = await ask(fcr);
    expect(after.ran).toBeGreaterThan(0);
    expect(after.result.value).toBeCloseTo(200 / 6, 9);
    expect(after.result).toStrictEqual(await truth.answer(fcr));
  });

  it("recomputes after a signed webhook upsert", async () => {
    expect((await ask(fcr)).ran).toBeGreaterThan(0);
    const body = JSON.stringify([
      {
        external_id: "C",
        kind: "incident",
        opened_at: "2026-10-04T08:00:00Z",
        resolved_at: "2026-10-04T10:00:00Z",
        first_contact_resolution: false,
      },
    ]);
    const ts = String(Math.floor(clock.now().getTime() / 1000));
    const res = await http.request("/webhooks/tickets?source=csv", {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-kpibot-timestamp": ts,
        "x-kpibot-signature": signWebhook(SECRET, ts, "source=csv", body),
      },
    });
    expect(res.status).toBe(200);
    const after = await ask(fcr);
    expect(after.ran).toBeGreaterThan(0);
    expect(after.result.value).toBeCloseTo(100 / 3, 9);
    expect(after.result).toStrictEqual(await truth.answer(fcr));
  });

  it("recomputes after a survey answer", async () => {
    await insert(t.app.db, "surveys", [{ id: 1, title: "Users", audience: "users", anonymous: true }]);
    await insert(t.app.db, "survey_questions", [
      { id: 1, survey_id: 1, position: 1, type: "csat", prompt: "How satisfied are you?", service: null },
    ]);
    const answer = (key: string, score: number) =>
      t.app.repos.surveyAnswers.upsert(
        {
          surveyId: 1,
          questionId: 1,
          respondentKey: key,
          userId: null,
          score,
          text: null,
          ticketId: null,
          answeredAt: new Date("2026-10-10T00:00:00Z"),
          clickOrder: 1,
        },
        new Date("2026-10-10T00:00:00Z"),
      );
    for (const [i, score] of [5, 5, 4, 4, 1].entries()) await answer(`r${i}`, score);
    const csat: KpiQuery = { kpi: "satisfaction", period: period("2026-10") };
    const before = await ask(csat);
    expect(before.result.value).toBeCloseTo(80, 9);
    expect((await ask(csat)).ran).toBe(0);
    expect(await answer("r5", 1)).toBe("stored");
    const after = await ask(csat);
    expect(after.ran).toBeGreaterThan(0);
    expect(after.result.value).toBeCloseTo(400 / 6, 9);
    expect(after.result).toStrictEqual(await truth.answer(csat));
  });

  it("recomputes after a target is set or removed", async () => {
    expect((await ask(fcr)).result.target).toBe(70);
    await t.app.repos.targets.set({ kpi: "fcr", dimension: "", dimValue: "", target: 50, updatedBy: "slack:U1" });
    const set = await ask(fcr);
    expect(set.ran).toBeGreaterThan(0);
    expect(set.result).toMatchObject({ target: 50, status: "on_target" });
    expect((await ask(fcr)).ran).toBe(0);
    expect(await t.app.repos.targets.remove("fcr")).toBe(true);
    expect((await ask(fcr)).result.target).toBe(70);
  });

  it("keeps an answer that moves with the clock only until it moves (sla-response)", async () => {
    // Opened in October, unanswered, due in the future at NOW: pending, not a breach, until 11:00.
    await insertTickets(t.app.db, [
      {
        id: "R1",
        opened: "2026-10-10T08:00:00Z",
        firstResponse: "2026-10-10T08:30:00Z",
        responseDue: "2026-10-10T09:00:00Z",
      },
      { id: "R2", opened: "2026-10-31T22:00:00Z", responseDue: "2026-11-15T11:00:00Z" },
    ]);
    const q: KpiQuery = { kpi: "sla-response", period: period("2026-10") };
    const first = await ask(q);
    expect(first.result.value).toBe(100);
    clock.set(new Date("2026-11-15T11:00:00Z")); // not passed yet: still the same answer
    expect((await ask(q)).ran).toBe(0);
    clock.set(new Date("2026-11-15T11:00:01Z"));
    const later = await ask(q);
    expect(later.ran).toBeGreaterThan(0);
    expect(later.result.value).toBe(50);
    expect(later.result).toStrictEqual(await truth.answer(q));
  });

  it("is wired into the app, counted in /metrics, with the pool's gauges", async () => {
    await t.app.kpi.answer(fcr);
    await t.app.kpi.answer(fcr);
    const { hits, misses } = t.app.kpi.cacheStats();
    expect(hits).toBeGreaterThan(0);
    const text = await metricsFor(t.app).registry.metrics();
    expect(text).toContain(`kpibot_answer_cache_total{result="hit"} ${hits}`);
    expect(text).toContain(`kpibot_answer_cache_total{result="miss"} ${misses}`);
    // test/kpi's suites run on these apps: SQLite reads in two workers, PostgreSQL's pool of 10.
    expect(text).toContain(`kpibot_db_pool{state="max"} ${provider === "sqlite" ? 2 : 10}`);
    expect(t.app.db.poolStats().max).toBe(provider === "sqlite" ? 2 : 10);
  });

  it("a write by another app on the same database invalidates this app's answers", async () => {
    const config = loadConfig({ DATABASE_URL: t.database.url, KPIBOT_TIMEZONE: TZ }, { dotenv: false });
    const other: App = await createApp(config, { logger: createLogger("silent"), clock, migrate: false });
    try {
      const mine = await ask(fcr);
      expect((await ask(fcr)).ran).toBe(0);
      // The other replica answers the same question from its own cache, then writes.
      expect((await other.kpi.answer(fcr)).value).toBe(mine.result.value);
      await other.db.execute("UPDATE tickets SET first_contact_resolution = ? WHERE external_id = 'A'", [
        provider === "sqlite" ? 0 : false,
      ]);
      const after = await ask(fcr);
      expect(after.ran).toBeGreaterThan(0);
      expect(after.result.value).toBeCloseTo(100 / 3, 9);
      expect((await other.kpi.answer(fcr)).value).toBeCloseTo(100 / 3, 9);
    } finally {
      await closeApp(other);
    }
  });
});

describe("no answer cache where it could not be trusted", () => {
  it.each([
    ["KPIBOT_ANSWER_CACHE=0", { KPIBOT_ANSWER_CACHE: "0" }],
    ["SQLite without read workers (reads could see an open transaction)", { KPIBOT_DB_READERS: "0" }],
  ])("%s: every ask is computed", async (_name, env) => {
    const t = await createTestApp("sqlite", { env });
    try {
      const q: KpiQuery = { kpi: "fcr", period: period("2026-10") };
      await t.app.kpi.answer(q);
      await t.app.kpi.answer(q);
      expect(t.app.kpi.cacheStats()).toEqual({ hits: 0, misses: 0, size: 0 });
    } finally {
      await t.close();
    }
  });
});
