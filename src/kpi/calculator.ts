import {
  type Agg,
  type BucketRow,
  type CalcContext,
  col,
  complementCondition,
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

/** What an answer needs from a calculator: values for `ranges`, extras for `period`, groups for `pair` (by `dimension`). */
export interface ComputeRequest {
  ranges: readonly Range[];
  period: Range;
  /** [previous, period]: the ranges a breakdown compares. */
  pair: readonly Range[];
  dimension?: Dimension;
}

/** The aggregates behind an answer (groups only when a dimension was asked). */
export interface ComputedParts {
  values: Agg[];
  extras: Record<string, number | null>;
  groups?: Map<string, Agg[]>;
}

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
  /** Values, extras and breakdown together in fewer scans than calling them one by one (see computeParts). */
  compute?(ctx: CalcContext, req: ComputeRequest): Promise<ComputedParts>;
}

/** Whether two ranges are the same instants. */
export function sameRange(a: Range, b: Range): boolean {
  return a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();
}

/** Computes an answer's parts: with the calculator's own `compute` when it has one, else values, extras and breakdown side by side. */
export async function computeParts(calc: KpiCalculator, ctx: CalcContext, req: ComputeRequest): Promise<ComputedParts> {
  if (calc.compute) return calc.compute(ctx, req);
  const [values, extras, groups] = await Promise.all([
    calc.values(ctx, req.ranges),
    calc.extras ? calc.extras(ctx, req.period) : Promise.resolve({}),
    req.dimension && calc.breakdown ? calc.breakdown(ctx, req.pair, req.dimension) : Promise.resolve(undefined),
  ]);
  return groups ? { values, extras, groups } : { values, extras };
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
  /** With `dim`: which ranges are grouped (default all). */
  grouped?: readonly boolean[],
): Promise<{ rows: Awaited<ReturnType<typeof runBucketed>>; read: (row: Record<string, unknown>) => Agg }> {
  const filtered = ctx.complement ? complementCondition : filterConditions;
  const where = [...(spec.where?.(ctx) ?? []), ...filtered(ctx.filters, spec.dims)];
  const dimCol = dim ? spec.dims[dim] : undefined;
  const keys = dimCol ? [groupExpr(dimCol)] : [];
  const rows = await runBucketed(
    ctx,
    { from: spec.from, time: spec.time, where, keys, select: selects(spec, ctx) },
    ranges,
    grouped,
  );
  return { rows, read: reader(spec) };
}

/** The per-range totals of grouped rows: the groups' num, den and n added up, read like one row. */
function totalsOf(spec: AggregateSpec, rows: readonly BucketRow[], count: number): Agg[] {
  const sums = Array.from({ length: count }, () => ({ num: 0, den: 0, n: 0 }));
  for (const { range, row } of rows) {
    const s = sums[range];
    if (!s) continue;
    s.num += col(row, "num");
    s.den += col(row, "den");
    s.n += col(row, "n");
  }
  const read = reader(spec);
  return sums.map((s) => read(s));
}

/**
 * With a breakdown, one statement: the previous and current ranges grouped, the other series ranges not, and
 * the previous and current totals are the sums of their groups (every non-perception aggregate is a SUM or a
 * COUNT), so no range is scanned twice and the database gets one round trip.
 */
async function computeWithGroups(
  calc: KpiCalculator,
  spec: AggregateSpec,
  ctx: CalcContext,
  req: ComputeRequest,
): Promise<ComputedParts> {
  const dim = req.dimension;
  if (!dim) return computeParts({ ...calc, compute: undefined }, ctx, req);
  const inPair = (r: Range) => req.pair.findIndex((p) => sameRange(p, r));
  const rest = req.ranges.filter((r) => inPair(r) < 0);
  const all = [...req.pair, ...rest];
  const [{ rows, read }, extras] = await Promise.all([
    runSpec(
      spec,
      ctx,
      all,
      dim,
      all.map((_, i) => i < req.pair.length),
    ),
    calc.extras ? calc.extras(ctx, req.period) : Promise.resolve({}),
  ]);
  const empty = emptyAgg(!spec.den);
  const pairRows = rows.filter((r) => r.range < req.pair.length);
  const totals = totalsOf(spec, pairRows, req.pair.length);
  const restValues = perRange(
    rows.filter((r) => r.range >= req.pair.length).map((r) => ({ ...r, range: r.range - req.pair.length })),
    rest.length,
    read,
    empty,
  );
  let next = 0;
  const values = req.ranges.map((r) => {
    const i = inPair(r);
    return (i >= 0 ? totals[i] : restValues[next++]) ?? empty;
  });
  return { values, extras, groups: perKey(pairRows, req.pair.length, read, empty) };
}

/** A calculator for an AggregateSpec: values and breakdowns from the same grouped query. */
export function aggregateCalculator(spec: AggregateSpec, more: Partial<KpiCalculator> = {}): KpiCalculator {
  const empty = emptyAgg(!spec.den);
  const calc: KpiCalculator = {
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
  // Distinct respondents do not add up over groups; overridden values or breakdowns are not this spec's.
  if (!spec.respondents && !more.values && !more.breakdown && !more.compute) {
    calc.compute = (ctx, req) => computeWithGroups(calc, spec, ctx, req);
  }
  return calc;
}
