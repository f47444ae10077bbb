import {
  type Agg,
  type CalcContext,
  col,
  type DimMap,
  filterConditions,
  groupExpr,
  keyOf,
  type Range,
  sumAgg,
} from "../aggregate.js";
import type { KpiCalculator } from "../calculator.js";
import { joinSql, raw, type Sql, sql } from "../sql.js";
import type { Dimension } from "../types.js";

/** Open at `end`: opened before it and not resolved before it. */
const openAt = (end: Date): Sql => sql`t.opened_at < ${end} AND (t.resolved_at IS NULL OR t.resolved_at >= ${end})`;

/**
 * Only unresolved tickets and tickets resolved at or after `end` can be open at `end`: both are ranges of
 * tickets_resolved_at_idx (an OR of two index lookups). SQLite would rather scan the opened_at index over
 * every older ticket, so opened_at is kept out of index selection there.
 */
const candidates = (ctx: CalcContext, end: Date, openedBefore: Date): Sql[] => [
  sql`(t.resolved_at IS NULL OR t.resolved_at >= ${end})`,
  sql`${raw(ctx.dialect.unindexed("t.opened_at"))} < ${openedBefore}`,
];

/**
 * Counts the tickets open at each end instant in one query. Only unresolved tickets and tickets resolved
 * after the earliest end can be open, so the scan is limited to those (tickets_resolved_at_idx).
 */
async function openCounts(
  ctx: CalcContext,
  dims: DimMap,
  ends: readonly Date[],
  dim?: Dimension,
): Promise<{ key: unknown; counts: number[] }[]> {
  const times = ends.map((e) => e.getTime());
  const minEnd = new Date(Math.min(...times));
  const maxEnd = new Date(Math.max(...times));
  const dimCol = dim ? dims[dim] : undefined;
  const cols = ends.map((e, i) => sql`SUM(CASE WHEN ${openAt(e)} THEN 1 ELSE 0 END) AS c${raw(String(i))}`);
  const where = [...candidates(ctx, minEnd, maxEnd), ...filterConditions(ctx.filters, dims)];
  const key = dimCol ? raw(`${groupExpr(dimCol)} AS k, `) : raw("");
  const group = dimCol ? raw(" GROUP BY 1") : raw("");
  const q = sql`SELECT ${key}${joinSql(cols, ", ")} FROM tickets t WHERE ${joinSql(where, " AND ")}${group}`;
  const rows = await ctx.db.query(q.text, q.params);
  return rows.map((row) => ({ key: row.k, counts: ends.map((_, i) => col(row, `c${i}`)) }));
}

/** Whether any ticket (matching the filters) was opened before `end`: a zero backlog is then a real zero. */
async function hasTicketsBefore(ctx: CalcContext, dims: DimMap, end: Date): Promise<boolean> {
  const where = [sql`t.opened_at < ${end}`, ...filterConditions(ctx.filters, dims)];
  const q = sql`SELECT 1 AS x FROM tickets t WHERE ${joinSql(where, " AND ")} LIMIT 1`;
  return (await ctx.db.query(q.text, q.params)).length > 0;
}

const zero: Agg = { num: 0, den: null, n: 0, value: 0 };

/** The backlog KPI: tickets open at each period's end; extras: how many of them are older than 30 days. */
export function backlogCalculator(dims: DimMap, cutoff: (end: Date, timezone: string) => Date): KpiCalculator {
  return {
    dims,
    async values(ctx, ranges: readonly Range[]) {
      const ends = ranges.map((r) => r.end);
      const [row] = await openCounts(ctx, dims, ends);
      const counts = row?.counts ?? ends.map(() => 0);
      return Promise.all(
        counts.map(async (c, i) => {
          if (c > 0) return sumAgg(c, c);
          const end = ends[i];
          return end && (await hasTicketsBefore(ctx, dims, end)) ? zero : sumAgg(0, 0);
        }),
      );
    },
    async breakdown(ctx, ranges, dim) {
      const rows = await openCounts(
        ctx,
        dims,
        ranges.map((r) => r.end),
        dim,
      );
      const out = new Map<string, Agg[]>();
      for (const r of rows)
        out.set(
          keyOf(r.key),
          r.counts.map((c) => (c > 0 ? sumAgg(c, c) : zero)),
        );
      return out;
    },
    async extras(ctx, period) {
      // Open at the end and opened before the cutoff (itself before the end).
      const where = [
        ...candidates(ctx, period.end, cutoff(period.end, ctx.timezone)),
        ...filterConditions(ctx.filters, dims),
      ];
      const q = sql`SELECT COUNT(*) AS c FROM tickets t WHERE ${joinSql(where, " AND ")}`;
      const [row] = await ctx.db.query(q.text, q.params);
      return { olderThan30Days: row ? col(row, "c") : 0 };
    },
  };
}
