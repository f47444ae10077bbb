/**
 * Issue 16 items 3 and 7, "freshness": every answer says when each source it read was last written (an import, a
 * sync, the webhook, the demo seed, on kpibot's clock) and flags a source older than KPIBOT_STALE_AFTER. Injected
 * clocks, hand-set instants (Europe/Paris). SQLite and PostgreSQL.
 */
import { Readable } from "node:stream";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Clock } from "../../src/core/clock.js";
import { createHttp } from "../../src/http/server.js";
import { signWebhook, webhookRoutes } from "../../src/http/webhooks.js";
import { importTickets } from "../../src/import/tickets.js";
import { createKpiEngine } from "../../src/kpi/engine.js";
import { parseStaleAfter, type StalePolicy, staleAfterFor } from "../../src/kpi/freshness.js";
import type { KpiResult } from "../../src/kpi/types.js";
import { parsePeriod } from "../../src/periods/index.js";
import { kpiReply } from "../../src/reply/kpi-reply.js";
import { renderText } from "../../src/reply/render-text.js";
import { scorecardReply } from "../../src/reply/scorecard-reply.js";
import { seedDemo } from "../../src/seed/index.js";
import { runSync } from "../../src/sync/run.js";
import type { Connector, SyncPage } from "../../src/sync/types.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { insert, insertTickets, TZ } from "./fixtures.js";

const SECRET = "webhook-secret-0123456789";
const DAY = 24 * 3600_000;

/** A clock the tests move. */
function movableClock(): Clock & { set(iso: string): void } {
  let at = new Date("2026-12-03T14:20:30Z");
  return { now: () => new Date(at.getTime()), set: (iso) => (at = new Date(iso)) };
}

const plain = (s: string) => s.replace(/\s+/g, " ");
const policy = (text: string): StalePolicy => {
  const p = parseStaleAfter(text);
  if (typeof p === "string") throw new Error(p);
  return p;
};

describe("KPIBOT_STALE_AFTER", () => {
  it("reads an age or off, then ages per source; monthly sources get 35 days, surveys never", () => {
    const p = policy("2d");
    expect(staleAfterFor(p, "tickets")).toBe(2 * DAY);
    expect(staleAfterFor(p, "changes")).toBe(2 * DAY);
    expect(staleAfterFor(p, "costs")).toBe(35 * DAY);
    expect(staleAfterFor(p, "portal")).toBe(35 * DAY);
    expect(staleAfterFor(p, "surveys")).toBeNull();
    const q = policy("12h,costs=40d,time=off,surveys=1w");
    expect(staleAfterFor(q, "tickets")).toBe(12 * 3600_000);
    expect(staleAfterFor(q, "costs")).toBe(40 * DAY);
    expect(staleAfterFor(q, "time")).toBeNull();
    expect(staleAfterFor(q, "surveys")).toBe(7 * DAY);
    expect(staleAfterFor(policy("90m"), "tickets")).toBe(90 * 60_000);
    const off = policy("off,tickets=3d");
    expect([staleAfterFor(off, "tickets"), staleAfterFor(off, "costs")]).toEqual([3 * DAY, null]);
  });

  it("refuses what it cannot read, saying how to write it", () => {
    expect(parseStaleAfter("2 days")).toMatch(/is not an age such as 2d/);
    expect(parseStaleAfter("2d,bogus=1d")).toMatch(/source among tickets, changes/);
    expect(parseStaleAfter("2d,costs=soon")).toMatch(/"soon" is not an age/);
    expect(() => loadConfig({ KPIBOT_STALE_AFTER: "0d" }, { dotenv: false })).toThrow(/KPIBOT_STALE_AFTER/);
    expect(loadConfig({}, { dotenv: false }).KPIBOT_STALE_AFTER).toEqual(policy("2d"));
  });

  it("KPIBOT_TICKET_URL must be an http(s) URL with one {id}", () => {
    const ok = "https://glpi.example.org/front/ticket.form.php?id={id}";
    expect(loadConfig({ KPIBOT_TICKET_URL: ok }, { dotenv: false }).KPIBOT_TICKET_URL).toBe(ok);
    for (const bad of [
      "javascript:alert(1)//{id}",
      "https://glpi.example.org/ticket",
      "ftp://x/{id}",
      "{id}{id}",
      "https://glpi.example.org/t?id={id}&x=(1)",
      "https://glpi.example.org/t?id={id}|x",
    ]) {
      expect(() => loadConfig({ KPIBOT_TICKET_URL: bad }, { dotenv: false })).toThrow(/KPIBOT_TICKET_URL/);
    }
  });
});

describe.each(await testProviders())("freshness on %s", (provider) => {
  let t: TestApp;
  let http: Hono;
  const clock = movableClock();
  const period = (text: string) => {
    const r = parsePeriod(text, { now: clock.now(), timezone: TZ });
    if (!r.ok) throw new Error(r.message);
    return r.period;
  };
  const ask = (kpi: string, text = "last month") => t.app.kpi.answer({ kpi, period: period(text) });
  const textOf = (r: KpiResult, locale: "en" | "fr") => plain(renderText(kpiReply(r, locale, { timeZone: TZ })));
  const tickets = (r: KpiResult) => r.freshness?.find((f) => f.source === "tickets");

  beforeAll(async () => {
    t = await createTestApp(provider, { clock, env: { KPIBOT_TIMEZONE: TZ, KPIBOT_WEBHOOK_SECRET: SECRET } });
    http = createHttp(t.app, [webhookRoutes()]);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    clock.set("2026-12-03T14:20:30Z");
    for (const table of ["tickets", "cost_lines", "source_freshness", "import_runs", "sync_cursors"]) {
      await t.app.db.execute(`DELETE FROM ${table}`);
    }
  });

  it("a source written on 1 Dec at 15:00 is fresh until 3 Dec 15:00 (2 days) and stale after", async () => {
    await insertTickets(t.app.db, [{ id: "A", opened: "2026-11-10T08:00:00Z", resolved: "2026-11-10T09:00:00Z" }]);
    await t.app.repos.sourceFreshness.record(["tickets"], { at: new Date("2026-12-01T14:00:00Z"), via: "sync" });
    clock.set("2026-12-03T13:59:00Z"); // 3 Dec 14:59: 47 h 59 min
    const fresh = await ask("fcr");
    expect(tickets(fresh)).toEqual({
      source: "tickets",
      asOf: new Date("2026-12-01T14:00:00Z"),
      via: "sync",
      detail: null,
      stale: false,
      staleAfterMs: 2 * DAY,
    });
    expect(textOf(fresh, "en")).toContain("Data as of: tickets 1 Dec 2026, 15:00.");
    expect(textOf(fresh, "fr")).toContain("Données à jour : tickets au 1 déc. 2026, 15:00.");
    clock.set("2026-12-03T14:01:00Z"); // 3 Dec 15:01: 48 h 1 min
    const stale = await ask("fcr");
    expect(tickets(stale)?.stale).toBe(true);
    expect(textOf(stale, "en")).toContain("Data as of: tickets 1 Dec 2026, 15:00 ⚠️ stale (older than 2 days).");
    expect(textOf(stale, "fr")).toContain("tickets au 1 déc. 2026, 15:00 ⚠️ anciennes (plus de 2 jours).");
  });

  it("an answer lists every source it read: cost-per-ticket says tickets and costs, each with its own age", async () => {
    await insertTickets(t.app.db, [{ id: "A", opened: "2026-11-10T08:00:00Z", resolved: "2026-11-10T09:00:00Z" }]);
    await insert(t.app.db, "cost_lines", [
      {
        period_start: "2026-10-31T23:00:00Z",
        period_end: "2026-11-30T23:00:00Z",
        category: "service_desk",
        service: "",
        actual: 500,
      },
    ]);
    await t.app.repos.sourceFreshness.record(["tickets"], { at: new Date("2026-12-03T13:00:00Z"), via: "webhook" });
    // Costs imported 32 days ago: fresh for a monthly source (35 days).
    await t.app.repos.sourceFreshness.record(["costs"], { at: new Date("2026-11-01T09:00:00Z"), via: "import" });
    const r = await ask("cost-per-ticket");
    expect(r.freshness?.map((f) => [f.source, f.stale])).toEqual([
      ["costs", false],
      ["tickets", false],
    ]);
    expect(textOf(r, "en")).toContain("Data as of: costs 1 Nov 2026, 10:00 · tickets 3 Dec 2026, 14:00.");
    // The same at 30 days for costs: stale.
    const strict = createKpiEngine({
      db: t.app.db,
      targets: t.app.repos.targets,
      timezone: TZ,
      clock,
      freshness: t.app.repos.sourceFreshness,
      staleAfter: policy("2d,costs=30d"),
    });
    const s = await strict.answer({ kpi: "cost-per-ticket", period: period("last month") });
    expect(s.freshness?.map((f) => [f.source, f.stale])).toEqual([
      ["costs", true],
      ["tickets", false],
    ]);
    expect(textOf(s, "en")).toContain("costs 1 Nov 2026, 10:00 ⚠️ stale (older than 30 days)");
  });

  it("without a recorded write, the data is as of its latest record (rows written by hand)", async () => {
    await insertTickets(t.app.db, [{ id: "A", opened: "2026-11-10T08:00:00Z", resolved: "2026-11-28T09:00:00Z" }]);
    const r = await ask("fcr");
    expect(tickets(r)).toMatchObject({ asOf: new Date("2026-11-28T09:00:00Z"), via: null, stale: true });
  });

  it("a file import records the tickets as of the app's clock, by import, with the file's name", async () => {
    clock.set("2026-12-02T07:30:00Z");
    const csv = [
      "external_id,kind,title,category,service,priority,channel,group,assignee,requester,opened_at,first_response_at,resolved_at,closed_at,response_due_at,resolution_due_at,sla_met,support_level,first_contact_resolution,reopen_count,automated",
      "INC-1,incident,Printer,,,3,portal,N1,,,2026-11-30T08:00:00Z,,2026-11-30T09:00:00Z,,,,,1,true,0,false",
    ].join("\n");
    const summary = await importTickets(t.app, Readable.from([csv]), { fileName: "glpi-export.csv" });
    expect(summary.inserted).toBe(1);
    expect(await t.app.repos.sourceFreshness.all()).toEqual([
      { source: "tickets", writtenAt: new Date("2026-12-02T07:30:00Z"), via: "import", detail: "glpi-export.csv" },
    ]);
    // A dry run writes nothing, and records nothing.
    clock.set("2026-12-03T07:30:00Z");
    await importTickets(t.app, Readable.from([csv]), { fileName: "again.csv", dryRun: true });
    expect((await t.app.repos.sourceFreshness.all())[0]?.writtenAt).toEqual(new Date("2026-12-02T07:30:00Z"));
  });

  it("a signed webhook delivery records the tickets by webhook, with its ?source=", async () => {
    clock.set("2026-12-03T10:00:00Z");
    const body = JSON.stringify([{ external_id: "W1", kind: "incident", opened_at: "2026-12-03T09:00:00Z" }]);
    const ts = String(Math.floor(clock.now().getTime() / 1000));
    const res = await http.request("/webhooks/tickets?source=glpi", {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-kpibot-timestamp": ts,
        "x-kpibot-signature": signWebhook(SECRET, ts, "source=glpi", body),
      },
    });
    expect(res.status).toBe(200);
    expect(await t.app.repos.sourceFreshness.all()).toEqual([
      { source: "tickets", writtenAt: new Date("2026-12-03T10:00:00Z"), via: "webhook", detail: "glpi" },
    ]);
  });

  it("a sync records the tickets by sync, even when the tool had nothing new", async () => {
    const pages: SyncPage[][] = [
      [
        {
          tickets: [{ external_id: "G1", kind: "incident", opened_at: "2026-12-01T08:00:00Z" }],
          rejected: [],
          cursor: "2026-12-01 09:00:00",
        },
      ],
      [], // the next run: nothing modified since the cursor
    ];
    let run = 0;
    const connector: Connector = {
      name: "glpi",
      async *pages() {
        for (const page of pages[run] ?? []) yield page;
      },
    };
    clock.set("2026-12-03T08:00:00Z");
    await runSync(t.app, connector);
    expect((await t.app.repos.sourceFreshness.all())[0]).toMatchObject({
      writtenAt: new Date("2026-12-03T08:00:00Z"),
      via: "sync",
      detail: "glpi",
    });
    run = 1;
    clock.set("2026-12-03T09:00:00Z");
    await runSync(t.app, connector);
    expect((await t.app.repos.sourceFreshness.all())[0]?.writtenAt).toEqual(new Date("2026-12-03T09:00:00Z"));
  });

  it("the demo seed records every source as of its now; the scorecard says so once per source", async () => {
    await t.app.db.execute("DELETE FROM tickets");
    const now = new Date("2026-12-03T06:00:00Z");
    await seedDemo(t.app.repos, { tickets: 300, months: 3, seed: 3, now, timezone: TZ, reset: true });
    const all = await t.app.repos.sourceFreshness.all();
    expect(all.map((w) => w.source).sort()).toEqual(
      ["assets", "changes", "costs", "portal", "shadow_it", "staff", "surveys", "time", "tickets"].sort(),
    );
    for (const w of all) expect(w).toMatchObject({ writtenAt: now, via: "seed", detail: null });
    // Every source as judged by the stale-feed check at 3 Dec 15:20: all fresh.
    const judged = await t.app.kpi.freshness(clock.now());
    expect(judged.filter((f) => f.stale)).toEqual([]);
    const results = [await ask("fcr"), await ask("volume"), await ask("budget")];
    const text = plain(renderText(scorecardReply(results, period("last month"), "en", { timeZone: TZ })));
    expect(text).toContain("Data as of: tickets 3 Dec 2026, 07:00 · costs 3 Dec 2026, 07:00.");
    // Three days later, the tickets are stale (2 days) but not the costs (35 days).
    clock.set("2026-12-06T06:00:01Z");
    const later = await t.app.kpi.freshness(clock.now());
    expect(later.filter((f) => f.stale).map((f) => f.source)).toEqual(["tickets", "changes", "time"]);
    await t.app.db.execute("DELETE FROM survey_answers");
    await t.app.db.execute("DELETE FROM survey_questions");
    await t.app.db.execute("DELETE FROM surveys");
    for (const table of ["changes", "asset_counts", "staff_allocations", "time_entries", "shadow_it_findings"]) {
      await t.app.db.execute(`DELETE FROM ${table}`);
    }
    await t.app.db.execute("DELETE FROM portal_usage");
  });
});
