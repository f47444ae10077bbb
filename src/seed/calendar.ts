import { DateTime } from "luxon";

const DAY_MS = 86_400_000;
const FUTURE_DAYS = 200;
// French public holidays on fixed dates (MM-DD): the desk is nearly closed, like a Sunday.
const FIXED_HOLIDAYS = new Set(["01-01", "05-01", "05-08", "07-14", "08-15", "11-01", "11-11", "12-25"]);

/** One local calendar day of the demo range. */
export interface DemoDay {
  /** Local midnight, epoch ms. */
  start: number;
  /** Local noon, epoch ms (times of day are measured from it so DST nights do not shift office hours). */
  noon: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  month: number;
  day: number;
  holiday: boolean;
  /** Position in the range, 0 at the first month and 1 at now (drives the trends). */
  progress: number;
}

/** One local calendar month of the demo range. */
export interface DemoMonth {
  start: number;
  end: number;
  year: number;
  month: number;
  /** French label, e.g. "mars 2026". */
  label: string;
  progress: number;
  /** 1 for past months; the elapsed share of the current month. */
  elapsed: number;
}

/** The demo range in the organisation's time zone: M whole months before the current one, up to now. */
export interface DemoCalendar {
  zone: string;
  now: number;
  start: number;
  /** Days from the start to today, then FUTURE_DAYS more for due dates after now. */
  days: DemoDay[];
  /** Index of today in `days`. */
  today: number;
  months: DemoMonth[];
}

/** Builds the calendar of the demo range (luxon once per day, never per ticket). */
export function buildCalendar(now: Date, months: number, zone: string): DemoCalendar {
  const nowDt = DateTime.fromJSDate(now, { zone });
  const first = nowDt.startOf("month").minus({ months });
  const span = Math.max(1, now.getTime() - first.toMillis());
  const progressOf = (ms: number) => Math.min(1, Math.max(0, (ms - first.toMillis()) / span));
  const days: DemoDay[] = [];
  let today = 0;
  const last = nowDt.startOf("day").plus({ days: FUTURE_DAYS });
  for (let d = first; d <= last; d = d.plus({ days: 1 })) {
    const start = d.toMillis();
    if (start <= now.getTime()) today = days.length;
    days.push({
      start,
      noon: d.set({ hour: 12 }).toMillis(),
      weekday: d.weekday,
      month: d.month,
      day: d.day,
      holiday: FIXED_HOLIDAYS.has(d.toFormat("MM-dd")),
      progress: progressOf(start),
    });
  }
  const list: DemoMonth[] = [];
  for (let m = first; m.toMillis() <= now.getTime(); m = m.plus({ months: 1 })) {
    const start = m.toMillis();
    const end = m.plus({ months: 1 }).toMillis();
    list.push({
      start,
      end,
      year: m.year,
      month: m.month,
      label: m.setLocale("fr").toFormat("LLLL yyyy"),
      progress: progressOf(start),
      elapsed: Math.min(1, (now.getTime() - start) / (end - start)),
    });
  }
  return { zone, now: now.getTime(), start: first.toMillis(), days, today, months: list };
}

/** Index of the day containing an instant (clamped to the calendar). */
export function dayIndexOf(cal: DemoCalendar, ms: number): number {
  const days = cal.days;
  let i = Math.min(days.length - 1, Math.max(0, Math.floor((ms - cal.start) / DAY_MS)));
  // DST makes some days 23 or 25 hours long: step to the right day.
  while (i + 1 < days.length && (days[i + 1] as DemoDay).start <= ms) i++;
  while (i > 0 && (days[i] as DemoDay).start > ms) i--;
  return i;
}

/** Adds hours, then moves a deadline that lands on a weekend to the same time on Monday ("business-ish"). */
export function addBusinessish(cal: DemoCalendar, from: number, hours: number): number {
  const due = from + hours * 3_600_000;
  const day = cal.days[dayIndexOf(cal, due)];
  if (day === undefined) return due;
  if (day.weekday === 6) return due + 2 * DAY_MS;
  if (day.weekday === 7) return due + DAY_MS;
  return due;
}

/** Mondays (local midnight) of the weeks that start in the range and before now. */
export function weekStarts(cal: DemoCalendar): DemoDay[] {
  return cal.days.filter((d, i) => i <= cal.today && d.weekday === 1);
}
