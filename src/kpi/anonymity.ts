import type { Agg, Range } from "./aggregate.js";
import type { HiddenReason } from "./types.js";

/**
 * Perception figures are never shown from fewer respondents than this (KPIS.md; docs/security.md,
 * "k-anonymity of perception figures"). It counts people (distinct respondent keys), not answers.
 */
export const ANONYMITY_THRESHOLD = 5;

/**
 * SQL naming one person among the answers of `table` (a survey_answers alias): the user of a named answer, else
 * the anonymous respondent key. A ticket survey keys each ticket apart (one answer per ticket), so counting keys
 * would make one requester's five tickets five respondents; the user id makes them one.
 */
export function personSql(table: string): string {
  return `COALESCE(${table}.user_id, ${table}.respondent_key)`;
}

/** Whether an aggregate has answers from fewer respondents than the threshold (no answer at all is no data, not "too few"). */
export function tooFew(a: Agg | undefined): boolean {
  return a !== undefined && a.n > 0 && (a.respondents ?? 0) < ANONYMITY_THRESHOLD;
}

/** The aggregate with its value withheld: counts (n, respondents) stay, the opinion (value, numerator) goes. */
export function withhold(a: Agg): Agg {
  return { ...a, num: 0, value: null };
}

/** Whether two half-open ranges share an instant without being the same range. */
function overlapsDifferently(a: Range, b: Range): boolean {
  const same = a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();
  return !same && a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

/**
 * The rest of a trend point beyond the comparison span of an unfinished period (1 Nov 00:00 → 3 Nov 15:21 is
 * compared; November is a trend point; the rest is 3 Nov 15:21 → 1 Dec): the two figures' difference is the
 * answers of that rest, so the overlap is harmless only when they come from nobody or from enough people.
 */
export interface ComparisonRest {
  range: Range;
  agg: Agg;
  /** With filters: the rest's answers the filters leave out. */
  complement?: Agg;
}

/** Whether `r` is exactly the comparison followed by a rest that may be shown by difference. */
function coveredSafely(r: Range, compare: Range, rest: ComparisonRest | undefined): boolean {
  if (!rest || tooFew(rest.agg) || tooFew(rest.complement)) return false;
  const t = (d: Date) => d.getTime();
  return t(r.start) === t(compare.start) && t(compare.end) === t(rest.range.start) && t(rest.range.end) === t(r.end);
}

/**
 * Which of an anonymous KPI's per-range values must be withheld, and why:
 * - `too_few`: the range's answers come from 1–4 respondents (headline, comparison, every trend point,
 *   `today` or any narrow period, a `for <dim>=<value>` filter alike);
 * - `complement`: with filters, the answers the filters leave out in that range come from 1–4 respondents,
 *   so the unfiltered figure minus this one would show theirs;
 * - `overlap`: the comparison range (`compareIndex`) overlaps another range of the same answer without being
 *   it (`vs` a period that shares days with the asked one): the difference of the two figures is the answers of
 *   the days they do not share, which nobody counted.
 * `complement` is each range's aggregate of the left-out answers (absent without filters). An unfinished period's
 * comparison span is the start of the previous trend point: that overlap is allowed when `rest`, the remainder of
 * that point, holds no answer or answers from at least the threshold (and so does its complement).
 */
export function withheldRanges(
  values: readonly Agg[],
  ranges: readonly Range[],
  compareIndex: number,
  complement?: readonly Agg[],
  rest?: ComparisonRest,
): (HiddenReason | undefined)[] {
  const compare = ranges[compareIndex];
  const overlap =
    compare !== undefined &&
    ranges.some((r, i) => i !== compareIndex && overlapsDifferently(r, compare) && !coveredSafely(r, compare, rest));
  return values.map((a, i) => {
    if (tooFew(a)) return "too_few";
    if (a.n === 0) return undefined;
    if (complement && tooFew(complement[i])) return "complement";
    if (i === compareIndex && overlap) return "overlap";
    return undefined;
  });
}

/** One group of a breakdown column: its key and how many answers and respondents are behind it. */
export interface GroupCount {
  key: string;
  n: number;
  respondents: number;
}

/**
 * The groups of one breakdown column (the asked period, or the previous one) to withhold, and why.
 *
 * Every group with 1–4 respondents is withheld (`too_few`). Then complementary suppression: the total is shown,
 * so "total − the shown groups" is the figure of the withheld ones together; if no withheld group reaches the
 * threshold on its own, the smallest shown group is withheld too (`complement`), so that remainder always holds
 * at least one group of 5 or more people. (Counting "the withheld groups reach 5 together" is not possible:
 * distinct respondents do not add up across groups, since one person answers several questions.)
 * `alsoWithheld` are groups this column does not show for another reason (the previous column of a group
 * withheld in the asked period); with their counts they take part in the rule like the others.
 */
export function withheldGroups(
  groups: readonly GroupCount[],
  alsoWithheld: ReadonlySet<string> = new Set(),
): Map<string, HiddenReason> {
  const out = new Map<string, HiddenReason>();
  const present = groups.filter((g) => g.n > 0);
  for (const g of present) {
    if (g.respondents < ANONYMITY_THRESHOLD) out.set(g.key, "too_few");
  }
  const hidden = present.filter((g) => out.has(g.key) || alsoWithheld.has(g.key));
  if (out.size === 0 || hidden.some((g) => g.respondents >= ANONYMITY_THRESHOLD)) return out;
  const smallest = present
    .filter((g) => !out.has(g.key) && !alsoWithheld.has(g.key))
    .sort((a, b) => a.respondents - b.respondents || a.n - b.n || a.key.localeCompare(b.key))[0];
  if (smallest) out.set(smallest.key, "complement");
  return out;
}
