import { DateTime } from "luxon";
import { type Locale, t } from "../i18n/index.js";
import type { Period } from "../kpi/types.js";
import { dateTimeFormat } from "./intl.js";

/** The organisation's default time zone (KPIBOT_TIMEZONE's default). */
export const DEFAULT_TIME_ZONE = "Europe/Paris";

type PeriodLike = Pick<Period, "start" | "end" | "grain">;

/** The last instant inside a half-open period, for showing its end date. */
function lastInstant(period: PeriodLike): Date {
  return new Date(Math.max(period.start.getTime(), period.end.getTime() - 1));
}

/** Formats a date in the locale and time zone with Intl options. */
function dateFormat(locale: Locale, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return dateTimeFormat(locale, timeZone, options);
}

/** A date range `1–15 Oct 2026` / `1–15 oct. 2026` (one date when it is a single day). */
function formatRange(period: PeriodLike, locale: Locale, timeZone: string): string {
  const fmt = dateFormat(locale, timeZone, { day: "numeric", month: "short", year: "numeric" });
  const last = lastInstant(period);
  if (fmt.format(period.start) === fmt.format(last)) return fmt.format(period.start);
  return fmt.formatRange(period.start, last);
}

/**
 * A period as people say it: "October 2026" / "octobre 2026", "Q3 2026" / "T3 2026", "2026",
 * "week of 5 Oct 2026", "5 October 2026", "1–15 Oct 2026" — in the organisation's time zone.
 */
export function formatPeriod(period: PeriodLike, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  const start = DateTime.fromJSDate(period.start, { zone: timeZone });
  switch (period.grain) {
    case "month":
      return dateFormat(locale, timeZone, { month: "long", year: "numeric" }).format(period.start);
    case "quarter":
      return t(locale, "reply:period.quarter", { quarter: start.quarter, year: start.year });
    case "year":
      return String(start.year);
    case "week":
      return t(locale, "reply:period.week", {
        date: dateFormat(locale, timeZone, { day: "numeric", month: "short", year: "numeric" }).format(period.start),
      });
    case "day":
      return dateFormat(locale, timeZone, { day: "numeric", month: "long", year: "numeric" }).format(period.start);
    case "custom":
      return formatRange(period, locale, timeZone);
    default:
      return assertNever(period.grain);
  }
}

/** A compact period label for chart axes: "Oct 2026" / "oct. 2026", "Q3 2026", "5 Oct". */
export function formatPeriodShort(period: PeriodLike, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  switch (period.grain) {
    case "month":
      return dateFormat(locale, timeZone, { month: "short", year: "numeric" }).format(period.start);
    case "quarter":
    case "year":
      return formatPeriod(period, locale, timeZone);
    case "week":
    case "day":
      return dateFormat(locale, timeZone, { day: "numeric", month: "short" }).format(period.start);
    case "custom": {
      const fmt = dateFormat(locale, timeZone, { day: "numeric", month: "short" });
      const last = lastInstant(period);
      return fmt.format(period.start) === fmt.format(last)
        ? fmt.format(period.start)
        : fmt.formatRange(period.start, last);
    }
    default:
      return assertNever(period.grain);
  }
}

/** A date and time in the locale and time zone, e.g. for "as of" notes. */
export function formatDateTime(at: Date, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  return dateFormat(locale, timeZone, { dateStyle: "medium", timeStyle: "short" }).format(at);
}

/** Compile-time exhaustiveness check for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
