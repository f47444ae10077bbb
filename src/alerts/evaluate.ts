import { DateTime } from "luxon";
import type { KpiResult, Period } from "../kpi/types.js";
import type { AlertRule } from "../store/repositories.js";

/** What a check found. `still` = breached again while first-breach notification already told. */
export type CheckOutcome = "breach" | "recovery" | "ok" | "still" | "no_data";

/**
 * The window a check looks at: the 24 hours (hourly checks) or the 7 days (daily checks) up to the
 * check instant; `previous` is the window just before it, for change alerts.
 */
export function checkWindow(
  rule: Pick<AlertRule, "checkEvery" | "timezone">,
  at: Date,
): { period: Period; previous: Period } {
  const end = DateTime.fromJSDate(at, { zone: rule.timezone });
  const back = (d: DateTime) => (rule.checkEvery === "hourly" ? d.minus({ hours: 24 }) : d.minus({ days: 7 }));
  const start = back(end);
  const before = back(start);
  const period = (s: DateTime, e: DateTime): Period => ({
    start: s.toJSDate(),
    end: e.toJSDate(),
    grain: "custom",
    label: `${s.toISO({ suppressMilliseconds: true })}..${e.toISO({ suppressMilliseconds: true })}`,
  });
  return { period: period(start, end), previous: period(before, start) };
}

/** The relative change in % of the previous value; null when either side is missing or the previous is 0. */
export function relativeChange(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return ((value - previous) / Math.abs(previous)) * 100;
}

/**
 * Whether the KPI breaches the rule: below/above compare the value with the threshold (strictly);
 * change compares the relative change with ±threshold % in the rule's direction. Null = no data.
 */
export function isBreached(
  rule: Pick<AlertRule, "condition" | "threshold" | "direction">,
  value: number | null,
  previous: number | null,
): boolean | null {
  if (value === null) return null;
  switch (rule.condition) {
    case "below":
      return value < rule.threshold;
    case "above":
      return value > rule.threshold;
    case "change": {
      const change = relativeChange(value, previous);
      if (change === null) return null;
      if (rule.direction === "up") return change >= rule.threshold;
      if (rule.direction === "down") return change <= -rule.threshold;
      return Math.abs(change) >= rule.threshold;
    }
  }
}

/**
 * What to tell: a breach when the KPI crosses the threshold (and at every breached check with
 * every-breach), a recovery when it is back after a breach, nothing otherwise. "No data" changes nothing.
 */
export function decide(notify: AlertRule["notify"], previous: boolean | null, breached: boolean | null): CheckOutcome {
  if (breached === null) return "no_data";
  if (breached) return previous === true && notify === "first" ? "still" : "breach";
  return previous === true ? "recovery" : "ok";
}

/** The breach decision from a KPI result. */
export function evaluate(
  rule: Pick<AlertRule, "condition" | "threshold" | "direction" | "notify">,
  result: Pick<KpiResult, "value" | "previous">,
  previousBreached: boolean | null,
): { breached: boolean | null; outcome: CheckOutcome; change: number | null } {
  const breached = isBreached(rule, result.value, result.previous.value);
  return {
    breached,
    outcome: decide(rule.notify, previousBreached, breached),
    change: relativeChange(result.value, result.previous.value),
  };
}
