import {
  type Agg,
  type CalcContext,
  col,
  type DimMap,
  emptyAgg,
  filterConditions,
  groupExpr,
  perKey,
  perRange,
  type Range,
  ratioAgg,
  runBucketed,
  sumAgg,
} from "./aggregate.js";
import type { Sql } from "./sql.js";
import type { Dimension, KpiUnit } from "./types.js";

/** How one KPI is computed: its values per range, and optionally a breakdown, extras and a distribution. */
export interface KpiCalculator {
  /** The dimensions this KPI's source can be broken down or filtered by. */
  dims: DimMap;
  /** One aggregate per range, in the order given. */
  values(ctx: CalcContext, ranges: readonly Range[]): Promise<Agg[]>;
  /** Per breakdown value, one aggregate per range. */
  breakdown?(ctx: CalcContext, ranges: readonly Range[], dim: Dimension): Promise<Map<string, Agg[]>>;
  /** Extra figures for the asked period (mttr percentiles, backlog age...). */
  extras?(ctx: CalcContext, period: Range): Promise<Record<string, number | null>>;
  /** Distribution KPIs: the amount per key (value = amount) for each range. */
  distribution?(ctx: CalcContext, ranges: readonly Range[]): Promise<Map<string, Agg[]>>;
  /** The unit of the headline value when it is not the definition's (distribution KPIs answer a total). */
  valueUnit?: KpiUnit;
}

/** A KPI that is one grouped aggregate over a fact table (tickets, changes, costs, answers...). */
export interface AggregateSpec {
  from: string;
  time: string;
  where?: (ctx: CalcContext) => Sql[];
  /** Numerator (or the amount, for additive KPIs). */
  num: (ctx: CalcContext) => Sql | string;
  /** Denominator; absent for additive KPIs (counts, sums). */
  den?: (ctx: CalcContext) => Sql | string;
  /** How many records are behind the value. */
  n: (ctx: CalcContext) => Sql | string;
  /** Distinct respondents (perception KPIs). */
  respondents?: string;
  /** value = scale × num / den (100 for percentages). */
  scale?: number;
  dims: DimMap;
}

/** Reads an aggregate row of an AggregateSpec query. */
function reader(spec: AggregateSpec): (row: Record<string, unknown>) => Agg {
  return (row) => {
    const agg = spec.den
      ? ratioAgg(col(row, "num"), col(row, "den"), col(row, "n"), spec.scale ?? 1)
      : sumAgg(col(row, "num"), col(row, "n"));
    return spec.respondents ? { ...agg, respondents: col(row, "r") } : agg;
  };
}

/** The SELECT list of an AggregateSpec. */
function selects(spec: AggregateSpec, ctx: CalcContext): Record<string, Sql | string> {
  const out: Record<string, Sql | string> = { num: spec.num(ctx), n: spec.n(ctx) };
  if (spec.den) out.den = spec.den(ctx);
  if (spec.respondents) out.r = spec.respondents;
  return out;
}

/** Runs an AggregateSpec for several ranges, optionally grouped by a dimension. */
export async function runSpec(
  spec: AggregateSpec,
  ctx: CalcContext,
  ranges: readonly Range[],
  dim?: Dimension,
): Promise<{ rows: Awaited<ReturnType<typeof runBucketed>>; read: (row: Record<string, unknown>) => Agg }> {
  const where = [...(spec.where?.(ctx) ?? []), ...filterConditions(ctx.filters, spec.dims)];
  const dimCol = dim ? spec.dims[dim] : undefined;
  const keys = dimCol ? [groupExpr(dimCol)] : [];
  const rows = await runBucketed(
    ctx,
    { from: spec.from, time: spec.time, where, keys, select: selects(spec, ctx) },
    ranges,
  );
  return { rows, read: reader(spec) };
}

/** A calculator for an AggregateSpec: values and breakdowns from the same grouped query. */
export function aggregateCalculator(spec: AggregateSpec, more: Partial<KpiCalculator> = {}): KpiCalculator {
  const empty = emptyAgg(!spec.den);
  return {
    dims: spec.dims,
    async values(ctx, ranges) {
      const { rows, read } = await runSpec(spec, ctx, ranges);
      return perRange(rows, ranges.length, read, empty);
    },
    async breakdown(ctx, ranges, dim) {
      const { rows, read } = await runSpec(spec, ctx, ranges, dim);
      return perKey(rows, ranges.length, read, empty);
    },
    ...more,
  };
}
