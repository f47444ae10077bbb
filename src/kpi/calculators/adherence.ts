import { type Agg, type CalcContext, col, type Range, ratioAgg, runBucketed } from "../aggregate.js";
import type { KpiCalculator } from "../calculator.js";

interface Usage {
  users: number;
  population: number;
  sessions: number;
  mobile: number;
}

/**
 * Portal usage per range. Rows are monthly or daily; a range uses its monthly rows when it has any,
 * else its daily rows, so a month is never counted twice. Over several months, adoption is the
 * population-weighted mean of the monthly rates (distinct users cannot be added across months).
 */
async function usage(ctx: CalcContext, ranges: readonly Range[]): Promise<(Usage | null)[]> {
  const rows = await runBucketed(
    ctx,
    {
      from: "portal_usage p",
      time: "p.date",
      keys: ["p.granularity"],
      select: {
        users: "SUM(p.users)",
        pop: "SUM(p.population)",
        sessions: "SUM(p.sessions)",
        mobile: "SUM(p.mobile_sessions)",
      },
    },
    ranges,
  );
  return ranges.map((_, i) => {
    const mine = rows.filter((r) => r.range === i);
    const pick = mine.find((r) => r.keys[0] === "month") ?? mine.find((r) => r.keys[0] === "day") ?? mine[0];
    if (!pick) return null;
    const row = pick.row;
    return {
      users: col(row, "users"),
      population: col(row, "pop"),
      sessions: col(row, "sessions"),
      mobile: col(row, "mobile"),
    };
  });
}

const none: Agg = ratioAgg(0, 0, 0, 100);

/** Adherence KPIs by id (channel-mix is a ticket KPI). */
export const ADHERENCE_CALCULATORS: Record<string, KpiCalculator> = {
  "portal-adoption": {
    dims: {},
    async values(ctx, ranges) {
      return (await usage(ctx, ranges)).map((u) => (u ? ratioAgg(u.users, u.population, u.population, 100) : none));
    },
    async extras(ctx, period) {
      const [u] = await usage(ctx, [period]);
      return { users: u?.users ?? null, population: u?.population ?? null };
    },
  },
  "mobile-usage": {
    dims: {},
    async values(ctx, ranges) {
      return (await usage(ctx, ranges)).map((u) => (u ? ratioAgg(u.mobile, u.sessions, u.sessions, 100) : none));
    },
    async extras(ctx, period) {
      const [u] = await usage(ctx, [period]);
      return { mobileSessions: u?.mobile ?? null, sessions: u?.sessions ?? null };
    },
  },
};
