import { LRUCache } from "lru-cache";
import { DateTime } from "luxon";
import type { Period } from "../kpi/types.js";

/** The organisation's default time zone (KPIS.md). */
export const DEFAULT_TIMEZONE = "Europe/Paris";

/** Calendar grains that have a fixed shape (everything but custom ranges). */
export type CalendarGrain = "day" | "week" | "month" | "quarter" | "year";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Luxon duration unit of each grain. */
const UNIT = { day: "days", week: "weeks", month: "months", quarter: "quarters", year: "years" } as const;

/** `n` periods of a grain as a luxon duration. */
export function grains(grain: CalendarGrain, n: number): Partial<Record<(typeof UNIT)[CalendarGrain], number>> {
  return { [UNIT[grain]]: n };
}

/** An instant seen in the organisation's time zone. */
export function zoned(date: Date, timezone: string): DateTime {
  return DateTime.fromJSDate(date, { zone: timezone });
}

/** The label kpibot gives a calendar period starting at `start` (parseable back by parsePeriod). */
function calendarLabel(grain: CalendarGrain, start: DateTime): string {
  switch (grain) {
    case "day":
      return start.toISODate() ?? "";
    case "week":
      return `${start.weekYear}-W${pad(start.weekNumber)}`;
    case "month":
      return `${start.year}-${pad(start.month)}`;
    case "quarter":
      return `${start.year}-Q${start.quarter}`;
    case "year":
      return String(start.year);
  }
}

/** The calendar period of the given grain that contains `at` (weeks start on Monday, ISO). */
export function calendarPeriod(grain: CalendarGrain, at: DateTime): Period {
  const start = at.startOf(grain);
  const end = start.plus(grains(grain, 1));
  return { start: start.toJSDate(), end: end.toJSDate(), grain, label: calendarLabel(grain, start) };
}

/** A custom period from the first midnight `start` to the midnight `end` (exclusive), labelled `first..last` day. */
export function rangePeriod(start: DateTime, end: DateTime): Period {
  const first = start.startOf("day");
  const endDay = end.startOf("day");
  const last = endDay.minus({ days: 1 });
  return {
    start: first.toJSDate(),
    end: endDay.toJSDate(),
    grain: "custom",
    label: `${first.toISODate()}..${last.toISODate()}`,
  };
}

/** Whether a zoned instant is the first midnight of a month. */
function isMonthStart(d: DateTime): boolean {
  return d.equals(d.startOf("month"));
}

/** Whole months between two month starts, or null when either is not a month start. */
function wholeMonths(start: DateTime, end: DateTime): number | null {
  if (!isMonthStart(start) || !isMonthStart(end)) return null;
  const months = (end.year - start.year) * 12 + (end.month - start.month);
  return months > 0 ? months : null;
}

/** Calendar days between two midnights (a 23- or 25-hour DST day still counts as one day). */
function wholeDays(start: DateTime, end: DateTime): number {
  return Math.max(1, Math.round(end.startOf("day").diff(start.startOf("day"), "days").days));
}

/** How a period steps to its neighbours: a luxon duration unit and how many of it make one step. */
export interface PeriodStep {
  unit: "days" | "weeks" | "months" | "quarters" | "years";
  n: number;
}

/**
 * The step of a period: its grain for calendar periods; N months for a range of N whole months (so 3 months
 * before Aug–Oct is May–Jul, whatever their lengths); a year for a range from 1 January to some day of that
 * year (year to date compares with the same dates a year earlier); N days for any other range of N days.
 */
export function periodStep(p: Period, timezone: string): PeriodStep {
  if (p.grain !== "custom") return { unit: UNIT[p.grain], n: 1 };
  const start = zoned(p.start, timezone);
  const end = zoned(p.end, timezone);
  const months = wholeMonths(start, end);
  if (months !== null) return { unit: "months", n: months };
  if (start.equals(start.startOf("year")) && end <= start.plus({ years: 1 })) return { unit: "years", n: 1 };
  return { unit: "days", n: wholeDays(start, end) };
}

/**
 * Periods already stepped, by period, steps and time zone: every answer steps its period back (the comparison, each
 * point of a trend) and the same few periods come back again and again, while each step is a handful of luxon
 * conversions in the zone (tens of microseconds each). Pure: the same inputs always give the same period.
 */
const shifted = new LRUCache<string, Period>({ max: 2_000 });

/** Steps a period by `steps` periods of the same shape (negative = back in time). */
export function shiftPeriod(p: Period, steps: number, timezone: string): Period {
  const key = `${p.start.getTime()}|${p.end.getTime()}|${p.grain}|${steps}|${timezone}`;
  const known = shifted.get(key);
  // A copy: callers own their periods (and their Dates).
  if (known) return { ...known, start: new Date(known.start), end: new Date(known.end) };
  const computed = computeShift(p, steps, timezone);
  shifted.set(key, { ...computed, start: new Date(computed.start), end: new Date(computed.end) });
  return computed;
}

function computeShift(p: Period, steps: number, timezone: string): Period {
  const start = zoned(p.start, timezone);
  const { unit, n } = periodStep(p, timezone);
  if (p.grain !== "custom") return calendarPeriod(p.grain, start.plus({ [unit]: n * steps }));
  const end = zoned(p.end, timezone);
  return rangePeriod(start.plus({ [unit]: n * steps }), end.plus({ [unit]: n * steps }));
}

/**
 * The previous period of the same length, calendar-aware: the previous month for a month, the previous
 * quarter for a quarter, N months before a range of N whole months, the same dates a year earlier for a
 * year-to-date range, and the N days before any other range of N days.
 */
export function previousPeriod(p: Period, timezone: string = DEFAULT_TIMEZONE): Period {
  return shiftPeriod(p, -1, timezone);
}

/** The next period of the same length (used for projections). */
export function nextPeriod(p: Period, timezone: string = DEFAULT_TIMEZONE): Period {
  return shiftPeriod(p, 1, timezone);
}

/** The `count` periods ending with `p`, oldest first (for trend series). */
export function lastPeriods(p: Period, count: number, timezone: string = DEFAULT_TIMEZONE): Period[] {
  const out: Period[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(i === 0 ? p : shiftPeriod(p, -i, timezone));
  return out;
}

/** The default period when none is given: the last complete month. */
export function defaultPeriod(now: Date, timezone: string = DEFAULT_TIMEZONE): Period {
  return calendarPeriod("month", zoned(now, timezone).minus({ months: 1 }));
}

/** Whether a string names a time zone luxon knows (IANA). */
export function isValidTimezone(timezone: string): boolean {
  return DateTime.now().setZone(timezone).isValid;
}
