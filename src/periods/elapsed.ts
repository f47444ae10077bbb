import type { DateTime } from "luxon";
import type { Period } from "../kpi/types.js";
import { periodStep, zoned } from "./calendar.js";

/** A half-open instant range [start, end). */
interface Span {
  start: Date;
  end: Date;
}

const MINUTE = 60_000;

/**
 * Where an answer asked at `now` cuts an unfinished period: the end of the current minute, so that everything
 * recorded so far counts and the same question asked within the minute gets the same answer (docs/numbers.md).
 * `asOf` is the minute shown ("as of 15:20"); `cut` is its end (15:21:00, exclusive).
 */
export function answerCut(now: Date): { asOf: Date; cut: Date } {
  const asOf = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
  return { asOf, cut: new Date(asOf.getTime() + MINUTE) };
}

/** Whether `at` falls strictly inside the period: it has started and is not over. */
export function isUnfinished(p: Span, at: Date): boolean {
  return p.start.getTime() < at.getTime() && at.getTime() < p.end.getTime();
}

/**
 * The instant at the same place `steps` periods away, on the clock on the wall in the organisation's time zone:
 * 3 Dec 15:20 → 3 Nov 15:20 for a month, 3 Dec 2026 15:20 → 3 Dec 2025 15:20 for a year (or year to date).
 * When the place does not exist there (31 March → February has no 31st), the whole of the shorter month has
 * elapsed: the answer is the end of that month, and `clamped` says so. A local time skipped by a DST change
 * is read as luxon does (moved forward by the missing hour); a repeated one takes the first reading.
 */
export function shiftInstant(p: Period, at: Date, steps: number, timezone: string): { at: Date; clamped: boolean } {
  const { unit, n } = periodStep(p, timezone);
  const local = zoned(at, timezone);
  const shifted = local.plus({ [unit]: n * steps });
  const monthly = unit === "months" || unit === "quarters" || unit === "years";
  if (monthly && shifted.day !== local.day) {
    return { at: shifted.startOf("month").plus({ months: 1 }).toJSDate(), clamped: true };
  }
  return { at: shifted.toJSDate(), clamped: false };
}

/** A local instant read as if its wall-clock time were UTC (differences of these are wall-clock durations). */
function wallClock(at: Date, timezone: string): number {
  return zoned(at, timezone).setZone("UTC", { keepLocalTime: true }).toMillis();
}

/** Whole months between two local month starts, or null when either is not one. */
function monthsBetween(start: DateTime, end: DateTime): number | null {
  if (!start.equals(start.startOf("month")) || !end.equals(end.startOf("month"))) return null;
  return (end.year - start.year) * 12 + (end.month - start.month);
}

/** Calendar days between two local midnights (a 23- or 25-hour DST day is one day), or null when either is not one. */
function daysBetween(start: DateTime, end: DateTime): number | null {
  if (!start.equals(start.startOf("day")) || !end.equals(end.startOf("day"))) return null;
  return Math.round(end.diff(start, "days").days);
}

/**
 * Whether two spans have the same length, as a team lead counts: the same number of months when both are whole
 * months (October and September are alike), else the same number of days when both are whole days, else the same
 * time on the clock on the wall or in elapsed hours (a 7-day window across a DST change is still 7 days; a
 * 24-hour window is still 24 hours).
 */
export function sameLength(a: Span, b: Span, timezone: string): boolean {
  const [as, ae, bs, be] = [a.start, a.end, b.start, b.end].map((d) => zoned(d, timezone)) as [
    DateTime,
    DateTime,
    DateTime,
    DateTime,
  ];
  const am = monthsBetween(as, ae);
  const bm = monthsBetween(bs, be);
  if (am !== null && bm !== null) return am === bm;
  const ad = daysBetween(as, ae);
  const bd = daysBetween(bs, be);
  if (ad !== null && bd !== null) return ad === bd;
  const real = a.end.getTime() - a.start.getTime() === b.end.getTime() - b.start.getTime();
  const wall =
    wallClock(a.end, timezone) - wallClock(a.start, timezone) ===
    wallClock(b.end, timezone) - wallClock(b.start, timezone);
  return real || wall;
}

/** A custom period over a span, labelled by its first and last local days (`2026-11-01..2026-11-03`). */
export function spanPeriod(span: Span, timezone: string): Period {
  const first = zoned(span.start, timezone).toISODate();
  const last = zoned(new Date(Math.max(span.start.getTime(), span.end.getTime() - 1)), timezone).toISODate();
  return { start: span.start, end: span.end, grain: "custom", label: `${first}..${last}` };
}
