import type { Clock } from "../core/clock.js";
import { KpibotError } from "../errors.js";
import { lastPeriods, nextPeriod, previousPeriod } from "../periods/calendar.js";
import type { Db } from "../store/db.js";
import type { TargetRepository } from "../store/repositories.js";
import { type Agg, type CalcContext, emptyAgg } from "./aggregate.js";
import { buildBreakdown, buildDistribution } from "./breakdown.js";
import { type ComputeRequest, computeParts, type KpiCalculator } from "./calculator.js";
import { CALCULATORS } from "./calculators/index.js";
import { findKpi, KPI_DEFINITIONS } from "./definitions.js";
import { type Dialect, dialectFor } from "./sql.js";
import { changeKindOf, changeOf, projectNext, resolveTarget, statusOf } from "./status.js";
import type { KpiDefinition, KpiQuery, KpiResult, Period, SeriesPoint } from "./types.js";

/** How many periods a trend series has (KPIS.md: the last 6 periods). */
export const SERIES_LENGTH = 6;

/** What the KPI engine needs. */
export interface KpiEngineDeps {
  db: Db;
  targets: TargetRepository;
  /** The organisation time zone (KPIBOT_TIMEZONE): periods are midnights there. */
  timezone: string;
  clock: Clock;
}

/** Answers KPI queries from the database. */
export interface KpiEngine {
  /** The KPI catalog the engine answers. */
  readonly definitions: readonly KpiDefinition[];
  /** The organisation time zone periods are computed in. */
  readonly timezone: string;
  /** Computes a KPI for a period (with comparison, target status, trend, breakdown...). Throws KpibotError on bad input. */
  answer(query: KpiQuery): Promise<KpiResult>;
}

/** Whether this SQLite build has the percentile_cont aggregate (better-sqlite3 12 compiles it in). */
async function detectDialect(db: Db): Promise<Dialect> {
  if (db.provider === "postgresql") return dialectFor("postgresql", false);
  try {
    await db.query("SELECT percentile_cont(1, 0.5) AS p");
    return dialectFor("sqlite", true);
  } catch {
    return dialectFor("sqlite", false);
  }
}

/** Rejects breakdowns and filters the KPI's source does not have. */
function validate(def: KpiDefinition, calc: KpiCalculator, query: KpiQuery): void {
  const allowed = def.dimensions.join(", ") || "none";
  if (query.breakdown && (!def.dimensions.includes(query.breakdown) || !calc.breakdown)) {
    throw new KpibotError(
      "INPUT_INVALID",
      `${def.id} cannot be broken down by ${query.breakdown} (dimensions: ${allowed})`,
    );
  }
  for (const f of query.filters ?? []) {
    if (!def.dimensions.includes(f.dimension)) {
      throw new KpibotError("INPUT_INVALID", `${def.id} cannot be filtered by ${f.dimension} (dimensions: ${allowed})`);
    }
  }
  for (const p of [query.period, query.compareTo]) {
    if (p && !(p.start.getTime() < p.end.getTime())) {
      throw new KpibotError("INPUT_INVALID", `the period ${p.label} is empty (its end is not after its start)`);
    }
  }
}

const point = (p: Period, a: Agg): SeriesPoint => ({
  label: p.label,
  start: p.start,
  end: p.end,
  value: a.value,
  n: a.n,
});

/** Builds the KPI engine. Every number comes from aggregate SQL; nothing is loaded row by row. */
export function createKpiEngine(deps: KpiEngineDeps): KpiEngine {
  let dialect: Promise<Dialect> | undefined;
  const tz = deps.timezone;

  async function answer(query: KpiQuery): Promise<KpiResult> {
    const def = findKpi(query.kpi);
    if (!def) throw new KpibotError("NOT_FOUND", `unknown KPI "${query.kpi}"`);
    const calc = CALCULATORS[def.id];
    if (!calc) throw new KpibotError("NOT_FOUND", `no computation for KPI "${def.id}"`);
    validate(def, calc, query);
    dialect ??= detectDialect(deps.db);
    const filters = query.filters ?? [];
    const ctx: CalcContext = { db: deps.db, dialect: await dialect, now: deps.clock.now(), timezone: tz, filters };
    const period = query.period;
    const previous = query.compareTo ?? previousPeriod(period, tz);
    const trend = query.trend !== false;
    const seriesPeriods = trend ? lastPeriods(period, SERIES_LENGTH, tz) : [period];
    const pair = [previous, period];

    const request: ComputeRequest = { ranges: [...seriesPeriods, previous], period, pair };
    if (query.breakdown) request.dimension = query.breakdown;
    const [{ values, extras, groups }, overrides, slices] = await Promise.all([
      computeParts(calc, ctx, request),
      deps.targets.all(def.id),
      calc.distribution ? calc.distribution(ctx, pair) : Promise.resolve(undefined),
    ]);

    const empty = emptyAgg(true);
    const now = values[seriesPeriods.length - 1] ?? empty;
    const before = values.at(-1) ?? empty;
    const unit = calc.valueUnit ?? def.unit;
    const target = resolveTarget(def, overrides);
    const series = trend ? seriesPeriods.map((p, i) => point(p, values[i] ?? empty)) : [];
    const projected = trend && series.length === SERIES_LENGTH ? projectNext(series.map((s) => s.value)) : null;
    const next = projected === null ? null : nextPeriod(period, tz);

    const result: KpiResult = {
      kpi: def.id,
      definition: def,
      value: now.value,
      n: now.n,
      unit,
      period,
      previous: { period: previous, value: before.value, n: before.n },
      change: changeOf(unit, now.value, before.value),
      changeKind: changeKindOf(unit),
      target,
      status: statusOf(now.value, target, def.direction, def.bandWidth),
      series,
      projection: next ? { label: next.label, start: next.start, end: next.end, value: projected, n: 0 } : null,
      extras: now.respondents === undefined ? extras : { ...extras, respondents: now.respondents },
      filters,
      timezone: tz,
    };
    if (query.breakdown && groups) {
      result.breakdown = buildBreakdown(def, unit, query.breakdown, groups, { now, before }, overrides);
    }
    if (slices) result.distribution = buildDistribution(slices);
    return result;
  }

  return { definitions: KPI_DEFINITIONS, timezone: tz, answer };
}
