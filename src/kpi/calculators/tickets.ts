import { DateTime } from "luxon";
import { type CalcContext, col, type DimMap, filterConditions, type Range } from "../aggregate.js";
import { type AggregateSpec, aggregateCalculator, type KpiCalculator, runSpec } from "../calculator.js";
import { joinSql, raw, type Sql, sql } from "../sql.js";
import { backlogCalculator } from "./backlog.js";

/** Ticket columns by dimension (`level` is the highest support level reached). */
export const TICKET_DIMS: DimMap = {
  group: { expr: "t.group_name", type: "text" },
  channel: { expr: "t.channel", type: "text" },
  priority: { expr: "t.priority", type: "int" },
  service: { expr: "t.service", type: "text" },
  level: { expr: "t.support_level", type: "int" },
  category: { expr: "t.category", type: "text" },
  kind: { expr: "t.kind", type: "text" },
  assignee: { expr: "t.assignee", type: "text" },
};

const count = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
const all = () => "COUNT(*)";
const SLA_DEN = "COUNT(CASE WHEN t.sla_met IS NOT NULL OR t.resolution_due_at IS NOT NULL THEN 1 END)";

/** Tickets resolved in the period (resolved_at in range, on the covering tickets_resolved_kpi_idx). */
function resolvedShare(cond: string): AggregateSpec {
  return {
    from: "tickets t",
    time: "t.resolved_at",
    num: () => count(cond),
    den: all,
    n: all,
    scale: 100,
    dims: TICKET_DIMS,
  };
}

/** Percentiles (0..1) of an expression over a filtered set, computed in the database. */
export async function percentiles(
  ctx: CalcContext,
  from: string,
  where: readonly Sql[],
  expr: string,
  ps: readonly number[],
): Promise<(number | null)[]> {
  const cond = joinSql(where, " AND ");
  const pct = ctx.dialect.percentile;
  if (pct) {
    const q = sql`SELECT ${raw(ps.map((p, i) => `${pct(expr, p)} AS p${i}`).join(", "))} FROM ${raw(from)} WHERE ${cond}`;
    const [row] = await ctx.db.query(q.text, q.params);
    return ps.map((_, i) => (row?.[`p${i}`] == null ? null : col(row, `p${i}`)));
  }
  // No ordered-set aggregate: sort in the database and read the one or two rows around each rank.
  const c = sql`SELECT COUNT(*) AS n FROM ${raw(from)} WHERE ${cond}`;
  const [cr] = await ctx.db.query(c.text, c.params);
  const n = cr ? col(cr, "n") : 0;
  if (n === 0) return ps.map(() => null);
  return Promise.all(
    ps.map(async (p) => {
      const pos = (n - 1) * p;
      const lo = Math.floor(pos);
      const q = sql`SELECT ${raw(expr)} AS d FROM ${raw(from)} WHERE ${cond} ORDER BY 1 LIMIT 2 OFFSET ${lo}`;
      const rows = await ctx.db.query(q.text, q.params);
      const a = rows[0] ? col(rows[0], "d") : 0;
      const b = rows[1] ? col(rows[1], "d") : a;
      return a + (b - a) * (pos - lo);
    }),
  );
}

const inRange = (time: string, r: Range): Sql[] => [sql`${raw(time)} >= ${r.start}`, sql`${raw(time)} < ${r.end}`];

const mttr: AggregateSpec = {
  from: "tickets t",
  time: "t.resolved_at",
  num: (ctx) => `SUM(${ctx.dialect.hours("t.opened_at", "t.resolved_at")})`,
  den: all,
  n: all,
  dims: TICKET_DIMS,
};

const slaResponseDen = (ctx: CalcContext) =>
  sql`SUM(CASE WHEN t.response_due_at IS NOT NULL AND (t.first_response_at IS NOT NULL OR t.response_due_at < ${ctx.now}) THEN 1 ELSE 0 END)`;

const volume: AggregateSpec = { from: "tickets t", time: "t.opened_at", num: all, n: all, dims: TICKET_DIMS };

/** Ticket KPIs by id. */
export const TICKET_CALCULATORS: Record<string, KpiCalculator> = {
  sla: aggregateCalculator({
    from: "tickets t",
    time: "t.resolved_at",
    // The ITSM tool's own verdict (sla_met) wins: it knows about paused SLA clocks; else the due time decides.
    num: () => count("COALESCE(t.sla_met, t.resolved_at <= t.resolution_due_at)"),
    // Tickets with neither a verdict nor a resolution due time are outside the SLA: neither met nor breached.
    den: () => SLA_DEN,
    n: () => SLA_DEN,
    scale: 100,
    dims: TICKET_DIMS,
  }),
  "sla-response": aggregateCalculator(
    {
      from: "tickets t",
      time: "t.opened_at",
      num: () => count("t.first_response_at IS NOT NULL AND t.first_response_at <= t.response_due_at"),
      // Unanswered tickets count once their due time has passed (a breach); before that they are pending.
      den: slaResponseDen,
      n: slaResponseDen,
      scale: 100,
      dims: TICKET_DIMS,
    },
    {
      async extras(ctx, period) {
        const where = [
          ...inRange("t.opened_at", period),
          sql`t.first_response_at IS NULL AND t.response_due_at < ${ctx.now}`,
          ...filterConditions(ctx.filters, TICKET_DIMS),
        ];
        const q = sql`SELECT COUNT(*) AS c FROM tickets t WHERE ${joinSql(where, " AND ")}`;
        const [row] = await ctx.db.query(q.text, q.params);
        return { unansweredPastDue: row ? col(row, "c") : 0 };
      },
    },
  ),
  fcr: aggregateCalculator(resolvedShare("t.first_contact_resolution")),
  escalation: aggregateCalculator(resolvedShare("t.support_level IN (2, 3)")),
  mttr: aggregateCalculator(mttr, {
    async extras(ctx, period) {
      const where = [...inRange("t.resolved_at", period), ...filterConditions(ctx.filters, TICKET_DIMS)];
      const [p50, p90] = await percentiles(
        ctx,
        "tickets t",
        where,
        ctx.dialect.hours("t.opened_at", "t.resolved_at"),
        [0.5, 0.9],
      );
      return { p50: p50 ?? null, p90: p90 ?? null };
    },
  }),
  mtta: aggregateCalculator({
    from: "tickets t",
    time: "t.opened_at",
    where: () => [raw("t.first_response_at IS NOT NULL")],
    num: (ctx) => `SUM(${ctx.dialect.hours("t.opened_at", "t.first_response_at")})`,
    den: all,
    n: all,
    dims: TICKET_DIMS,
  }),
  backlog: backlogCalculator(TICKET_DIMS, (end, tz) =>
    DateTime.fromJSDate(end, { zone: tz }).minus({ days: 30 }).toJSDate(),
  ),
  volume: aggregateCalculator(volume, {
    async extras(ctx, period) {
      const { rows } = await runSpec(
        { ...volume, num: () => count("t.kind = 'incident'"), n: () => count("t.kind = 'request'") },
        ctx,
        [period],
      );
      const row = rows[0]?.row;
      return { incidents: row ? col(row, "num") : 0, requests: row ? col(row, "n") : 0 };
    },
  }),
  reopen: aggregateCalculator(resolvedShare("t.reopen_count > 0")),
  automation: aggregateCalculator(resolvedShare("t.automated")),
  "channel-mix": aggregateCalculator(volume, {
    valueUnit: "tickets",
    async distribution(ctx, ranges) {
      return (await aggregateCalculator(volume).breakdown?.(ctx, ranges, "channel")) ?? new Map();
    },
  }),
};
