import { DateTime } from "luxon";

// The local day an instant falls in, in a time zone: asked for the same few days over and over (the first and last
// day of each data source, the day of each survey answer) by every answer, and a luxon conversion in a zone costs
// tens of microseconds (Intl formatting to find the offset). The last days computed are kept per time zone; their
// bounds come from the calendar, so DST days (23 or 25 hours) are exact.

/** A local day as epoch milliseconds: [start, end). */
export interface LocalDay {
  start: number;
  end: number;
}

/** Days kept per time zone. */
const KEPT = 16;

const days = new Map<string, LocalDay[]>();

/** The local day of `at` in `timezone`. */
export function localDay(at: Date, timezone: string): LocalDay {
  const ms = at.getTime();
  let kept = days.get(timezone);
  if (kept) {
    for (const d of kept) if (ms >= d.start && ms < d.end) return d;
  } else {
    kept = [];
    days.set(timezone, kept);
  }
  const start = DateTime.fromMillis(ms, { zone: timezone }).startOf("day");
  const day = { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
  kept.unshift(day);
  if (kept.length > KEPT) kept.pop();
  return day;
}

/** The first instant of the local day of `at` (local midnight at or before it). */
export function startOfLocalDay(at: Date, timezone: string): Date {
  return new Date(localDay(at, timezone).start);
}

/** The local midnight at or after `at` (an exclusive end): `at` itself when it is a midnight. */
export function localDayCeil(at: Date, timezone: string): Date {
  const day = localDay(at, timezone);
  return day.start === at.getTime() ? at : new Date(day.end);
}
