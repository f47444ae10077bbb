import type { Period } from "../../src/kpi/types.js";
import type { Provider } from "../../src/store/db.js";
import type { BenchCase, Figures } from "../cases.js";
import { type Baseline, groupColumn, groupKey, num } from "./types.js";

/** A ratio KPI over tickets resolved in a range: value = scale × num / den, n = den. */
interface RatioSql {
  num: string;
  den: string;
  scale: number;
}

/** Each KPI's aggregates as one would write them by hand for each database. */
const RATIO: Record<"fcr" | "sla" | "escalation" | "mttr", Record<Provider, RatioSql>> = {
  fcr: {
    sqlite: { num: "SUM(first_contact_resolution)", den: "COUNT(*)", scale: 100 },
    postgresql: { num: "COUNT(*) FILTER (WHERE first_contact_resolution)", den: "COUNT(*)", scale: 100 },
  },
  escalation: {
    sqlite: { num: "SUM(support_level IN (2, 3))", den: "COUNT(*)", scale: 100 },
    postgresql: { num: "COUNT(*) FILTER (WHERE support_level IN (2, 3))", den: "COUNT(*)", scale: 100 },
  },
  sla: {
    // The tool's verdict (sla_met) wins over the due-time comparison; tickets with neither are outside the SLA.
    sqlite: {
      num: "SUM(COALESCE(sla_met, resolved_at <= resolution_due_at))",
      den: "COUNT(COALESCE(sla_met, resolution_due_at))",
      scale: 100,
    },
    postgresql: {
      num: "COUNT(*) FILTER (WHERE COALESCE(sla_met, resolved_at <= resolution_due_at))",
      den: "COUNT(*) FILTER (WHERE sla_met IS NOT NULL OR resolution_due_at IS NOT NULL)",
      scale: 100,
    },
  },
  mttr: {
    // SQLite instants are epoch ms: an exact integer sum, one division.
    sqlite: { num: "SUM(resolved_at - opened_at) / 3600000.0", den: "COUNT(*)", scale: 1 },
    // Summing intervals and extracting once avoids a numeric EXTRACT per row.
    postgresql: { num: "EXTRACT(EPOCH FROM SUM(resolved_at - opened_at)) / 3600", den: "COUNT(*)", scale: 1 },
  },
};

/**
 * p50 and p90 of the resolution time in hours, as (num, den) so every UNION branch has the same columns. This
 * branch comes first: Prisma's SQLite adapter types a column from the first row, and would truncate p90 to an
 * integer after a COUNT(*) row.
 */
const PERCENTILES: Record<Provider, string> = {
  sqlite:
    "percentile_cont(resolved_at - opened_at, 0.5) / 3600000.0 AS num, percentile_cont(resolved_at - opened_at, 0.9) / 3600000.0 AS den",
  postgresql:
    "EXTRACT(EPOCH FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY resolved_at - opened_at)) / 3600 AS num, " +
    "EXTRACT(EPOCH FROM percentile_cont(0.9) WITHIN GROUP (ORDER BY resolved_at - opened_at)) / 3600 AS den",
};

interface Agg {
  num: number;
  den: number;
}

/** The ranges a case needs: totals for each (series or previous + current), groups for previous and current. */
export function rangesOf(c: BenchCase): { ranges: Period[]; prev: number; cur: number } {
  if (c.mode === "value") return { ranges: [c.previous, c.period], prev: 0, cur: 1 };
  const prev = c.series.findIndex((p) => p.start.getTime() === c.previous.start.getTime());
  if (prev < 0) throw new Error("bench: the previous period is not a series period");
  return { ranges: c.series, prev, cur: c.series.length - 1 };
}

/** Figures from per-range totals and per-range groups (as the engine reports them). */
function figures(
  c: BenchCase,
  scale: number,
  totals: Agg[],
  groups: Map<string, Map<number, Agg>>,
  prev: number,
  cur: number,
): Figures {
  const value = (a: Agg | undefined) => (a && a.den > 0 ? (scale * a.num) / a.den : null);
  const f: Figures = {
    value: value(totals[cur]),
    n: totals[cur]?.den ?? 0,
    prev: value(totals[prev]),
    prevN: totals[prev]?.den ?? 0,
  };
  if (c.mode === "full") for (const [i, a] of totals.entries()) f[`s${i}`] = value(a);
  for (const [key, byRange] of groups) {
    const now = byRange.get(cur);
    const before = byRange.get(prev);
    if (!now?.den && !before?.den) continue;
    Object.assign(f, { [`g:${key}`]: value(now), [`gp:${key}`]: value(before), [`gn:${key}`]: now?.den ?? 0 });
  }
  return f;
}

/** Adds a row's aggregate to a map entry (NULL and "" groups merge, like the engine's keys). */
function add(map: Map<number, Agg>, b: number, a: Agg): void {
  const old = map.get(b);
  map.set(b, old ? { num: old.num + a.num, den: old.den + a.den } : a);
}

/** Reads rows {b, k, num, den}: b ≥ 0 a range (k its group, when grouped), b = -1 the percentiles. */
function reader(c: BenchCase, sqlOf: RatioSql, prev: number, cur: number, count: number) {
  return (rows: Record<string, unknown>[]): Figures => {
    const totals: Agg[] = Array.from({ length: count }, () => ({ num: 0, den: 0 }));
    const groups = new Map<string, Map<number, Agg>>();
    const extras: Figures = {};
    for (const row of rows) {
      const b = num(row.b) ?? 0;
      if (b < 0) {
        Object.assign(extras, { p50: num(row.num), p90: num(row.den) });
        continue;
      }
      const a = { num: num(row.num) ?? 0, den: num(row.den) ?? 0 };
      const t = totals[b];
      if (t) totals[b] = { num: t.num + a.num, den: t.den + a.den };
      if (c.breakdown && (b === prev || b === cur) && "k" in row) {
        const key = groupKey(row.k);
        const byRange = groups.get(key) ?? new Map<number, Agg>();
        add(byRange, b, a);
        groups.set(key, byRange);
      }
    }
    return { ...figures(c, sqlOf.scale, totals, groups, prev, cur), ...extras };
  };
}

/**
 * The hand-written statements for fcr, sla, escalation and mttr. `union`: one aggregate per range (each an
 * index range scan), grouped by group_name for the previous and current ranges when a breakdown is asked
 * (totals are the sum of the groups). `bucket`: one scan over all the ranges with a CASE bucket, GROUP BY.
 */
export function ratioBaselines(c: BenchCase & { kpi: keyof typeof RATIO }, provider: Provider): Baseline[] {
  const q = RATIO[c.kpi][provider];
  const { ranges, prev, cur } = rangesOf(c);
  const grouped = (i: number) => c.breakdown !== null && (i === prev || i === cur);
  const read = reader(c, q, prev, cur, ranges.length);
  const group = groupColumn(provider);
  const pct = c.kpi === "mttr" ? PERCENTILES[provider] : null;
  const pctBranch = pct
    ? {
        text: `SELECT -1 AS b, NULL AS k, ${pct} FROM tickets WHERE resolved_at >= ? AND resolved_at < ? UNION ALL `,
        params: [c.period.start, c.period.end],
      }
    : { text: "", params: [] };

  const branches = ranges.map((r, i) => {
    const k = grouped(i) ? group : "NULL";
    const groupBy = grouped(i) ? ` GROUP BY ${group}` : "";
    return {
      text: `SELECT ${i} AS b, ${k} AS k, ${q.num} AS num, ${q.den} AS den FROM tickets WHERE resolved_at >= ? AND resolved_at < ?${groupBy}`,
      params: [r.start, r.end],
    };
  });
  const union: Baseline = {
    shape: "union",
    text: pctBranch.text + branches.map((b) => b.text).join(" UNION ALL "),
    params: [...pctBranch.params, ...branches.flatMap((b) => b.params)],
    read,
  };

  const first = ranges[0];
  const last = ranges.at(-1);
  if (!first || !last) throw new Error("bench: no ranges");
  const bucket = `CASE ${ranges
    .slice(0, -1)
    .map((_, i) => `WHEN resolved_at < ? THEN ${i}`)
    .join(" ")} ELSE ${ranges.length - 1} END`;
  const k = c.breakdown ? group : "NULL";
  const bucketed: Baseline = {
    shape: "bucket",
    text: `${pctBranch.text}SELECT ${bucket} AS b, ${k} AS k, ${q.num} AS num, ${q.den} AS den FROM tickets WHERE resolved_at >= ? AND resolved_at < ? GROUP BY 1${c.breakdown ? ", 2" : ""}`,
    params: [...pctBranch.params, ...ranges.slice(0, -1).map((r) => r.end), first.start, last.end],
    read,
  };
  return [union, bucketed];
}
