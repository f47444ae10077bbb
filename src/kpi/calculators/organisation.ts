import {
  type Agg,
  type BucketRow,
  type CalcContext,
  col,
  type DimMap,
  filterConditions,
  perKey,
  perRange,
  type Range,
  runSnapshots,
  sumAgg,
} from "../aggregate.js";
import { type AggregateSpec, aggregateCalculator, type KpiCalculator, runSpec } from "../calculator.js";
import { raw, type Sql, sql } from "../sql.js";
import type { Dimension } from "../types.js";
import { TICKET_DIMS } from "./tickets.js";

const STAFF_DIMS: DimMap = { team: { expr: "x.team", type: "text" } };
const TIME_DIMS: DimMap = {
  activity: { expr: "e.activity", type: "text" },
  team: { expr: "e.team", type: "text" },
};

const readSum = (row: Record<string, unknown>) => sumAgg(col(row, "num"), col(row, "n"));

/** Staff at each end instant: the latest allocation of every team dated before it. */
async function staffAt(
  ctx: CalcContext,
  ends: readonly Date[],
  value: string,
  where: readonly Sql[],
  dim?: Dimension,
): Promise<BucketRow[]> {
  const dimCol = dim ? STAFF_DIMS[dim] : undefined;
  return runSnapshots(
    ctx,
    {
      table: "staff_allocations",
      entity: "team",
      date: "date",
      where,
      keys: dimCol ? [dimCol.expr] : [],
      select: { num: `SUM(${value})`, n: "COUNT(*)" },
    },
    ends,
  );
}

const ends = (ranges: readonly Range[]) => ranges.map((r) => r.end);

/** Service-management FTE at the period end (sum over teams of their latest allocation). */
const smStaff: KpiCalculator = {
  dims: STAFF_DIMS,
  async values(ctx, ranges) {
    const rows = await staffAt(
      ctx,
      ends(ranges),
      "x.service_management_fte",
      filterConditions(ctx.filters, STAFF_DIMS),
    );
    return perRange(rows, ranges.length, readSum, sumAgg(0, 0));
  },
  async breakdown(ctx, ranges, dim) {
    const rows = await staffAt(
      ctx,
      ends(ranges),
      "x.service_management_fte",
      filterConditions(ctx.filters, STAFF_DIMS),
      dim,
    );
    return perKey(rows, ranges.length, readSum, sumAgg(0, 0));
  },
  async extras(ctx, period) {
    const rows = await staffAt(ctx, [period.end], "x.fte", filterConditions(ctx.filters, STAFF_DIMS));
    return { totalFte: rows[0] ? col(rows[0].row, "num") : null };
  },
};

const resolved: AggregateSpec = {
  from: "tickets t",
  time: "t.resolved_at",
  num: () => "COUNT(*)",
  n: () => "COUNT(*)",
  dims: TICKET_DIMS,
};

/** Tickets resolved in the period per service-desk FTE (teams flagged service_desk, at the period end). */
async function workload(ctx: CalcContext, ranges: readonly Range[]): Promise<Agg[]> {
  const [tickets, fte] = await Promise.all([
    runSpec(resolved, ctx, ranges).then(({ rows, read }) => perRange(rows, ranges.length, read, sumAgg(0, 0))),
    staffAt(ctx, ends(ranges), "x.fte", [raw("x.service_desk")]).then((rows) =>
      perRange(rows, ranges.length, readSum, sumAgg(0, 0)),
    ),
  ]);
  return ranges.map((_, i) => {
    const t = tickets[i]?.num ?? 0;
    const f = fte[i]?.num ?? 0;
    return { num: t, den: f, n: t, value: t > 0 && f > 0 ? t / f : null };
  });
}

const timeSpec: AggregateSpec = {
  from: "time_entries e",
  time: "e.date",
  num: () => "SUM(e.hours)",
  n: () => "COUNT(*)",
  dims: TIME_DIMS,
};

const shadowSpec: AggregateSpec = {
  from: "shadow_it_findings f",
  time: "f.resolved_at",
  where: () => [raw("f.status IN ('controlled', 'retired')")],
  num: () => "SUM(f.yearly_cost_avoided)",
  n: () => "COUNT(*)",
  dims: {},
};

/** Organisational KPIs by id. */
export const ORGANISATION_CALCULATORS: Record<string, KpiCalculator> = {
  "sm-staff": smStaff,
  "time-allocation": aggregateCalculator(timeSpec, {
    valueUnit: "hours",
    async distribution(ctx, ranges) {
      return (await aggregateCalculator(timeSpec).breakdown?.(ctx, ranges, "activity")) ?? new Map();
    },
  }),
  workload: {
    dims: {},
    values: workload,
    async extras(ctx, period) {
      const [a] = await workload(ctx, [period]);
      return { tickets: a?.num ?? 0, fte: a?.den ?? null };
    },
  },
  "shadow-it-savings": aggregateCalculator(shadowSpec, {
    async extras(ctx, period) {
      const q = sql`SELECT COUNT(*) AS c FROM shadow_it_findings f WHERE f.discovered_at >= ${period.start} AND f.discovered_at < ${period.end}`;
      const [row] = await ctx.db.query(q.text, q.params);
      return { discovered: row ? col(row, "c") : 0 };
    },
  }),
};
