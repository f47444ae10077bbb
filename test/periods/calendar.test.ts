import { describe, expect, it } from "vitest";
import type { Period } from "../../src/kpi/types.js";
import {
  defaultPeriod,
  lastPeriods,
  nextPeriod,
  parsePeriod,
  previousPeriod,
  shiftPeriod,
} from "../../src/periods/index.js";

const TZ = "Europe/Paris";
const now = new Date("2026-11-15T10:00:00Z");

function period(text: string): Period {
  const r = parsePeriod(text, { now, timezone: TZ });
  if (!r.ok) throw new Error(r.message);
  return r.period;
}

const hours = (p: Period) => (p.end.getTime() - p.start.getTime()) / 3_600_000;

describe("calendar periods", () => {
  it("default period is the last complete month", () => {
    const p = defaultPeriod(now, TZ);
    expect(p.label).toBe("2026-10");
    expect(p.grain).toBe("month");
    // 1 January, 00:30 in Paris is still 31 December in UTC: the last complete month is December.
    expect(defaultPeriod(new Date("2026-12-31T23:30:00Z"), TZ).label).toBe("2026-12");
  });

  it("steps back calendar-aware: previous month, quarter, year, week, day", () => {
    expect(previousPeriod(period("2026-03"), TZ).label).toBe("2026-02");
    expect(previousPeriod(period("2026-01"), TZ).label).toBe("2025-12");
    expect(previousPeriod(period("2026-Q1"), TZ).label).toBe("2025-Q4");
    expect(previousPeriod(period("2026"), TZ).label).toBe("2025");
    expect(previousPeriod(period("2026-W01"), TZ).label).toBe("2025-W52");
    expect(previousPeriod(period("2026-03-01"), TZ).label).toBe("2026-02-28");
    expect(nextPeriod(period("2026-12"), TZ).label).toBe("2027-01");
  });

  it("steps a range of whole months by months, other ranges by their number of days", () => {
    // Aug–Oct (92 days) → May–Jul (92 days, but stepped as 3 months).
    expect(previousPeriod(period("2026-08-01..2026-10-31"), TZ).label).toBe("2026-05-01..2026-07-31");
    // 1–15 October: 15 days → 16–30 September.
    expect(previousPeriod(period("2026-10-01..2026-10-15"), TZ).label).toBe("2026-09-16..2026-09-30");
    // Year to date compares with the same dates a year earlier.
    expect(previousPeriod(period("ytd"), TZ).label).toBe("2025-01-01..2025-11-15");
    expect(shiftPeriod(period("2026-10-01..2026-10-15"), 2, TZ).label).toBe("2026-10-31..2026-11-14");
  });

  it("keeps midnight boundaries across DST changes", () => {
    // 2026-10-25 is 25 hours long in Paris, 2026-03-29 is 23 hours long.
    const autumnDay = period("2026-10-25");
    expect(hours(autumnDay)).toBe(25);
    expect(hours(previousPeriod(autumnDay, TZ))).toBe(24);
    const springDay = period("2026-03-29");
    expect(springDay.start.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(springDay.end.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(hours(springDay)).toBe(23);
    // The week of 23–29 March 2026 (W13) loses an hour; the week of 19–25 October (W43) gains one.
    const springWeek = period("2026-W13");
    expect(springWeek.start.toISOString()).toBe("2026-03-22T23:00:00.000Z");
    expect(springWeek.end.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(hours(springWeek)).toBe(7 * 24 - 1);
    expect(hours(period("2026-W43"))).toBe(7 * 24 + 1);
    // A range of days stepped back over the autumn change still starts and ends at midnights.
    const after = period("2026-10-26..2026-10-31");
    const before = previousPeriod(after, TZ);
    expect(before.label).toBe("2026-10-20..2026-10-25");
    expect(before.start.toISOString()).toBe("2026-10-19T22:00:00.000Z");
    expect(before.end.toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });

  it("lastPeriods gives the series oldest first, ending with the period", () => {
    const series = lastPeriods(period("2026-02"), 6, TZ);
    expect(series.map((p) => p.label)).toEqual(["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]);
    // Contiguous: each period ends where the next one starts.
    for (let i = 1; i < series.length; i++) {
      expect(series[i]?.start.getTime()).toBe(series[i - 1]?.end.getTime());
    }
    expect(lastPeriods(period("2026-Q1"), 3, TZ).map((p) => p.label)).toEqual(["2025-Q3", "2025-Q4", "2026-Q1"]);
  });

  it("steps the same period again to an equal period the caller owns (periods are remembered, never shared)", () => {
    const first = shiftPeriod(period("2026-03"), -2, TZ);
    first.start.setTime(0);
    first.label = "changed";
    const again = shiftPeriod(period("2026-03"), -2, TZ);
    expect(again.label).toBe("2026-01");
    expect(again.start.toISOString()).toBe("2025-12-31T23:00:00.000Z");
    // Another time zone is another computation: Paris's March starts on 28 February at 23:00 UTC.
    expect(shiftPeriod(period("2026-03"), -2, "UTC").label).toBe("2025-12");
  });
});
