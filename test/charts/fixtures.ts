import { findKpi } from "../../src/kpi/definitions.js";
import type { KpiDefinition, KpiResult, Period, SeriesPoint } from "../../src/kpi/types.js";

/** A calendar month in Europe/Paris as a half-open period (months are 1-based). */
export function month(year: number, m: number): Period {
  const start = new Date(Date.UTC(year, m - 1, 1));
  const end = new Date(Date.UTC(year, m, 1));
  // Paris is UTC+2 from the last Sunday of March to the last Sunday of October, else UTC+1.
  const offset = (d: Date) => (d.getUTCMonth() >= 3 && d.getUTCMonth() <= 9 ? 2 : 1);
  return {
    start: new Date(start.getTime() - offset(start) * 3_600_000),
    end: new Date(end.getTime() - offset(end) * 3_600_000),
    grain: "month",
    label: `${year}-${String(m).padStart(2, "0")}`,
  };
}

/** The definition of a catalog KPI (fails loudly when the id is wrong). */
export function def(id: string): KpiDefinition {
  const d = findKpi(id);
  if (!d) throw new Error(`no KPI ${id}`);
  return d;
}

/** Six monthly points ending October 2026 with the given values. */
export function series(values: (number | null)[], n = 100): SeriesPoint[] {
  return values.map((value, i) => {
    const p = month(2026, 10 - (values.length - 1) + i);
    return { label: p.label, start: p.start, end: p.end, value, n };
  });
}

/** An FCR result for October 2026: 74.2 % on 1,234 tickets, up 2.1 pts from 72.1 %, target 70. */
export function fcrResult(overrides: Partial<KpiResult> = {}): KpiResult {
  const definition = def("fcr");
  const nov = month(2026, 11);
  return {
    kpi: "fcr",
    definition,
    value: 74.2,
    n: 1234,
    unit: "percent",
    period: month(2026, 10),
    previous: { period: month(2026, 9), value: 72.1, n: 1180 },
    change: 2.1,
    changeKind: "points",
    target: 70,
    status: "on_target",
    series: series([68.0, 69.5, 70.2, 71.0, 72.1, 74.2]),
    projection: { label: nov.label, start: nov.start, end: nov.end, value: 75.3, n: 0 },
    extras: {},
    filters: [],
    ...overrides,
  };
}

/** An MTTR result for October 2026: 30.5 h (target 24 h, off target), 12 % worse than September. */
export function mttrResult(overrides: Partial<KpiResult> = {}): KpiResult {
  return fcrResult({
    kpi: "mttr",
    definition: def("mttr"),
    value: 30.5,
    n: 420,
    unit: "hours",
    previous: { period: month(2026, 9), value: 27.2, n: 400 },
    change: 12.1,
    changeKind: "percent",
    target: 24,
    status: "off_target",
    series: series([22.0, 23.5, 25.1, 26.0, 27.2, 30.5]),
    projection: null,
    extras: { p50: 12.25, p90: 80 },
    ...overrides,
  });
}
