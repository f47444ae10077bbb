import { DateTime } from "luxon";
import {
  type Agg,
  type CalcContext,
  col,
  type DimMap,
  perRange,
  type Range,
  runSnapshots,
  runWindows,
  sumAgg,
} from "../aggregate.js";
import { type AggregateSpec, aggregateCalculator, type KpiCalculator, runSpec } from "../calculator.js";
import { raw, sql } from "../sql.js";
import { TICKET_DIMS } from "./tickets.js";

const COST_DIMS: DimMap = {
  category: { expr: "c.category", type: "text" },
  service: { expr: "c.service", type: "text" },
};

/** Cost lines whose period starts in the range (cost_lines_period_start_idx). */
function costs(where: string | null, num: string, den?: string): AggregateSpec {
  return {
    from: "cost_lines c",
    time: "c.period_start",
    where: () => (where ? [raw(where)] : []),
    num: () => num,
    ...(den ? { den: () => den, scale: 100 } : {}),
    n: () => "COUNT(*)",
    dims: COST_DIMS,
  };
}

const budget = costs("c.budget IS NOT NULL", "SUM(c.actual)", "SUM(c.budget)");
const spend = costs(null, "SUM(c.actual)");
const serviceCost = costs("c.service <> ''", "SUM(c.actual)");
const deskCost = costs("c.category = 'service_desk'", "SUM(c.actual)");
const resolved: AggregateSpec = {
  from: "tickets t",
  time: "t.resolved_at",
  num: () => "COUNT(*)",
  n: () => "COUNT(*)",
  dims: TICKET_DIMS,
};

/** Additive aggregates of a spec per range. */
async function sums(spec: AggregateSpec, ctx: CalcContext, ranges: readonly Range[]): Promise<Agg[]> {
  const { rows, read } = await runSpec(spec, ctx, ranges);
  return perRange(rows, ranges.length, read, sumAgg(0, 0));
}

/** Cost per resolved ticket: service-desk cost lines / tickets resolved, both in the period. */
async function costPerTicket(ctx: CalcContext, ranges: readonly Range[]): Promise<Agg[]> {
  const [cost, tickets] = await Promise.all([sums(deskCost, ctx, ranges), sums(resolved, ctx, ranges)]);
  return ranges.map((_, i) => {
    const c = cost[i] ?? sumAgg(0, 0);
    const t = tickets[i] ?? sumAgg(0, 0);
    const value = c.n > 0 && t.n > 0 ? c.num / t.num : null;
    return { num: c.num, den: t.num, n: t.n, value };
  });
}

/**
 * Total cost of ownership per asset and year: cost lines of `category` starting in the 12 months before
 * the period end / assets of `types` in service at the period end (latest count of each type before it).
 */
function tco(category: string, types: readonly string[]): KpiCalculator {
  const compute = async (ctx: CalcContext, ranges: readonly Range[]) => {
    const windows = ranges.map((r) => ({
      start: DateTime.fromJSDate(r.end, { zone: ctx.timezone }).minus({ months: 12 }).toJSDate(),
      end: r.end,
    }));
    const inTypes = types.map((t) => `'${t}'`).join(", ");
    const [costRows, assetRows] = await Promise.all([
      runWindows(
        ctx,
        {
          from: "cost_lines c",
          time: "c.period_start",
          where: [sql`c.category = ${category}`],
          select: { num: "SUM(c.actual)", n: "COUNT(*)" },
        },
        windows,
      ),
      runSnapshots(
        ctx,
        {
          table: "asset_counts",
          entity: "asset_type",
          date: "date",
          where: [raw(`x.asset_type IN (${inTypes})`)],
          select: { num: 'SUM(x."count")', n: "COUNT(*)" },
        },
        ranges.map((r) => r.end),
      ),
    ]);
    const read = (row: Record<string, unknown>) => sumAgg(col(row, "num"), col(row, "n"));
    const cost = perRange(costRows, ranges.length, read, sumAgg(0, 0));
    const assets = perRange(assetRows, ranges.length, read, sumAgg(0, 0));
    return ranges.map((_, i) => {
      const c = cost[i] ?? sumAgg(0, 0);
      const a = assets[i]?.num ?? 0;
      return { cost: c.num, lines: c.n, assets: a };
    });
  };
  return {
    dims: {},
    async values(ctx, ranges) {
      return (await compute(ctx, ranges)).map(({ cost, lines, assets }) => ({
        num: cost,
        den: assets,
        n: assets,
        value: lines > 0 && assets > 0 ? cost / assets : null,
      }));
    },
    async extras(ctx, period) {
      const [r] = await compute(ctx, [period]);
      return { cost12Months: r && r.lines > 0 ? r.cost : null, assets: r?.assets ?? 0 };
    },
  };
}

/** Financial KPIs by id. */
export const FINANCE_CALCULATORS: Record<string, KpiCalculator> = {
  // Consumption over lines that have a budget; the distribution is the actual spend by category (all lines).
  budget: aggregateCalculator(budget, {
    async distribution(ctx, ranges) {
      return (await aggregateCalculator(spend).breakdown?.(ctx, ranges, "category")) ?? new Map();
    },
    async extras(ctx, period) {
      const { rows } = await runSpec(budget, ctx, [period]);
      const row = rows[0]?.row;
      return { actual: row ? col(row, "num") : null, budget: row ? col(row, "den") : null };
    },
  }),
  "cost-per-ticket": {
    dims: {},
    values: costPerTicket,
    async extras(ctx, period) {
      const [a] = await costPerTicket(ctx, [period]);
      return { cost: a?.num ?? null, tickets: a?.den ?? 0 };
    },
  },
  "tco-workstation": tco("workstation", ["workstation"]),
  "tco-infra": tco("infrastructure", ["server", "storage"]),
  "service-cost": aggregateCalculator(serviceCost, {
    async distribution(ctx, ranges) {
      return (await aggregateCalculator(serviceCost).breakdown?.(ctx, ranges, "service")) ?? new Map();
    },
  }),
};
