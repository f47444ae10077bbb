import { describe, expect, it } from "vitest";
import { checkWindow } from "../../src/alerts/evaluate.js";
import { planComparison } from "../../src/kpi/comparison.js";
import type { Period } from "../../src/kpi/types.js";
import { answerCut, sameLength, shiftInstant } from "../../src/periods/elapsed.js";
import { parsePeriod } from "../../src/periods/index.js";

// Like-for-like comparisons (docs/numbers.md): every instant below is worked out by hand in Europe/Paris
// (CET = UTC+1; CEST = UTC+2 from the last Sunday of March 02:00 to the last Sunday of October 03:00).
const TZ = "Europe/Paris";
const at = (iso: string) => new Date(iso);

function period(text: string, now: Date): Period {
  const r = parsePeriod(text, { now, timezone: TZ });
  if (!r.ok) throw new Error(r.message);
  return r.period;
}

/** The spans an answer asked at `now` compares, as ISO instants. */
function spans(text: string, now: Date, vs?: string) {
  const p = period(text, now);
  const plan = planComparison({ period: p, ...(vs ? { compareTo: period(vs, now) } : {}) }, now, TZ);
  const iso = (d: Date) => d.toISOString();
  return {
    kind: plan.comparison.kind,
    current: [iso(plan.current.start), iso(plan.current.end)],
    previous: [iso(plan.previous.start), iso(plan.previous.end)],
    previousLabel: plan.previous.label,
    base: plan.comparison.base.label,
    asOf: plan.comparison.asOf && iso(plan.comparison.asOf),
    previousAsOf: plan.comparison.previousAsOf && iso(plan.comparison.previousAsOf),
    clamped: plan.comparison.clamped,
    unequal: plan.comparison.unequal,
  };
}

describe("the cut of an unfinished period", () => {
  it("is the end of the current minute; the minute is what answers are 'as of'", () => {
    const c = answerCut(at("2026-12-03T14:20:30.500Z"));
    expect(c.asOf.toISOString()).toBe("2026-12-03T14:20:00.000Z");
    expect(c.cut.toISOString()).toBe("2026-12-03T14:21:00.000Z");
  });
});

describe("month to date", () => {
  it("middle of the month: 1 Dec 00:00 → 3 Dec 15:20 against 1 Nov 00:00 → 3 Nov 15:20, to the minute", () => {
    // 3 Dec 15:20:30 CET = 14:20:30Z; the cut is 15:21 CET = 14:21Z; 3 Nov 15:21 CET = 14:21Z too.
    expect(spans("this month", at("2026-12-03T14:20:30Z"))).toEqual({
      kind: "to_date",
      current: ["2026-11-30T23:00:00.000Z", "2026-12-03T14:21:00.000Z"],
      previous: ["2026-10-31T23:00:00.000Z", "2026-11-03T14:21:00.000Z"],
      previousLabel: "2026-11-01..2026-11-03",
      base: "2026-11",
      asOf: "2026-12-03T14:20:00.000Z",
      previousAsOf: "2026-11-03T14:20:00.000Z",
      clamped: false,
      unequal: false,
    });
  });

  it("first minute of the month: against the first minute of the previous one", () => {
    const s = spans("this month", at("2026-12-01T00:00:30+01:00"));
    expect(s.current).toEqual(["2026-11-30T23:00:00.000Z", "2026-11-30T23:01:00.000Z"]);
    expect(s.previous).toEqual(["2026-10-31T23:00:00.000Z", "2026-10-31T23:01:00.000Z"]);
    expect(s.previousLabel).toBe("2026-11-01..2026-11-01");
  });

  it("last day of a 31-day month against a 30-day one: the whole shorter month (clamped)", () => {
    // 31 Dec 12:00 CET: 31 November does not exist, so all of November has elapsed.
    const s = spans("this month", at("2026-12-31T11:00:00Z"));
    expect(s.previous).toEqual(["2026-10-31T23:00:00.000Z", "2026-11-30T23:00:00.000Z"]);
    expect(s.previousLabel).toBe("2026-11");
    expect(s.clamped).toBe(true);
    // 30 Dec: 30 November exists: not clamped, up to 30 Nov 12:01.
    const d30 = spans("this month", at("2026-12-30T11:00:00Z"));
    expect(d30.previous).toEqual(["2026-10-31T23:00:00.000Z", "2026-11-30T11:01:00.000Z"]);
    expect(d30.clamped).toBe(false);
  });

  it("31 March 2027 (after the spring DST change) against February: the whole of February", () => {
    // 31 Mar 2027 10:00 CEST = 08:00Z; March starts at 1 Mar 00:00 CET = 28 Feb 23:00Z.
    const s = spans("this month", at("2027-03-31T08:00:00Z"));
    expect(s.current).toEqual(["2027-02-28T23:00:00.000Z", "2027-03-31T08:01:00.000Z"]);
    expect(s.previous).toEqual(["2027-01-31T23:00:00.000Z", "2027-02-28T23:00:00.000Z"]);
    expect(s.clamped).toBe(true);
    // 28 March 2027 is the DST day itself: 28 Feb 10:00 CET exists, so the span stops there.
    const dst = spans("this month", at("2027-03-28T08:00:00Z")); // 10:00 CEST
    expect(dst.previous).toEqual(["2027-01-31T23:00:00.000Z", "2027-02-28T09:01:00.000Z"]);
    expect(dst.clamped).toBe(false);
  });

  it("across the autumn DST change: the same time on the wall clock, not the same number of hours", () => {
    // 26 Oct 2026 10:00 CET = 09:00Z (DST ended on the 25th): 25 days 10 h 01 on the wall clock, 25 d 11 h 01
    // elapsed. September's span stops at 26 Sep 10:01 CEST = 08:01Z (the same wall-clock time).
    const s = spans("this month", at("2026-10-26T09:00:00Z"));
    expect(s.current).toEqual(["2026-09-30T22:00:00.000Z", "2026-10-26T09:01:00.000Z"]);
    expect(s.previous).toEqual(["2026-08-31T22:00:00.000Z", "2026-09-26T08:01:00.000Z"]);
  });
});

describe("other unfinished periods", () => {
  it("today, on the 25-hour day: yesterday up to the same wall-clock time", () => {
    // 25 Oct 2026 15:20 CET = 14:20Z; 24 Oct 15:21 CEST = 13:21Z.
    const s = spans("today", at("2026-10-25T14:20:00Z"));
    expect(s.current).toEqual(["2026-10-24T22:00:00.000Z", "2026-10-25T14:21:00.000Z"]);
    expect(s.previous).toEqual(["2026-10-23T22:00:00.000Z", "2026-10-24T13:21:00.000Z"]);
  });

  it("this week and this quarter", () => {
    // Thursday 3 Dec 2026 15:20 CET: week from Monday 30 Nov, against Monday 23 Nov → Thursday 26 Nov 15:21.
    const week = spans("this week", at("2026-12-03T14:20:00Z"));
    expect(week.previous).toEqual(["2026-11-22T23:00:00.000Z", "2026-11-26T14:21:00.000Z"]);
    // Q4 from 1 Oct (CEST); Q3 from 1 Jul to 3 Sep 15:21 CEST = 13:21Z.
    const quarter = spans("this quarter", at("2026-12-03T14:20:00Z"));
    expect(quarter.previous).toEqual(["2026-06-30T22:00:00.000Z", "2026-09-03T13:21:00.000Z"]);
    // 31 May 2027 → Q1: 31 February does not exist: January and February whole.
    const may = spans("this quarter", at("2027-05-31T08:00:00Z"));
    expect(may.previous).toEqual(["2026-12-31T23:00:00.000Z", "2027-02-28T23:00:00.000Z"]);
    expect(may.clamped).toBe(false); // Q1 itself is not used whole
  });

  it("this year and year to date: 1 Jan → 3 Dec 15:20 2026 against 1 Jan → 3 Dec 15:20 2025", () => {
    const now = at("2026-12-03T14:20:00Z");
    for (const text of ["this year", "year to date"]) {
      const s = spans(text, now);
      expect(s.kind).toBe("to_date");
      expect(s.current).toEqual(["2025-12-31T23:00:00.000Z", "2026-12-03T14:21:00.000Z"]);
      expect(s.previous).toEqual(["2024-12-31T23:00:00.000Z", "2025-12-03T14:21:00.000Z"]);
      expect(s.previousLabel).toBe("2025-01-01..2025-12-03");
    }
    // First minute of the year, and the last day.
    expect(spans("this year", at("2026-01-01T00:00:10+01:00")).previous).toEqual([
      "2024-12-31T23:00:00.000Z",
      "2024-12-31T23:01:00.000Z",
    ]);
    expect(spans("year to date", at("2026-12-31T18:00:00+01:00")).previous).toEqual([
      "2024-12-31T23:00:00.000Z",
      "2025-12-31T17:01:00.000Z",
    ]);
  });

  it("29 February 2028 so far against 2027: up to the end of 28 February 2027", () => {
    const s = spans("this year", at("2028-02-29T11:00:00Z"));
    expect(s.previous).toEqual(["2026-12-31T23:00:00.000Z", "2027-02-28T23:00:00.000Z"]);
  });

  it("a period that is over keeps the whole previous period", () => {
    const s = spans("last month", at("2026-12-03T14:20:00Z"));
    expect(s.kind).toBe("previous");
    expect(s.previousLabel).toBe("2026-10");
    expect(s.asOf).toBeNull();
  });
});

describe("an explicit vs period", () => {
  const now = at("2026-12-03T14:20:00Z");

  it("is honoured as asked and flagged when the spans differ in length", () => {
    const s = spans("this month", now, "last month");
    expect(s.kind).toBe("asked");
    expect(s.current).toEqual(["2026-11-30T23:00:00.000Z", "2026-12-03T14:21:00.000Z"]);
    expect(s.previous).toEqual(["2026-10-31T23:00:00.000Z", "2026-11-30T23:00:00.000Z"]);
    expect(s.unequal).toBe(true);
    expect(spans("2026-10", now, "2026-07..2026-08").unequal).toBe(true); // 1 month vs 2
    expect(spans("last 30 days", now, "october").unequal).toBe(true); // 30 days vs 31
  });

  it("is not flagged when the spans are alike (months of different lengths, equal days, equal windows)", () => {
    expect(spans("october", now, "september").unequal).toBe(false);
    expect(spans("2025", now, "2024").unequal).toBe(false); // 12 months each, 365 and 366 days
    expect(spans("2026", now, "2025").unequal).toBe(true); // 2026 is not over: its elapsed part against all of 2025
    expect(spans("last 30 days", now, "september").unequal).toBe(false); // 30 days each
    expect(spans("2026-10-01..2026-10-15", now, "2026-09-01..2026-09-15").unequal).toBe(false);
  });

  it("alert windows are alike across DST changes (7 wall-clock days; 24 elapsed hours)", () => {
    const daily = checkWindow({ checkEvery: "daily", timezone: TZ }, at("2026-10-26T07:00:00Z"));
    expect(sameLength(daily.period, daily.previous, TZ)).toBe(true);
    const hourly = checkWindow({ checkEvery: "hourly", timezone: TZ }, at("2026-10-25T09:00:00Z"));
    expect(sameLength(hourly.period, hourly.previous, TZ)).toBe(true);
    const spring = checkWindow({ checkEvery: "daily", timezone: TZ }, at("2026-03-30T06:00:00Z"));
    expect(sameLength(spring.period, spring.previous, TZ)).toBe(true);
  });
});

describe("shiftInstant", () => {
  const month = (iso: string) => period("this month", at(iso));

  it("moves a local time to the same place of another period", () => {
    const r = shiftInstant(month("2026-12-03T14:20:00Z"), at("2026-12-03T14:20:00Z"), -1, TZ);
    expect(r).toEqual({ at: at("2026-11-03T14:20:00Z"), clamped: false });
  });

  it("a skipped local time moves forward by the missing hour (luxon's reading)", () => {
    // 30 March 2026 02:30 CEST → 29 March 02:30 does not exist (clocks jump 02:00 → 03:00) → 03:30 CEST.
    const day = period("today", at("2026-03-30T00:30:00Z"));
    expect(shiftInstant(day, at("2026-03-30T00:30:00Z"), -1, TZ).at.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });
});
