import type { TargetDto } from "../store/repositories.js";
import type { Agg } from "./aggregate.js";
import { type GroupCount, withheldGroups } from "./anonymity.js";
import { changeOf, resolveTarget, statusOf } from "./status.js";
import type { BreakdownRow, Dimension, DistributionRow, HiddenReason, KpiDefinition, KpiUnit } from "./types.js";

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

/** The groups' counts in one column (0 = before, 1 = now), for the anonymity rule. */
function counts(groups: ReadonlyMap<string, readonly Agg[]>, column: 0 | 1): GroupCount[] {
  return [...groups].map(([key, aggs]) => ({
    key,
    n: aggs[column]?.n ?? 0,
    respondents: aggs[column]?.respondents ?? 0,
  }));
}

/**
 * Breakdown rows (largest groups first), the top movers, and how many values the anonymity rule withheld.
 * Anonymous KPIs withhold, in each column, the groups withheldGroups names: a group withheld in the asked
 * period is left out (counted in `hidden`); one withheld only in the previous period keeps its row with no
 * previous value, change or impact. `overall` comes already withheld by the engine (a null value gives no impact);
 * `totalWithheld` says which of its two columns the engine withheld: then every group of that column is withheld
 * as well, since the groups of a filtered answer can add up to the very total the rule hid (`for service=VPN by
 * question`, when VPN has a single question).
 */
export function buildBreakdown(
  def: KpiDefinition,
  unit: KpiUnit,
  dimension: Dimension,
  groups: ReadonlyMap<string, readonly Agg[]>,
  overall: { now: Agg; before: Agg },
  overrides: readonly TargetDto[],
  totalWithheld: { now?: HiddenReason; before?: HiddenReason } = {},
): { dimension: Dimension; rows: BreakdownRow[]; movers: BreakdownRow[]; hidden: number } {
  const anonymous = def.anonymous === true;
  const column = (c: 0 | 1, reason: HiddenReason | undefined, also?: ReadonlySet<string>) => {
    if (!anonymous) return new Map<string, HiddenReason>();
    if (reason) {
      return new Map(counts(groups, c).flatMap((g): [string, HiddenReason][] => (g.n > 0 ? [[g.key, reason]] : [])));
    }
    return withheldGroups(counts(groups, c), also);
  };
  const hiddenNow = column(1, totalWithheld.now);
  const hiddenBefore = column(0, totalWithheld.before, new Set(hiddenNow.keys()));
  const rows: BreakdownRow[] = [];
  let hidden = 0;
  for (const [key, aggs] of groups) {
    const before = aggs[0];
    const now = aggs[1];
    if (!before || !now) continue;
    if (now.n === 0 && before.n === 0) continue;
    if (hiddenNow.has(key)) {
      hidden++;
      continue;
    }
    const previousHidden = hiddenBefore.get(key);
    const previous = previousHidden ? null : before.value;
    const target = resolveTarget(def, overrides, { dimension, key });
    rows.push({
      key,
      value: now.value,
      n: now.n,
      previous,
      ...(previousHidden ? { previousHidden } : {}),
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
