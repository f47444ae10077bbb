/**
 * Issue 16 items 2 and 7, "data coverage": an answer knows the days its sources hold data. A value over a period
 * the data covers only in part says so, its change is withheld, and the trend shows periods the data does not reach
 * as gaps. Every expected figure is counted by hand (Europe/Paris: CET = UTC+1, CEST = UTC+2). SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { renderAdaptiveCard } from "../../adapters/teams/render/card.js";
import type { Clock } from "../../src/core/clock.js";
import { buildDigest } from "../../src/digests/digest-build.js";
import { createKpiEngine } from "../../src/kpi/engine.js";
import { toKpiJson } from "../../src/kpi/json.js";
import type { KpiQuery } from "../../src/kpi/types.js";
import { parsePeriod } from "../../src/periods/index.js";
import { kpiReply } from "../../src/reply/kpi-reply.js";
import { renderText } from "../../src/reply/render-text.js";
import type { Db } from "../../src/store/db.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { coverFrom2010, insert, insertTickets, TZ } from "./fixtures.js";

/** A clock the tests move. */
function movableClock(): Clock & { set(iso: string): void } {
  let at = new Date("2026-12-03T14:20:30Z");
  return { now: () => new Date(at.getTime()), set: (iso) => (at = new Date(iso)) };
}

/** Any run of white space (Intl's thin and no-break spaces) as one plain space. */
const plain = (s: string) => s.replace(/\s+/g, " ");

const TABLES = ["tickets", "cost_lines", "asset_counts", "staff_allocations", "source_freshness"];

describe.each(await testProviders())("data coverage on %s", (provider) => {
  let t: TestApp;
  const clock = movableClock();
  const period = (text: string) => {
    const r = parsePeriod(text, { now: clock.now(), timezone: TZ });
    if (!r.ok) throw new Error(r.message);
    return r.period;
  };
  const ask = (kpi: string, text: string, more: Partial<KpiQuery> = {}) =>
    t.app.kpi.answer({ kpi, period: period(text), ...more });
  const textOf = (r: Awaited<ReturnType<typeof ask>>, locale: "en" | "fr") =>
    plain(renderText(kpiReply(r, locale, { timeZone: TZ })));

  beforeAll(async () => {
    t = await createTestApp(provider, { clock, env: { KPIBOT_TIMEZONE: TZ } });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    clock.set("2026-12-03T14:20:30Z"); // Thursday 3 Dec 2026, 15:20:30
    for (const table of TABLES) await t.app.db.execute(`DELETE FROM ${table}`);
  });

  describe("data that starts mid-year (1 June 2025)", () => {
    beforeEach(async () => {
      await insertTickets(t.app.db, [
        { id: "S1", opened: "2025-06-01T08:00:00Z" }, // 1 Jun 2025 10:00: the first ticket
        { id: "S2", opened: "2025-09-10T08:00:00Z" },
        { id: "S3", opened: "2025-12-20T09:00:00Z" }, // after 3 Dec: outside 2025 to date
        { id: "T1", opened: "2026-02-01T09:00:00Z" },
        { id: "T2", opened: "2026-07-01T08:00:00Z" },
        { id: "T3", opened: "2026-11-30T23:30:00Z" }, // 1 Dec 00:30
        { id: "T4", opened: "2026-12-02T09:00:00Z" },
      ]);
    });

    it("this year: 2026 to date (4) is not compared with 2025 to date (2), which has data from 1 June only", async () => {
      const r = await ask("volume", "this year");
      expect([r.value, r.previous.value]).toEqual([4, 2]);
      expect(r.change).toBeNull();
      expect(r.coverage?.comparable).toBe(false);
      expect(r.coverage?.current).toEqual({ kind: "full" });
      // 1 June 2025 00:00 in Paris (CEST).
      expect(r.coverage?.previous).toEqual({ kind: "partial", from: new Date("2025-05-31T22:00:00Z") });
      expect(r.coverage?.sources).toEqual([{ source: "tickets", from: new Date("2025-05-31T22:00:00Z"), until: null }]);
      const en = textOf(r, "en");
      expect(en).toContain("Change not comparable: 1 Jan – 3 Dec 2025: data from 1 June 2025 only");
      expect(en).toContain("⚠️ Partial data: 1 Jan – 3 Dec 2025: data from 1 June 2025 only.");
      expect(en).not.toMatch(/%/);
      const fr = textOf(r, "fr");
      expect(fr).toContain(
        "comparaison impossible : 1 janv. – 3 déc. 2025 : données à partir du 1 juin 2025 seulement",
      );
    });

    it("the year trend: years before the data are gaps (null), 2025 is partial, 2026 to date whole", async () => {
      const r = await ask("volume", "this year");
      expect(r.series.map((p) => [p.label, p.value, p.coverage ?? "full"])).toEqual([
        ["2021", null, "none"],
        ["2022", null, "none"],
        ["2023", null, "none"],
        ["2024", null, "none"],
        ["2025", 3, "partial"], // S1, S2, S3: the whole year's data, from 1 June
        ["2026", 4, "full"],
      ]);
      // No projection from a series with gaps.
      expect(r.projection?.value ?? null).toBeNull();
      const chart = kpiReply(r, "en", { timeZone: TZ }).blocks.find((b) => b.type === "chart");
      if (chart?.type !== "chart") throw new Error("no trend chart");
      expect(chart.spec.series[0]?.values).toEqual([null, null, null, null, 3, 4]);
      expect(chart.spec.categories).toEqual(["2021", "2022", "2023", "2024", "2025 (partial)", "2026 (to date)"]);
      expect(chart.altText).toContain("2021: no data, 2022: no data, 2023: no data, 2024: no data, 2025 (partial): 3");
    });

    it("a whole year partly covered says so; with no data for the year before, nothing is compared", async () => {
      const r = await ask("volume", "2025");
      expect([r.value, r.previous.value, r.change]).toEqual([3, null, null]);
      expect(r.coverage?.current).toEqual({ kind: "partial", from: new Date("2025-05-31T22:00:00Z") });
      expect(r.coverage?.previous).toEqual({ kind: "none" });
      // Nothing to compare, so nothing is withheld: the answer says 2024 has no data, and 2025 is partial.
      expect(r.coverage?.comparable).toBe(true);
      const en = textOf(r, "en");
      expect(en).toContain("Change no data for 2024");
      expect(en).toContain("⚠️ Partial data: 2025: data from 1 June 2025 only.");
      expect(textOf(r, "fr")).toContain("⚠️ Données partielles : 2025 : données à partir du 1 juin 2025 seulement.");
    });

    it("a period wholly after the start compares as before: 2026-07 (T2) vs June 2026 (none → no data)", async () => {
      const r = await ask("volume", "last month"); // November 2026: nothing; October: nothing
      expect(r.coverage?.current).toEqual({ kind: "full" });
      expect(r.coverage?.previous).toEqual({ kind: "full" });
      const july = await ask("volume", "2026-07");
      expect([july.value, july.coverage?.comparable]).toEqual([1, true]);
    });
  });

  describe("data that stops (the last sync wrote on 20 Nov 2026, 18:00)", () => {
    beforeEach(async () => {
      await coverFrom2010(t.app.db, "tickets");
      await insertTickets(t.app.db, [
        { id: "E1", opened: "2026-10-05T08:00:00Z", resolved: "2026-10-05T10:00:00Z", fcr: true },
        { id: "E2", opened: "2026-10-20T08:00:00Z", resolved: "2026-10-20T12:00:00Z", fcr: false },
        { id: "E3", opened: "2026-11-05T09:00:00Z", resolved: "2026-11-05T10:00:00Z", fcr: true },
        { id: "E4", opened: "2026-11-19T09:00:00Z", resolved: "2026-11-20T10:00:00Z", fcr: false },
      ]);
      await t.app.repos.sourceFreshness.record(["tickets"], {
        at: new Date("2026-11-20T17:00:00Z"),
        via: "sync",
        detail: "glpi",
      });
    });

    it("November (E3, E4: 50 %) has data until 20 Nov only: not compared with October (E1, E2: 50 %)", async () => {
      const r = await ask("fcr", "last month");
      expect([r.value, r.previous.value, r.change]).toEqual([50, 50, null]);
      // The data ends with 20 Nov: at 21 Nov 00:00 in Paris.
      expect(r.coverage?.current).toEqual({ kind: "partial", until: new Date("2026-11-20T23:00:00Z") });
      expect(r.coverage?.previous).toEqual({ kind: "full" });
      expect(r.coverage?.sources).toEqual([
        { source: "tickets", from: new Date("2010-01-03T23:00:00Z"), until: new Date("2026-11-20T23:00:00Z") },
      ]);
      const en = textOf(r, "en");
      expect(en).toContain("Change not comparable: November 2026: data until 20 November 2026 only");
      // --json carries the same, in ISO instants.
      const json = toKpiJson(r);
      expect(json.coverage).toEqual({
        sources: [{ source: "tickets", from: "2010-01-03T23:00:00.000Z", until: "2026-11-20T23:00:00.000Z" }],
        current: { kind: "partial", until: "2026-11-20T23:00:00.000Z" },
        previous: { kind: "full" },
        comparable: false,
      });
      expect(json.freshness).toEqual([
        {
          source: "tickets",
          asOf: "2026-11-20T17:00:00.000Z",
          via: "sync",
          detail: "glpi",
          stale: true,
          staleAfterMs: 2 * 24 * 3600_000,
        },
      ]);
      expect(json.series.at(-1)).toMatchObject({ label: "2026-11", value: 50, coverage: "partial" });
      expect(textOf(r, "fr")).toContain("novembre 2026 : données jusqu'au 20 novembre 2026 seulement");
    });

    it("December has no data at all: no value, and a gap in the trend rather than a zero", async () => {
      const r = await ask("volume", "this month");
      expect(r.value).toBeNull();
      expect(r.coverage?.current).toEqual({ kind: "none" });
      expect(r.series.map((p) => [p.label, p.value, p.coverage ?? "full"])).toEqual([
        ["2026-07", null, "full"],
        ["2026-08", null, "full"],
        ["2026-09", null, "full"],
        ["2026-10", 2, "full"],
        ["2026-11", 2, "partial"],
        ["2026-12", null, "none"],
      ]);
    });

    it("a sync that writes again moves the end (the cached answer is not reused): November compares", async () => {
      const before = await ask("fcr", "last month");
      expect(before.change).toBeNull();
      // The sync runs again on 3 Dec at 15:00 and finds nothing new: no data version moves, the coverage does.
      await t.app.repos.sourceFreshness.record(["tickets"], {
        at: new Date("2026-12-03T14:00:00Z"),
        via: "sync",
        detail: "glpi",
      });
      const after = await ask("fcr", "last month");
      expect(after.coverage?.current).toEqual({ kind: "full" });
      expect([after.value, after.previous.value, after.change]).toEqual([50, 50, 0]);
    });

    it("a digest of last month says the change cannot be compared, and why, in its language", async () => {
      const digest = await buildDigest(
        t.app,
        { kpis: ["fcr"], breakdown: null, period: "mois dernier", frequency: "monthly", timezone: TZ, locale: "fr" },
        clock.now(),
        "Digest",
      );
      const text = plain(renderText(digest.reply));
      expect(text).toContain("(comparaison impossible : novembre 2026 : données jusqu'au 20 novembre 2026 seulement)");
      expect(text).toContain("Données à jour : tickets au 20 nov. 2026, 18:00 ⚠️ anciennes (plus de 2 jours).");
    });
  });

  describe("a trailing-year KPI (tco-workstation) with costs from June 2025", () => {
    beforeEach(async () => {
      // One workstation cost line a month, June 2025 → December 2026, €1,000 each; 100 workstations from June 2025.
      const months: Record<string, string | number>[] = [];
      for (let i = 0; i < 19; i++) {
        const start = new Date(Date.UTC(2025, 5 + i, 1));
        const end = new Date(Date.UTC(2025, 6 + i, 1));
        months.push({
          period_start: start.toISOString(),
          period_end: end.toISOString(),
          category: "workstation",
          service: "",
          actual: 1000,
        });
      }
      await insert(t.app.db, "cost_lines", months);
      await insert(t.app.db, "asset_counts", [{ asset_type: "workstation", date: "2025-06-01T00:00:00Z", count: 100 }]);
      clock.set("2027-01-15T09:00:00Z");
    });

    it("2026 (€120) is not compared with 2025 (€70: seven months of costs, from 1 June)", async () => {
      const r = await ask("tco-workstation", "last year");
      // 12 lines of 2026 / 100; 2025: June → December, 7 lines / 100 (without coverage: +71.4 %).
      expect(r.value).toBeCloseTo(120, 9);
      expect(r.previous.value).toBeCloseTo(70, 9);
      expect(r.change).toBeNull();
      // The costs start on 1 June 2025 (00:00 UTC is 02:00 in Paris, the same day); the asset snapshot covers 2025's end.
      expect(r.coverage?.previous).toEqual({ kind: "partial", from: new Date("2025-05-31T22:00:00Z") });
      expect(r.coverage?.current).toEqual({ kind: "full" });
      expect(textOf(r, "en")).toContain("not comparable: 2025: data from 1 June 2025 only");
    });
  });

  it("reads each source's extent once per data version (an indexed MIN/MAX, cached)", async () => {
    await coverFrom2010(t.app.db, "tickets");
    let extents = 0;
    const counting: Db = {
      ...t.app.db,
      query(sql, params, options) {
        if (/SELECT \(SELECT MIN\(opened_at\) FROM tickets\)/.test(sql)) extents++;
        return t.app.db.query(sql, params, options);
      },
    };
    const engine = createKpiEngine({ db: counting, targets: t.app.repos.targets, timezone: TZ, clock });
    for (const kpi of ["fcr", "volume", "sla", "backlog"]) await engine.answer({ kpi, period: period("last month") });
    expect(extents).toBe(1);
    await insertTickets(t.app.db, [{ id: "NEW", opened: "2026-12-01T08:00:00Z" }]);
    await engine.answer({ kpi: "fcr", period: period("last month") });
    expect(extents).toBe(2);
  });

  it("Teams shows the partial-data note and the withheld change", async () => {
    await insertTickets(t.app.db, [
      { id: "S1", opened: "2025-06-01T08:00:00Z" },
      { id: "T1", opened: "2026-02-01T09:00:00Z" },
    ]);
    const card = JSON.stringify(renderAdaptiveCard(kpiReply(await ask("volume", "this year"), "en", { timeZone: TZ })));
    expect(plain(card)).toContain("not comparable: 1 Jan – 3 Dec 2025: data from 1 June 2025 only");
  });
});
