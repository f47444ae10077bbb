import { previousPeriod } from "../periods/calendar.js";
import { answerCut, isUnfinished, sameLength, shiftInstant, spanPeriod } from "../periods/elapsed.js";
import type { KpiComparison, KpiQuery, Period } from "./types.js";

/** The spans an answer computes: the value's, the comparison's, and how they were chosen. */
export interface ComparisonPlan {
  /** The span the value covers (the asked period, cut at the answer's instant when it is not over). */
  current: Period;
  /** The span the comparison value covers. */
  previous: Period;
  comparison: KpiComparison;
  /** The cut when it changed a span (part of the answer's cache key); null when no span was cut. */
  cut: Date | null;
}

/** The period cut at `cut` when it is not over then (same label and grain), else the period itself. */
function cutAt(p: Period, cut: Date): Period {
  return isUnfinished(p, cut) ? { ...p, end: cut } : p;
}

/**
 * Chooses what an answer compares (docs/numbers.md, "Like-for-like comparisons"):
 * - a period that is over is compared with the previous period of the same shape;
 * - a period that is not over at the answer's instant (this month, this year, today, year to date…) is cut there
 *   and compared with the same elapsed span of the previous period, on the clock on the wall in the KPI time zone
 *   (1 Dec 00:00 → 3 Dec 15:20 against 1 Nov 00:00 → 3 Nov 15:20), the whole previous period when it is shorter;
 * - a period given with `vs` is compared as asked (cut too if it is not over), flagged when the spans differ.
 * The instant is `query.asOf`, else the end of the clock's current minute.
 */
export function planComparison(
  query: Pick<KpiQuery, "period" | "compareTo" | "asOf">,
  now: Date,
  tz: string,
): ComparisonPlan {
  const period = query.period;
  const given = query.asOf ? { asOf: query.asOf, cut: query.asOf } : answerCut(now);
  const current = cutAt(period, given.cut);
  const wasCut = current !== period;
  const currentSpan = { start: current.start, end: current.end };
  if (query.compareTo) {
    // A `vs` period that is not over either is cut too, and shown as the span it is (1–3 Dec, not December).
    const asked = query.compareTo;
    const previous = isUnfinished(asked, given.cut) ? spanPeriod({ start: asked.start, end: given.cut }, tz) : asked;
    const cut = wasCut || previous !== asked ? given.cut : null;
    return plan(current, previous, cut, {
      kind: "asked",
      current: currentSpan,
      asOf: cut ? given.asOf : null,
      previousAsOf: null,
      base: query.compareTo,
      clamped: false,
      unequal: !sameLength(current, previous, tz),
    });
  }
  const base = previousPeriod(period, tz);
  if (!wasCut) {
    return plan(current, base, null, {
      kind: "previous",
      current: currentSpan,
      asOf: null,
      previousAsOf: null,
      base,
      clamped: false,
      unequal: false,
    });
  }
  const end = shiftInstant(period, given.cut, -1, tz);
  const shown = shiftInstant(period, given.asOf, -1, tz);
  const whole = end.at.getTime() >= base.end.getTime();
  const previous = whole ? base : spanPeriod({ start: base.start, end: end.at }, tz);
  return plan(current, previous, given.cut, {
    kind: "to_date",
    current: currentSpan,
    asOf: given.asOf,
    previousAsOf: whole ? base.end : shown.at,
    base,
    clamped: whole,
    unequal: false,
  });
}

function plan(current: Period, previous: Period, cut: Date | null, comparison: KpiComparison): ComparisonPlan {
  return { current, previous, comparison, cut };
}
