import { DateTime } from "luxon";
import type { Provider } from "../../src/store/db.js";
import type { BenchCase, Figures } from "../cases.js";
import { DATASET } from "../setup.js";
import { rangesOf } from "./ratio.js";
import { type Baseline, groupColumn, groupKey, num } from "./types.js";

/** A count of the tickets matching a condition, as one would write it for each database. */
const countIf: Record<Provider, (cond: string) => string> = {
  sqlite: (cond) => `SUM(${cond})`,
  postgresql: (cond) => `COUNT(*) FILTER (WHERE ${cond})`,
};

const openAt = "opened_at < ? AND (resolved_at IS NULL OR resolved_at >= ?)";

/**
 * The backlog: tickets open at each range's end, and (extras) how many open at the period's end were opened
 * more than 30 days before it. `scan`: one pass over the only tickets that can be open at any of the ends
 * (unresolved, or resolved after the earliest end), one conditional count per end, grouped by group_name
 * when a breakdown is asked (totals are the sums). A zero count is "no data" when no ticket was opened
 * before that end: the earliest opened_at comes along as a scalar subquery (one index lookup).
 */
export function backlogBaselines(c: BenchCase, provider: Provider): Baseline[] {
  const { ranges, prev, cur } = rangesOf(c);
  const ends = ranges.map((r) => r.end);
  const minEnd = new Date(Math.min(...ends.map((e) => e.getTime())));
  const maxEnd = new Date(Math.max(...ends.map((e) => e.getTime())));
  const cutoff = DateTime.fromJSDate(c.period.end, { zone: DATASET.timezone }).minus({ days: 30 }).toJSDate();
  const count = countIf[provider];
  // SQLite would rather scan the opened_at index over every older ticket than the two resolved_at ranges.
  const opened = provider === "sqlite" ? "+opened_at" : "opened_at";
  const cols = ends.map((_, i) => `${count(`(${openAt})`)} AS c${i}`);
  const group = groupColumn(provider);
  const k = c.breakdown ? `${group} AS k, ` : "";
  const text =
    `SELECT ${k}${cols.join(", ")}, ${count(`(${openAt})`)} AS older, (SELECT MIN(opened_at) FROM tickets) AS first ` +
    `FROM tickets WHERE (resolved_at IS NULL OR resolved_at >= ?) AND ${opened} < ?${c.breakdown ? ` GROUP BY ${group}` : ""}`;
  const params = [...ends.flatMap((e) => [e, e]), cutoff, c.period.end, minEnd, maxEnd];

  const scanRows = (rows: Record<string, unknown>[]): Counted =>
    rows.map((row) => ({
      counts: ends.map((_, i) => num(row[`c${i}`]) ?? 0),
      older: num(row.older) ?? 0,
      first: num(row.first),
      key: c.breakdown ? groupKey(row.k) : null,
    }));
  const scan: Baseline = { shape: "scan", text, params, read: (rows) => figures(c, ends, prev, cur, scanRows(rows)) };
  return [
    scan,
    unionBaseline(c, provider, ends, cutoff, prev, cur, false),
    unionBaseline(c, provider, ends, cutoff, prev, cur, true),
  ];
}

/** Rows reduced to counts per end (and per group), the older count and the first opening instant. */
type Counted = { counts: number[]; older: number; first: number | null; key: string | null }[];

/**
 * `union`: counts per end (resolved at or after it, and unresolved, apart: each one index range), grouped for
 * the previous and current ends when a breakdown is asked. `union-guarded` also skips the ends before the
 * first ticket, as kpibot does (a year's series reaches years before the seeded data); its computed range
 * bound costs PostgreSQL its row estimate, so both are timed.
 */
function unionBaseline(
  c: BenchCase,
  provider: Provider,
  ends: Date[],
  cutoff: Date,
  prev: number,
  cur: number,
  guarded: boolean,
): Baseline {
  const group = groupColumn(provider);
  // Resolved at/after the end, and unresolved, counted apart: each is one index range (an OR of both is slower).
  const opened = provider === "sqlite" ? "+opened_at" : "opened_at";
  const parts: string[] = [];
  const params: Date[] = [];
  // An end before the first ticket has nothing open: its range then starts at +∞ and is empty (the bound is
  // computed once per branch, before the index scan).
  const infinity = provider === "sqlite" ? "9e18" : "'infinity'::timestamptz";
  const from = guarded ? `CASE WHEN ? > (SELECT MIN(opened_at) FROM tickets) THEN ? ELSE ${infinity} END` : "?";
  const branch = (b: number, grouped: boolean, end: Date, openedBefore: Date) => {
    const k = grouped ? group : "NULL";
    const groupBy = grouped ? ` GROUP BY ${group}` : "";
    parts.push(
      `SELECT ${b} AS b, ${k} AS k, COUNT(*) AS c FROM tickets WHERE resolved_at >= ${from} AND ${opened} < ?${groupBy}`,
      `SELECT ${b} AS b, ${k} AS k, COUNT(*) AS c FROM tickets WHERE resolved_at IS NULL AND ${opened} < ?${groupBy}`,
    );
    params.push(...(guarded ? [end, end] : [end]), openedBefore, openedBefore);
  };
  ends.forEach((e, i) => {
    branch(i, c.breakdown !== null && (i === prev || i === cur), e, e);
  });
  branch(-1, false, c.period.end, cutoff);
  // The first opening instant as epoch ms on both databases (UNION columns share one type).
  const firstSql = provider === "sqlite" ? "MIN(opened_at)" : "EXTRACT(EPOCH FROM MIN(opened_at)) * 1000";
  parts.push(`SELECT -2 AS b, NULL AS k, ${firstSql} AS c FROM tickets`);
  const read = (rows: Record<string, unknown>[]): Figures => {
    const counted = new Map<string | null, number[]>();
    let older = 0;
    let first: number | null = null;
    for (const row of rows) {
      const b = num(row.b) ?? 0;
      if (b === -1) older += num(row.c) ?? 0;
      else if (b === -2) first = num(row.c);
      else {
        const key = row.k === null || row.k === undefined ? null : groupKey(row.k);
        const counts = counted.get(key) ?? ends.map(() => 0);
        counts[b] = (counts[b] ?? 0) + (num(row.c) ?? 0);
        counted.set(key, counts);
      }
    }
    const list: Counted = [...counted].map(([key, counts]) => ({ key, counts, older: 0, first }));
    list.push({ key: null, counts: ends.map(() => 0), older, first });
    return figures(c, ends, prev, cur, list);
  };
  return { shape: guarded ? "union-guarded" : "union", text: parts.join(" UNION ALL "), params, read };
}

/** The case's figures from counts per end (rows with a key are groups; every row adds to the totals). */
function figures(c: BenchCase, ends: Date[], prev: number, cur: number, rows: Counted): Figures {
  const totals = ends.map(() => 0);
  let older = 0;
  let first: number | null = null;
  const groups = new Map<string, number[]>();
  for (const row of rows) {
    row.counts.forEach((x, i) => {
      totals[i] = (totals[i] ?? 0) + x;
    });
    older += row.older;
    first = row.first ?? first;
    if (row.key !== null) {
      const old = groups.get(row.key);
      groups.set(
        row.key,
        row.counts.map((x, i) => x + (old?.[i] ?? 0)),
      );
    }
  }
  // A zero is a real zero when some ticket was opened before that end, otherwise no data.
  const value = (i: number) => {
    const x = totals[i] ?? 0;
    const end = ends[i];
    return x > 0 ? x : first !== null && end && first < end.getTime() ? 0 : null;
  };
  const f: Figures = {
    value: value(cur),
    n: totals[cur] ?? 0,
    prev: value(prev),
    prevN: totals[prev] ?? 0,
    olderThan30Days: older,
  };
  if (c.mode === "full") for (let i = 0; i < ends.length; i++) f[`s${i}`] = value(i);
  for (const [key, counts] of groups) {
    const now = counts[cur] ?? 0;
    const before = counts[prev] ?? 0;
    if (now === 0 && before === 0) continue;
    Object.assign(f, { [`g:${key}`]: now, [`gp:${key}`]: before, [`gn:${key}`]: now });
  }
  return f;
}
