import type { TargetDto } from "../store/repositories.js";
import type { KpiDefinition, KpiDirection, KpiStatus, KpiUnit } from "./types.js";

/** How close to the target still counts as "watch" rather than "off target": 10 % of the target. */
export const WATCH_TOLERANCE = 0.1;

/**
 * Status against a target (KPIS.md): up → on target when value ≥ target, watch when within 10 % of it;
 * down is symmetric; band → on target within target ± bandWidth, watch within 10 % of the target.
 * No value → no_data; no target (or a KPI with no good direction) → no_target.
 */
export function statusOf(
  value: number | null,
  target: number | null,
  direction: KpiDirection,
  bandWidth = 0,
): KpiStatus {
  if (value === null) return "no_data";
  if (target === null || direction === "none") return "no_target";
  const tolerance = Math.abs(target) * WATCH_TOLERANCE;
  switch (direction) {
    case "up":
      return value >= target ? "on_target" : value >= target - tolerance ? "watch" : "off_target";
    case "down":
      return value <= target ? "on_target" : value <= target + tolerance ? "watch" : "off_target";
    case "band": {
      const gap = Math.abs(value - target);
      return gap <= bandWidth ? "on_target" : gap <= Math.max(bandWidth, tolerance) ? "watch" : "off_target";
    }
  }
}

/** Whether a unit's changes are told in points (percentages, NPS) rather than relative %. */
export function changeKindOf(unit: KpiUnit): "points" | "percent" {
  return unit === "percent" || unit === "points" ? "points" : "percent";
}

/** Change from `previous` to `value`: points for percent/points units, relative % otherwise; null when unknown. */
export function changeOf(unit: KpiUnit, value: number | null, previous: number | null): number | null {
  if (value === null || previous === null) return null;
  if (changeKindOf(unit) === "points") return value - previous;
  return previous === 0 ? null : ((value - previous) / Math.abs(previous)) * 100;
}

/** The target of a KPI, or of one breakdown value: admin override for the value, else for the KPI, else the default. */
export function resolveTarget(
  def: KpiDefinition,
  overrides: readonly TargetDto[],
  breakdown?: { dimension: string; key: string },
): number | null {
  const mine = overrides.filter((t) => t.kpi === def.id);
  if (breakdown) {
    const row = mine.find((t) => t.dimension === breakdown.dimension && t.dimValue === breakdown.key);
    if (row) return row.target;
  }
  const whole = mine.find((t) => t.dimension === "" && t.dimValue === "");
  return whole ? whole.target : def.target;
}

/** Least-squares line through the points (x = 0, 1, …) evaluated at the next x; null unless every point has a value. */
export function projectNext(values: readonly (number | null)[]): number | null {
  const n = values.length;
  if (n < 2 || values.some((v) => v === null)) return null;
  const ys = values as number[];
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  });
  const slope = sxy / sxx;
  return meanY + slope * (n - meanX);
}
