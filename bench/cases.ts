import { SERIES_LENGTH } from "../src/kpi/engine.js";
import type { KpiQuery, KpiResult, Period } from "../src/kpi/types.js";
import { lastPeriods, previousPeriod } from "../src/periods/calendar.js";
import { parsePeriod } from "../src/periods/parse.js";
import { DATASET } from "./setup.js";

/** The KPIs issue 3 asks the bench to time. */
export const BENCH_KPIS = ["fcr", "sla", "mttr", "escalation", "backlog"] as const;

/** A KPI the bench times. */
export type BenchKpi = (typeof BENCH_KPIS)[number];

/**
 * What is compared. `value`: `answer({trend: false})` — the value and the previous period's value (plus the
 * KPI's extras and the breakdown when asked). `full`: the default answer — also the 6-period series.
 */
export type Mode = "value" | "full";

/** One timed question. */
export interface BenchCase {
  id: string;
  kpi: BenchKpi;
  periodName: "month" | "year";
  period: Period;
  previous: Period;
  /** The 6 series periods, oldest first (only used in `full` mode). */
  series: Period[];
  breakdown: "group" | null;
  mode: Mode;
}

/** The periods timed: a month and a calendar year of the seeded range, as a user types them. */
export const PERIOD_TEXT = { month: "2026-10", year: "2025" } as const;

function period(text: string): Period {
  const parsed = parsePeriod(text, { now: DATASET.now, timezone: DATASET.timezone });
  if (!parsed.ok) throw new Error(`bench period "${text}": ${parsed.message}`);
  return parsed.period;
}

/** Every case: KPI × {month, year} × {no breakdown, by group} × {value, full}. */
export function benchCases(): BenchCase[] {
  const out: BenchCase[] = [];
  for (const kpi of BENCH_KPIS) {
    for (const periodName of ["month", "year"] as const) {
      const p = period(PERIOD_TEXT[periodName]);
      const previous = previousPeriod(p, DATASET.timezone);
      const series = lastPeriods(p, SERIES_LENGTH, DATASET.timezone);
      for (const breakdown of [null, "group"] as const) {
        for (const mode of ["value", "full"] as const) {
          const id = `${kpi} ${periodName}${breakdown ? ` by ${breakdown}` : ""} ${mode}`;
          out.push({ id, kpi, periodName, period: p, previous, series, breakdown, mode });
        }
      }
    }
  }
  return out;
}

/** The engine query of a case. */
export function engineQuery(c: BenchCase): KpiQuery {
  return {
    kpi: c.kpi,
    period: c.period,
    ...(c.breakdown ? { breakdown: c.breakdown } : {}),
    ...(c.mode === "value" ? { trend: false } : {}),
  };
}

/** The numbers a case produces, by name: value, prev, n, s0..s5, extras, g:<key> / gp:<key> / gn:<key>. */
export type Figures = Record<string, number | null>;

/** The figures of an engine answer that the hand-written SQL must reproduce. */
export function engineFigures(c: BenchCase, r: KpiResult): Figures {
  const f: Figures = { value: r.value, n: r.n, prev: r.previous.value, prevN: r.previous.n };
  if (c.mode === "full") for (const [i, s] of r.series.entries()) f[`s${i}`] = s.value;
  for (const [k, v] of Object.entries(r.extras)) f[k] = v;
  for (const row of r.breakdown?.rows ?? []) {
    f[`g:${row.key}`] = row.value;
    f[`gp:${row.key}`] = row.previous;
    f[`gn:${row.key}`] = row.n;
  }
  return f;
}

/** Names whose values differ (relative tolerance for floating sums done in another order). */
export function mismatches(expected: Figures, actual: Figures, tolerance = 1e-6): string[] {
  const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  const out: string[] = [];
  for (const name of names) {
    const a = expected[name] ?? null;
    const b = actual[name] ?? null;
    if (a === null || b === null) {
      if (a !== b) out.push(`${name}: engine ${a}, sql ${b}`);
      continue;
    }
    if (Math.abs(a - b) > tolerance * Math.max(1, Math.abs(a))) out.push(`${name}: engine ${a}, sql ${b}`);
  }
  return out;
}
