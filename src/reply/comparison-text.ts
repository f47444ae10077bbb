import { DateTime } from "luxon";
import { formatChangeBetween, formatDateTime, formatPeriod, formatValue } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import type { KpiResult, Period } from "../kpi/types.js";
import { capitalize } from "./options.js";

/** What the comparison texts need from the reply options. */
interface Shown {
  timeZone: string;
  currency: string;
}

/** "month to date", "year to date", "today so far"… — how an unfinished period's elapsed part is called. */
export function spanName(result: Pick<KpiResult, "period">, locale: Locale, timeZone: string): string {
  const p = result.period;
  if (p.grain !== "custom") return t(locale, `reply:toDate.${p.grain}`);
  // Year to date is a custom range from 1 January.
  const start = DateTime.fromJSDate(p.start, { zone: timeZone });
  return t(locale, start.equals(start.startOf("year")) ? "reply:toDate.year" : "reply:toDate.custom");
}

/** Whether the value covers only the elapsed part of the asked period (it is not over). */
export function isCut(result: Pick<KpiResult, "comparison" | "period">): boolean {
  const c = result.comparison;
  return c !== undefined && c.current.end.getTime() < result.period.end.getTime();
}

/** The period to step from for "previous period" buttons: the whole comparison period, not its elapsed part. */
export function previousLabel(result: Pick<KpiResult, "comparison" | "previous">): string {
  return (result.comparison?.base ?? result.previous.period).label;
}

/**
 * The change against the comparison, in words: "+2.1 pts vs October 2026 (72.1 %)"; for an unfinished period
 * "−12 % · month to date, vs 1–3 Nov 2026 (134)"; flagged "⚠️ not like-for-like" when a `vs` period differs in
 * length. Null when there is no change to show.
 */
export function changeText(result: KpiResult, locale: Locale, o: Shown): string | null {
  if (result.change === null || result.previous.value === null || result.value === null) return null;
  const c = result.comparison;
  const whole = c?.kind === "to_date" && c.clamped;
  const vars = {
    change: formatChangeBetween(result.value, result.previous.value, result.unit, locale),
    period: formatPeriod(whole ? c.base : result.previous.period, locale, o.timeZone),
    previous: formatValue(result.previous.value, result.unit, locale, { currency: o.currency }),
    span: spanName(result, locale, o.timeZone),
  };
  const key = !isCut(result) ? "reply:changeVs" : whole ? "reply:changeToDateWhole" : "reply:changeToDate";
  const text = t(locale, key, vars);
  return c?.unequal ? text + t(locale, "reply:unequalFlag") : text;
}

/** "1 Dec 2026, 00:00 → 3 Dec 2026, 15:20". */
function instants(start: Date, end: Date, locale: Locale, timeZone: string): string {
  return `${formatDateTime(start, locale, timeZone)} → ${formatDateTime(end, locale, timeZone)}`;
}

/** The elapsed part of the asked period as text: "month to date (1–3 Dec 2026)". */
function currentText(result: KpiResult, locale: Locale, timeZone: string): string {
  const c = result.comparison;
  if (!c || !isCut(result)) return formatPeriod(result.period, locale, timeZone);
  const span: Pick<Period, "start" | "end" | "grain"> = { ...c.current, grain: "custom" };
  return t(locale, "reply:comparison.spanOf", {
    span: spanName(result, locale, timeZone),
    period: formatPeriod(span, locale, timeZone),
  });
}

/**
 * The note that says exactly what was compared, when it is not simply two whole periods: the two elapsed spans
 * to the minute for an unfinished period, or why a `vs` comparison is not like-for-like. Null otherwise.
 */
export function comparisonNote(result: KpiResult, locale: Locale, o: Shown): string | null {
  const c = result.comparison;
  if (!c) return null;
  if (c.kind === "asked") {
    if (!c.unequal) return null;
    return t(locale, "reply:comparison.unequal", {
      current: currentText(result, locale, o.timeZone),
      previous: formatPeriod(result.previous.period, locale, o.timeZone),
    });
  }
  if (c.kind !== "to_date" || !c.asOf) return null;
  const span = capitalize(spanName(result, locale, o.timeZone), locale);
  const current = instants(c.current.start, c.asOf, locale, o.timeZone);
  if (c.clamped) {
    return t(locale, "reply:comparison.toDateWhole", {
      span,
      current,
      previous: formatPeriod(c.base, locale, o.timeZone),
      timeZone: o.timeZone,
    });
  }
  return t(locale, "reply:comparison.toDate", {
    span,
    current,
    previous: instants(c.base.start, c.previousAsOf ?? result.previous.period.end, locale, o.timeZone),
    timeZone: o.timeZone,
  });
}
