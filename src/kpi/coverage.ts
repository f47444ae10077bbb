import { DateTime } from "luxon";
import { localDayCeil, startOfLocalDay } from "../periods/local-day.js";
import type { DataSource } from "../store/data-versions.js";
import type { Db } from "../store/db.js";
import { toDate } from "../store/sql-values.js";
import type { Range } from "./aggregate.js";
import { KPI_SOURCES } from "./sources.js";
import type { CoveredSource, SourceSpan, SpanCoverage } from "./types.js";

/** The sources of KPI figures whose data has a span (every source but the admins' targets). */
export const COVERED_SOURCES = [
  "tickets",
  "changes",
  "costs",
  "assets",
  "staff",
  "time",
  "shadow_it",
  "portal",
  "surveys",
] as const satisfies readonly (CoveredSource & DataSource)[];

export type { CoveredSource, SourceSpan, SpanCoverage } from "./types.js";

/**
 * Where a source's records lie, as instants: `first` — its earliest record; `last` — its latest record (an
 * instant inside a day); `end` — for sources whose records cover spans (cost lines, portal months), the
 * exclusive end of the last one; `open` — a source that holds until replaced or collected by kpibot itself
 * (asset counts, staff allocations, survey answers), which has no end.
 */
export interface Extent {
  first: Date | null;
  last: Date | null;
  end?: Date | null;
  open?: boolean;
}

type Row = Record<string, unknown>;
const at = (row: Row | undefined, name: string): Date | null => toDate(row?.[name]);
const latest = (...dates: (Date | null)[]): Date | null =>
  dates.reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null);

/** One scalar subquery per bound: each is an index seek where the column leads an index (a MIN/MAX is O(log n)). */
async function bounds(db: Db, parts: Record<string, string>): Promise<Row | undefined> {
  const select = Object.entries(parts)
    .map(([name, query]) => `(${query}) AS ${name}`)
    .join(", ");
  const [row] = await db.query(`SELECT ${select}`);
  return row;
}

/** The extent of each source, read from the date columns its KPIs read (indexed MIN/MAX where the table is large). */
const EXTENTS: Record<CoveredSource, (db: Db, tz: string) => Promise<Extent>> = {
  // Tickets: from the first opening; the latest opening or resolution (tickets_opened_kpi_idx, tickets_resolved_kpi_idx).
  async tickets(db) {
    const r = await bounds(db, {
      f: "SELECT MIN(opened_at) FROM tickets",
      o: "SELECT MAX(opened_at) FROM tickets",
      r: "SELECT MAX(resolved_at) FROM tickets",
    });
    return { first: at(r, "f"), last: latest(at(r, "o"), at(r, "r")) };
  },
  async changes(db) {
    const r = await bounds(db, {
      f: "SELECT MIN(deployed_at) FROM changes",
      l: "SELECT MAX(deployed_at) FROM changes",
    });
    return { first: at(r, "f"), last: at(r, "l") };
  },
  // Cost lines cover [period_start, period_end): the data ends where the last one does (a small table).
  async costs(db) {
    const r = await bounds(db, {
      f: "SELECT MIN(period_start) FROM cost_lines",
      l: "SELECT MAX(period_start) FROM cost_lines",
      e: "SELECT MAX(period_end) FROM cost_lines",
    });
    return { first: at(r, "f"), last: at(r, "l"), end: at(r, "e") };
  },
  // Snapshots: a count or an allocation holds until the next one (small tables).
  async assets(db) {
    const r = await bounds(db, { f: "SELECT MIN(date) FROM asset_counts", l: "SELECT MAX(date) FROM asset_counts" });
    return { first: at(r, "f"), last: at(r, "l"), open: true };
  },
  async staff(db) {
    const r = await bounds(db, {
      f: "SELECT MIN(date) FROM staff_allocations",
      l: "SELECT MAX(date) FROM staff_allocations",
    });
    return { first: at(r, "f"), last: at(r, "l"), open: true };
  },
  async time(db) {
    const r = await bounds(db, { f: "SELECT MIN(date) FROM time_entries", l: "SELECT MAX(date) FROM time_entries" });
    return { first: at(r, "f"), last: at(r, "l") };
  },
  async shadow_it(db) {
    const r = await bounds(db, {
      f: "SELECT MIN(discovered_at) FROM shadow_it_findings",
      d: "SELECT MAX(discovered_at) FROM shadow_it_findings",
      r: "SELECT MAX(resolved_at) FROM shadow_it_findings",
    });
    return { first: at(r, "f"), last: latest(at(r, "d"), at(r, "r")) };
  },
  // Portal rows are months or days starting at `date`: the data ends with the last one's month or day.
  async portal(db, tz) {
    const rows = await db.query(
      "SELECT granularity, MIN(date) AS f, MAX(date) AS l FROM portal_usage GROUP BY granularity",
    );
    let first: Date | null = null;
    let last: Date | null = null;
    let end: Date | null = null;
    for (const row of rows) {
      const f = at(row, "f");
      const l = at(row, "l");
      if (!f || !l) continue;
      if (!first || f < first) first = f;
      last = latest(last, l);
      const step = row.granularity === "day" ? { days: 1 } : { months: 1 };
      end = latest(end, DateTime.fromJSDate(l, { zone: tz }).plus(step).toJSDate());
    }
    return { first, last, end };
  },
  // Survey answers are collected by kpibot itself: no feed can stop, so the data holds up to now.
  async surveys(db) {
    const r = await bounds(db, {
      f: "SELECT MIN(answered_at) FROM survey_answers",
      l: "SELECT MAX(answered_at) FROM survey_answers",
    });
    return { first: at(r, "f"), last: at(r, "l"), open: true };
  },
};

/**
 * A source's span in whole local days, from its first record's day. Where it ends:
 * - records that cover spans (cost lines, portal months or days) say it themselves: with the last one's end;
 * - records of events (tickets, changes, time entries, shadow IT) end with the day of the source's last recorded
 *   write, or its last record's when later: an import or a sync that found nothing new still says the data is
 *   current up to then, so a quiet week of a sparse source is not read as missing data while its feed runs. With no
 *   write recorded (rows from before kpibot recorded writes, or written by hand) nothing tells where the feed
 *   stopped: the span stays open, and the answer's freshness shows the age of the latest record instead;
 * - snapshots (asset counts, staff allocations) hold until replaced, and survey answers are collected by kpibot
 *   itself: open.
 */
export function sourceSpan(source: CoveredSource, extent: Extent, written: Date | null, tz: string): SourceSpan {
  if (!extent.first) return { source, from: null, until: null };
  const from = startOfLocalDay(extent.first, tz);
  if (extent.open) return { source, from, until: null };
  if (extent.end !== undefined) return { source, from, until: extent.end ? localDayCeil(extent.end, tz) : null };
  if (!written) return { source, from, until: null };
  const last = latest(extent.last, written);
  return { source, from, until: last ? localDayCeil(new Date(last.getTime() + 1), tz) : null };
}

/** How a KPI reads a source over a span: over the span itself, over the 12 months before its end, or at its end. */
type ReadMode = "span" | "trailing_year" | "snapshot";

/** The sources KPIs read otherwise than over the asked span (every other pair is read over the span). */
const READ_MODES: Readonly<Record<string, Partial<Record<CoveredSource, ReadMode>>>> = {
  "tco-workstation": { costs: "trailing_year", assets: "snapshot" },
  "tco-infra": { costs: "trailing_year", assets: "snapshot" },
  "sm-staff": { staff: "snapshot" },
  workload: { staff: "snapshot" },
};

/** The sources of a KPI that have data spans, and how it reads each. */
export function coveredReads(kpi: string): { source: CoveredSource; mode: ReadMode }[] {
  const sources = (KPI_SOURCES[kpi] ?? []).filter((s): s is CoveredSource =>
    (COVERED_SOURCES as readonly string[]).includes(s),
  );
  return sources.map((source) => ({ source, mode: READ_MODES[kpi]?.[source] ?? "span" }));
}

/** The range a KPI reads for a span in one mode. */
function readRange(span: Range, mode: ReadMode, tz: string): Range {
  if (mode !== "trailing_year") return span;
  return { start: DateTime.fromJSDate(span.end, { zone: tz }).minus({ months: 12 }).toJSDate(), end: span.end };
}

/**
 * How much of `span` the data a KPI reads covers: every source it reads must hold data there. A snapshot only
 * needs a record before the span's end; a span (or trailing-year) read needs data from its start to its end.
 */
export function coverageOf(
  span: Range,
  reads: readonly { source: CoveredSource; mode: ReadMode }[],
  spans: ReadonlyMap<CoveredSource, SourceSpan>,
  tz: string,
): SpanCoverage {
  let from: Date | undefined;
  let until: Date | undefined;
  for (const { source, mode } of reads) {
    const s = spans.get(source);
    if (!s?.from) return { kind: "none" };
    const range = readRange(span, mode, tz);
    if (s.from >= range.end) return { kind: "none" };
    if (mode === "snapshot") continue;
    if (s.until && s.until <= range.start) return { kind: "none" };
    if (s.from > range.start && (!from || s.from > from)) from = s.from;
    if (s.until && s.until < range.end && (!until || s.until < until)) until = s.until;
  }
  if (!from && !until) return { kind: "full" };
  return { kind: "partial", ...(from ? { from } : {}), ...(until ? { until } : {}) };
}

/**
 * Each source's extent, cached under the source's data version (src/store/data-versions.ts): the version moves
 * with every write, so a cached extent is exact; without a version (store not migrated) it is read every time.
 * Answers asked at once after a write share one read of each extent (single flight).
 */
export class CoverageReader {
  private readonly cache = new Map<string, { version: number; extent: Promise<Extent> }>();
  private reads = 0;

  constructor(private readonly db: Db) {}

  /** The extents of `sources` under the given data versions, with the portal's months ending in `tz`. */
  async extents(
    sources: readonly CoveredSource[],
    versions: ReadonlyMap<string, number> | undefined,
    tz: string,
  ): Promise<Map<CoveredSource, Extent>> {
    const unique = [...new Set(sources)];
    const extents = await Promise.all(unique.map((source) => this.extent(source, versions?.get(source), tz)));
    return new Map(unique.map((source, i) => [source, extents[i] ?? { first: null, last: null }]));
  }

  private extent(source: CoveredSource, version: number | undefined, tz: string): Promise<Extent> {
    // The portal's extent ends with its last month in a zone: one entry per zone.
    const key = source === "portal" ? `${source}@${tz}` : source;
    const hit = this.cache.get(key);
    if (hit && version !== undefined && hit.version === version) return hit.extent;
    this.reads++;
    const extent = EXTENTS[source](this.db, tz);
    if (version !== undefined) {
      const entry = { version, extent };
      this.cache.set(key, entry);
      // A failed read is not kept: the next answer tries again.
      extent.catch(() => {
        if (this.cache.get(key) === entry) this.cache.delete(key);
      });
    }
    return extent;
  }

  /** How many extents were read from the database (tests check the cache). */
  get databaseReads(): number {
    return this.reads;
  }
}
