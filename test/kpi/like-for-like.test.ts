/**
 * Issue 16 item 1, "like-for-like comparisons": a period that is not over is compared with the same elapsed span
 * of the previous one (docs/numbers.md). Small deliberate ticket sets; every expected figure is counted by hand
 * from the instants in the comments (Europe/Paris: CET = UTC+1, CEST = UTC+2). On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { renderReply as renderSlack } from "../../adapters/slack/render/blocks.js";
import { renderAdaptiveCard } from "../../adapters/teams/render/card.js";
import type { Clock } from "../../src/core/clock.js";
import { buildDigest } from "../../src/digests/digest-build.js";
import { toKpiJson } from "../../src/kpi/json.js";
import type { KpiQuery, KpiResult } from "../../src/kpi/types.js";
import { parsePeriod } from "../../src/periods/index.js";
import { kpiReply } from "../../src/reply/kpi-reply.js";
import { renderText } from "../../src/reply/render-text.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import {
  period as atNow,
  coverFrom2010,
  insert,
  insertTickets,
  type TicketFixture,
  TZ,
  useKpiApp,
} from "./fixtures.js";

/** A clock the tests move. */
function movableClock(): Clock & { set(iso: string): void } {
  let at = new Date("2026-12-03T14:20:30Z");
  return { now: () => new Date(at.getTime()), set: (iso) => (at = new Date(iso)) };
}

/** Any run of white space (Intl's thin and no-break spaces) as one plain space. */
const plain = (s: string) => s.replace(/\s+/g, " ");

/** Tickets opened at these instants (the volume KPI counts tickets opened in the period). */
const opened = (list: [string, string][]): TicketFixture[] => list.map(([id, at]) => ({ id, opened: at }));

/** November and December 2026: the month-to-date fixture. */
const MONTHS = opened([
  ["N5", "2026-10-31T22:59:59Z"], // 31 Oct 23:59:59 CET: October
  ["N1", "2026-10-31T23:00:00Z"], // 1 Nov 00:00:00: the first instant of November
  ["N2", "2026-11-03T14:20:59Z"], // 3 Nov 15:20:59: inside 1 Nov → 3 Nov 15:21
  ["N3", "2026-11-03T14:21:00Z"], // 3 Nov 15:21:00: outside it
  ["N4", "2026-11-20T09:00:00Z"],
  ["N6", "2026-11-30T22:59:59Z"], // 30 Nov 23:59:59: the last second of November
  ["D1", "2026-11-30T23:00:00Z"], // 1 Dec 00:00:00
  ["D2", "2026-12-02T11:00:00Z"],
  ["D3", "2026-12-03T14:20:10Z"], // 3 Dec 15:20:10
  ["D4", "2026-12-31T10:00:00Z"], // 31 Dec 11:00
]);

/** 2025 and 2026: the year-to-date fixture (both years cross both DST changes). */
const YEARS = opened([
  ["A1", "2024-12-31T23:00:00Z"], // 1 Jan 2025 00:00
  ["A2", "2025-03-01T10:00:00Z"],
  ["A3", "2025-06-15T10:00:00Z"],
  ["A4", "2025-12-03T14:20:59Z"], // 3 Dec 2025 15:20:59: in
  ["A5", "2025-12-03T14:21:00Z"], // 3 Dec 2025 15:21:00: out until the last day
  ["A6", "2025-12-20T10:00:00Z"],
  ["B1", "2025-12-31T23:00:00Z"], // 1 Jan 2026 00:00
  ["B2", "2026-07-01T10:00:00Z"],
  ["B3", "2026-12-03T14:00:00Z"],
  ["B4", "2026-12-31T15:00:00Z"], // 31 Dec 2026 16:00
]);

describe.each(await testProviders())("like-for-like comparisons on %s", (provider) => {
  let t: TestApp;
  const clock = movableClock();
  const period = (text: string) => {
    const r = parsePeriod(text, { now: clock.now(), timezone: TZ });
    if (!r.ok) throw new Error(r.message);
    return r.period;
  };
  const ask = (kpi: string, text: string, more: Partial<KpiQuery> = {}) =>
    t.app.kpi.answer({ kpi, period: period(text), ...more });

  beforeAll(async () => {
    t = await createTestApp(provider, { clock, env: { KPIBOT_TIMEZONE: TZ } });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    for (const table of ["tickets", "cost_lines"]) await t.app.db.execute(`DELETE FROM ${table}`);
    // The data starts long before every period compared here (docs/numbers.md, "Data coverage").
    await coverFrom2010(t.app.db, "tickets");
  });

  describe("month to date (volume, a sum)", () => {
    beforeEach(async () => {
      await insertTickets(t.app.db, MONTHS);
    });

    it("middle of the month: D1–D3 (3) against N1, N2 (2) → +50 %, not 3 against all of November (5)", async () => {
      clock.set("2026-12-03T14:20:30Z"); // 3 Dec 15:20:30
      const r = await ask("volume", "this month");
      expect([r.value, r.previous.value, r.change]).toEqual([3, 2, 50]);
      expect(r.period.label).toBe("2026-12");
      expect(r.previous.period.label).toBe("2026-11-01..2026-11-03");
      expect(r.comparison?.kind).toBe("to_date");
      expect(r.comparison?.base.label).toBe("2026-11");
      // The trend's last point is the same elapsed span as the headline.
      expect(r.series.at(-1)).toMatchObject({ label: "2026-12", value: 3, end: new Date("2026-12-03T14:21:00Z") });
      // November's own trend point stays whole: N1, N2, N3, N4, N6.
      expect(r.series.at(-2)).toMatchObject({ label: "2026-11", value: 5 });
    });

    it("first minute of the month: D1 against N1 → 0 %", async () => {
      clock.set("2026-11-30T23:00:40Z"); // 1 Dec 00:00:40
      const r = await ask("volume", "this month");
      expect([r.value, r.previous.value, r.change]).toEqual([1, 1, 0]);
      expect(r.previous.period.label).toBe("2026-11-01..2026-11-01");
    });

    it("last day of a month longer than the previous one: all of November (5) against D1–D4 (4) → −20 %", async () => {
      clock.set("2026-12-31T16:00:00Z"); // 31 Dec 17:00
      const r = await ask("volume", "this month");
      expect([r.value, r.previous.value, r.change]).toEqual([4, 5, -20]);
      expect(r.previous.period.label).toBe("2026-11");
      expect(r.comparison?.clamped).toBe(true);
    });

    it("a month that is over is compared with the whole previous month, as before", async () => {
      clock.set("2026-12-03T14:20:30Z");
      const r = await ask("volume", "last month");
      // November: N1, N2, N3, N4, N6 = 5; October: N5 = 1.
      expect([r.value, r.previous.value, r.change]).toEqual([5, 1, 400]);
      expect(r.comparison?.kind).toBe("previous");
    });

    it("an explicit vs is honoured as asked and flagged when the spans differ", async () => {
      clock.set("2026-12-03T14:20:30Z");
      const r = await ask("volume", "this month", { compareTo: period("last month") });
      expect([r.value, r.previous.value, r.change]).toEqual([3, 5, -40]);
      expect(r.comparison).toMatchObject({ kind: "asked", unequal: true });
      const text = plain(renderText(kpiReply(r, "en")));
      expect(text).toContain("Change -40 % · month to date, vs November 2026 (5 tickets) ⚠️ not like-for-like");
      expect(text).toContain(
        "⚠️ Not like-for-like: month to date (1 – 3 Dec 2026) is compared with November 2026 as asked, and the two spans differ in length.",
      );
      const fr = plain(renderText(kpiReply(r, "fr")));
      expect(fr).toContain("⚠️ comparaison inégale");
      expect(fr).toContain(
        "⚠️ Comparaison inégale : depuis le début du mois (1–3 déc. 2026) est comparé à novembre 2026",
      );
      // The other way round: all of November against December so far (3), shown as the span it is.
      const back = await ask("volume", "last month", { compareTo: period("this month") });
      expect([back.value, back.previous.value, back.previous.period.label]).toEqual([5, 3, "2026-12-01..2026-12-03"]);
      expect(back.comparison).toMatchObject({ kind: "asked", unequal: true });
      const backText = plain(renderText(kpiReply(back, "en")));
      expect(backText).toContain("Change +66.7 % vs 1 – 3 Dec 2026 (3 tickets) ⚠️ not like-for-like");
      expect(backText).toContain("⚠️ Not like-for-like: November 2026 is compared with 1 – 3 Dec 2026 as asked");
      // Two whole months are alike: not flagged.
      const months = await ask("volume", "2026-11", { compareTo: period("2026-10") });
      expect(months.comparison).toMatchObject({ kind: "asked", unequal: false });
      expect(plain(renderText(kpiReply(months, "en")))).not.toContain("like-for-like");
    });

    it("the answer says so in English and French, on Slack and Teams, with both spans to the minute", async () => {
      clock.set("2026-12-03T14:20:30Z");
      const r = await ask("volume", "this month");
      const en = kpiReply(r, "en");
      const text = plain(renderText(en));
      expect(text).toContain("Change +50 % · month to date, vs 1 – 3 Nov 2026 (2 tickets)");
      expect(text).toContain(
        "Month to date: 1 Dec 2026, 00:00 → 3 Dec 2026, 15:20, compared with the same elapsed span of the previous period, 1 Nov 2026, 00:00 → 3 Nov 2026, 15:20 (Europe/Paris).",
      );
      expect(plain(en.fallback)).toContain("+50 % · month to date, vs 1 – 3 Nov 2026 (2 tickets)");
      const fr = plain(renderText(kpiReply(r, "fr")));
      expect(fr).toContain("+50 % · depuis le début du mois, par rapport à 1–3 nov. 2026 (2 tickets)");
      expect(fr).toContain(
        "Depuis le début du mois : 1 déc. 2026, 00:00 → 3 déc. 2026, 15:20, comparé à la même durée écoulée de la période précédente, 1 nov. 2026, 00:00 → 3 nov. 2026, 15:20 (Europe/Paris).",
      );
      const slack = plain(JSON.stringify(renderSlack(en)));
      expect(slack).toContain("month to date, vs 1 – 3 Nov 2026");
      const teams = plain(JSON.stringify(renderAdaptiveCard(en)));
      expect(teams).toContain("month to date, vs 1 – 3 Nov 2026");
      // The trend's last tick is labelled as a partial period; the projection keeps its own label.
      const chart = en.blocks.find((b) => b.type === "chart");
      expect(chart?.type === "chart" && chart.spec.categories.at(-1)).toBe("Dec 2026 (to date)");
      // "Previous period" steps from the whole of November, not from its first three days.
      const previous = en.blocks
        .flatMap((b) => (b.type === "actions" ? b.actions : []))
        .find((a) => /Previous/.test(a.label));
      expect(previous?.value).toBe("volume 2026-11");
      // --json: the compared spans, exactly.
      expect(toKpiJson(r).comparison).toEqual({
        kind: "to_date",
        current: { start: "2026-11-30T23:00:00.000Z", end: "2026-12-03T14:21:00.000Z" },
        asOf: "2026-12-03T14:20:00.000Z",
        previousAsOf: "2026-11-03T14:20:00.000Z",
        base: { label: "2026-11", grain: "month", start: "2026-10-31T23:00:00.000Z", end: "2026-11-30T23:00:00.000Z" },
        clamped: false,
        unequal: false,
      });
    });

    it("the whole shorter month is named as such", async () => {
      clock.set("2026-12-31T16:00:00Z");
      const r = await ask("volume", "this month");
      const text = plain(renderText(kpiReply(r, "en")));
      expect(text).toContain("-20 % · month to date, vs all of November 2026, a shorter period (5 tickets)");
      expect(text).toContain("compared with the whole of November 2026, which is shorter (Europe/Paris)");
      expect(plain(renderText(kpiReply(r, "fr")))).toContain("par rapport à tout novembre 2026, période plus courte");
    });

    it("a cached answer moves with the minute", async () => {
      clock.set("2026-12-03T14:20:30Z");
      expect((await ask("volume", "this month")).previous.value).toBe(2);
      clock.set("2026-12-03T14:21:05Z"); // 15:21:05: N3 (3 Nov 15:21:00) now counts
      expect((await ask("volume", "this month")).previous.value).toBe(3);
    });

    it("a digest of this month compares as of its fire time", async () => {
      clock.set("2026-12-05T10:00:00Z"); // run late: the digest is as of its fire time, 3 Dec 15:20
      const digest = await buildDigest(
        t.app,
        { kpis: ["volume"], breakdown: null, period: "this month", frequency: "daily", timezone: TZ, locale: "en" },
        new Date("2026-12-03T14:20:00Z"),
        "footer",
      );
      const [r] = digest.results;
      // D1, D2 (D3 is at 15:20:10, after the fire time) against N1 (N2 is at 15:20:59).
      expect([r?.value, r?.previous.value, r?.change]).toEqual([2, 1, 100]);
      const text = plain(renderText(digest.reply));
      expect(text).toContain("Ticket volume: 2 tickets (+100 %, was 1 ticket)");
      expect(text).toContain(
        "Month to date: 1 Dec 2026, 00:00 → 3 Dec 2026, 15:20, compared with the same elapsed span of the previous period, 1 Nov 2026, 00:00 → 3 Nov 2026, 15:20",
      );
    });
  });

  describe("a rate (fcr) month to date", () => {
    it("2 of 3 (66.7 %) against 1 of 2 (50 %) → +16.7 pts, not against 1 of 4 (25 %) for all of November", async () => {
      const resolved = (id: string, at: string, fcr: boolean): TicketFixture => ({
        id,
        opened: "2026-10-01T08:00:00Z",
        resolved: at,
        fcr,
      });
      await insertTickets(t.app.db, [
        resolved("R1", "2026-12-01T07:00:00Z", true),
        resolved("R2", "2026-12-02T10:00:00Z", true),
        resolved("R3", "2026-12-03T14:00:00Z", false),
        resolved("S1", "2026-11-02T10:00:00Z", true),
        resolved("S2", "2026-11-03T14:20:00Z", false), // 3 Nov 15:20: in
        resolved("S3", "2026-11-03T14:21:00Z", false), // 3 Nov 15:21: out
        resolved("S4", "2026-11-15T10:00:00Z", false),
      ]);
      clock.set("2026-12-03T14:20:30Z");
      const r = await ask("fcr", "this month");
      expect(r.value).toBeCloseTo(200 / 3, 9);
      expect(r.previous.value).toBe(50);
      expect(r.change).toBeCloseTo(50 / 3, 9);
      expect([r.n, r.previous.n]).toEqual([3, 2]);
      expect(plain(renderText(kpiReply(r, "en")))).toContain(
        "Change +16.7 pts · month to date, vs 1 – 3 Nov 2026 (50 %)",
      );
    });
  });

  describe("a sum of money (service-cost) month to date", () => {
    it("1,000 + 250 against 400 → +212.5 %", async () => {
      const line = (at: string, actual: number) => ({
        period_start: at,
        period_end: at,
        category: "software",
        service: "Mail",
        actual,
      });
      await insert(t.app.db, "cost_lines", [
        line("2026-10-31T23:00:00Z", 400), // 1 Nov 00:00: in
        line("2026-11-10T09:00:00Z", 9000), // 10 Nov: after 3 Nov 15:21
        line("2026-11-30T23:00:00Z", 1000), // 1 Dec 00:00
        line("2026-12-03T14:00:00Z", 250), // 3 Dec 15:00
      ]);
      clock.set("2026-12-03T14:20:30Z");
      const r = await ask("service-cost", "this month");
      expect([r.value, r.previous.value, r.change]).toEqual([1250, 400, 212.5]);
    });
  });

  describe("year to date", () => {
    beforeEach(async () => {
      await insertTickets(t.app.db, YEARS);
    });

    it("3 Dec 2026 15:20: B1–B3 (3) against A1–A4 (4) → −25 %, for 'this year' and 'year to date' alike", async () => {
      clock.set("2026-12-03T14:20:30Z");
      for (const text of ["this year", "year to date"]) {
        const r = await ask("volume", text);
        expect([r.value, r.previous.value, r.change]).toEqual([3, 4, -25]);
        expect(r.previous.period.label).toBe("2025-01-01..2025-12-03");
        expect(plain(renderText(kpiReply(r, "en")))).toContain(
          "-25 % · year to date, vs 1 Jan – 3 Dec 2025 (4 tickets)",
        );
        expect(plain(renderText(kpiReply(r, "fr")))).toContain(
          "-25 % · depuis le début de l'année, par rapport à 1 janv. – 3 déc. 2025 (4 tickets)",
        );
      }
    });

    it("first minute of the year: B1 against A1 → 0 %", async () => {
      clock.set("2025-12-31T23:00:40Z"); // 1 Jan 2026 00:00:40
      const r = await ask("volume", "this year");
      expect([r.value, r.previous.value, r.change]).toEqual([1, 1, 0]);
    });

    it("last day of the year: B1–B4 (4) against A1–A6 (6) → −33.3 %", async () => {
      clock.set("2026-12-31T17:00:00Z"); // 31 Dec 18:00
      const r = await ask("volume", "year to date");
      expect([r.value, r.previous.value]).toEqual([4, 6]);
      expect(r.change).toBeCloseTo(-100 / 3, 9);
      expect(plain(renderText(kpiReply(r, "en")))).toContain("-33.3 % · year to date");
    });
  });

  describe("across DST changes", () => {
    it("October to date after the autumn change: the same wall-clock time in September (10:01), not the same hours", async () => {
      await insertTickets(
        t.app.db,
        opened([
          ["O4", "2026-10-01T08:00:00Z"],
          ["O3", "2026-10-25T01:30:00Z"], // 25 Oct 02:30 CET, the second 02:30
          ["O1", "2026-10-26T09:00:30Z"], // 26 Oct 10:00:30 CET: in
          ["O2", "2026-10-26T09:01:00Z"], // 10:01:00: out
          ["P3", "2026-08-31T22:00:00Z"], // 1 Sep 00:00 CEST: in
          ["P1", "2026-09-26T08:00:30Z"], // 26 Sep 10:00:30 CEST: in
          ["P2", "2026-09-26T08:30:00Z"], // 10:30 CEST: out on the wall clock (in if counted in elapsed hours)
        ]),
      );
      clock.set("2026-10-26T09:00:00Z"); // 26 Oct 10:00 CET
      const r = await ask("volume", "this month");
      expect([r.value, r.previous.value, r.change]).toEqual([3, 2, 50]);
    });

    it("today on the 25-hour day against yesterday up to 15:20", async () => {
      await insertTickets(
        t.app.db,
        opened([
          ["Y1", "2026-10-24T13:00:00Z"], // 24 Oct 15:00 CEST: in
          ["Y2", "2026-10-24T13:30:00Z"], // 15:30 CEST: out (16 h 21 elapsed today would reach 16:21 CEST)
          ["T1", "2026-10-25T01:30:00Z"], // 25 Oct 02:30 CET
          ["T2", "2026-10-25T14:20:40Z"], // 15:20:40 CET
        ]),
      );
      clock.set("2026-10-25T14:20:00Z"); // 25 Oct 15:20 CET
      const r = await ask("volume", "today");
      expect([r.value, r.previous.value, r.change]).toEqual([2, 1, 100]);
      expect(plain(renderText(kpiReply(r, "en")))).toContain("+100 % · today so far, vs 24 Oct 2026 (1 ticket)");
    });

    it("31 March after the spring change against all of February", async () => {
      await insertTickets(
        t.app.db,
        opened([
          ["F1", "2027-02-28T22:59:00Z"], // 28 Feb 23:59 CET
          ["M3", "2027-03-28T01:30:00Z"], // 28 Mar 03:30 CEST, just after the jump
          ["M1", "2027-03-31T08:00:30Z"], // 31 Mar 10:00:30 CEST: in
          ["M2", "2027-03-31T08:01:00Z"], // 10:01: out
        ]),
      );
      clock.set("2027-03-31T08:00:00Z");
      const r = await ask("volume", "this month");
      expect([r.value, r.previous.value, r.change]).toEqual([2, 1, 100]);
      expect(r.previous.period.label).toBe("2027-02");
    });
  });
});

describe.each(await testProviders())("like-for-like comparisons of anonymous figures on %s", (provider) => {
  // NOW is 15 Nov 2026 11:00 CET: November to date (→ 11:01) against 1 Oct → 15 Oct 11:01 CEST; the October
  // trend point is whole, so the rest of October (15 Oct 11:01 → 1 Nov) must not be 1–4 people's answers.
  const k = useKpiApp(provider);
  const answers = async (who: string, count: number, at: string, score = 5) => {
    if (count === 0) return;
    await insert(
      k.t.app.db,
      "survey_answers",
      Array.from({ length: count }, (_, i) => ({
        survey_id: 1,
        question_id: 1,
        respondent_key: `${who}${i + 1}`,
        score,
        answered_at: at,
      })),
    );
  };

  it.each([0, 1, 2, 3, 4, 5])("the rest of the previous trend point holds %i respondents", async (rest) => {
    await insert(k.t.app.db, "surveys", [
      { id: 1, title: "Barometer", audience: "users", anonymous: true, status: "open", results_visibility: "live" },
    ]);
    await insert(k.t.app.db, "survey_questions", [
      { id: 1, survey_id: 1, position: 1, type: "csat", prompt: "How was it?", service: null },
    ]);
    await coverFrom2010(k.t.app.db, "surveys");
    await answers("n", 6, "2026-11-10T10:00:00Z");
    await answers("o", 6, "2026-10-10T10:00:00Z", 2); // in the compared span: 0 % positive
    await answers("r", rest, "2026-10-20T10:00:00Z"); // the rest of October
    const r: KpiResult = await k.ask({ kpi: "satisfaction", period: atNow("this month") });
    expect(r.value).toBe(100);
    if (rest >= 1 && rest <= 4) {
      // October whole minus October to date would be their answers: the comparison is withheld.
      expect(r.previous.value).toBeNull();
      expect(r.anonymity?.previous).toBe("overlap");
      expect(r.change).toBeNull();
      return;
    }
    expect(r.previous.value).toBe(0);
    expect(r.change).toBe(100);
  });
});
