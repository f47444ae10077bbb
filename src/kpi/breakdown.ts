import type { TargetDto } from "../store/repositories.js";
import type { Agg } from "./aggregate.js";
import { changeOf, resolveTarget, statusOf } from "./status.js";
import type { BreakdownRow, Dimension, DistributionRow, KpiDefinition, KpiUnit } from "./types.js";

/** Perception results never show a breakdown value with fewer respondents than this (KPIS.md). */
export const ANONYMITY_THRESHOLD = 5;

/** How many breakdown values `movers` lists. */
export const MOVERS = 3;

/**
 * How much one group moved the overall KPI between two periods, in KPI units. The impacts of all groups
 * add up exactly to the overall change.
 *
 * Additive KPIs (counts, sums): the group's own change, num₁ − num₀.
 * Ratios and means (V = Σnum / Σden): impact = w₁·(v₁ − V₀) − w₀·(v₀ − V₀), where w is the group's share of
 * the denominator, v its value and V₀ the overall previous value. A group that stays at the overall level
 * moves nothing whatever its size; a group above it that grows pulls the KPI up.
 */
export function impactOf(group: { now: Agg; before: Agg }, overall: { now: Agg; before: Agg }): number | null {
  const { now, before } = overall;
  if (now.value === null || before.value === null) return null;
  if (now.den === null || before.den === null) return group.now.num - group.before.num;
  const v0 = before.value;
  // value × den = scale × num, so the KPI's scale (100 for %) never needs to be known here.
  const part = (g: Agg, total: number) => (g.den && g.value !== null ? (g.value - v0) * g.den : 0) / total;
  return part(group.now, now.den) - part(group.before, before.den);
}

/** Breakdown rows (largest groups first), the top movers, and how many values the anonymity rule hid. */
export function buildBreakdown(
  def: KpiDefinition,
  unit: KpiUnit,
  dimension: Dimension,
  groups: ReadonlyMap<string, readonly Agg[]>,
  overall: { now: Agg; before: Agg },
  overrides: readonly TargetDto[],
): { dimension: Dimension; rows: BreakdownRow[]; movers: BreakdownRow[]; hidden: number } {
  const rows: BreakdownRow[] = [];
  let hidden = 0;
  const tooFew = (a: Agg) => def.anonymous === true && (a.respondents ?? 0) < ANONYMITY_THRESHOLD;
  for (const [key, aggs] of groups) {
    const before = aggs[0];
    const now = aggs[1];
    if (!before || !now) continue;
    if (now.n === 0 && before.n === 0) continue;
    if (tooFew(now)) {
      hidden++;
      continue;
    }
    const previousHidden = tooFew(before);
    const previous = previousHidden ? null : before.value;
    const target = resolveTarget(def, overrides, { dimension, key });
    rows.push({
      key,
      value: now.value,
      n: now.n,
      previous,
      change: changeOf(unit, now.value, previous),
      impact: previousHidden ? null : impactOf({ now, before }, overall),
      target,
      status: statusOf(now.value, target, def.direction, def.bandWidth),
    });
  }
  rows.sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  const movers = rows
    .filter((r) => r.impact !== null && r.impact !== 0)
    .sort((a, b) => Math.abs(b.impact ?? 0) - Math.abs(a.impact ?? 0))
    .slice(0, MOVERS);
  return { dimension, rows, movers, hidden };
}

/** Distribution slices of the asked period (largest first) with their share and the previous period's share. */
export function buildDistribution(groups: ReadonlyMap<string, readonly Agg[]>): DistributionRow[] {
  let total = 0;
  let totalBefore = 0;
  for (const aggs of groups.values()) {
    total += aggs[1]?.num ?? 0;
    totalBefore += aggs[0]?.num ?? 0;
  }
  const rows: DistributionRow[] = [];
  for (const [key, aggs] of groups) {
    const now = aggs[1];
    if (!now || now.n === 0) continue;
    const before = aggs[0]?.num ?? 0;
    rows.push({
      key,
      value: now.num,
      share: total !== 0 ? (100 * now.num) / total : 0,
      n: now.n,
      previousShare: totalBefore !== 0 ? (100 * before) / totalBefore : null,
    });
  }
  return rows.sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
}
