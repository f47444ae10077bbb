import type { Clock } from "../core/clock.js";
import { KpibotError } from "../errors.js";
import { lastPeriods, nextPeriod } from "../periods/calendar.js";
import { readDataVersions } from "../store/data-versions.js";
import type { Db } from "../store/db.js";
import type { SourceFreshnessRepository, SourceWrite, TargetRepository } from "../store/repositories.js";
import { type Agg, type CalcContext, emptyAgg, type Range } from "./aggregate.js";
import { ANONYMITY_THRESHOLD, type ComparisonRest, withheldRanges, withhold } from "./anonymity.js";
import { AnswerCache, type AnswerCacheStats, answerKey, type TimedAnswer } from "./answer-cache.js";
import { buildBreakdown, buildDistribution } from "./breakdown.js";
import { type ComputeRequest, computeParts, type KpiCalculator } from "./calculator.js";
import { CALCULATORS } from "./calculators/index.js";
import { type ComparisonPlan, planComparison } from "./comparison.js";
import {
  COVERED_SOURCES,
  CoverageReader,
  type CoveredSource,
  coverageOf,
  coveredReads,
  type Extent,
  sourceSpan,
} from "./coverage.js";
import { findKpi, KPI_DEFINITIONS } from "./definitions.js";
import { DEFAULT_STALE_AFTER, judgeFreshness, parseStaleAfter, type StalePolicy } from "./freshness.js";
import { type TicketRows, ticketRows } from "./rows.js";
import { answerSources, CLOCK_HORIZONS } from "./sources.js";
import { type Dialect, dialectFor } from "./sql.js";
import { changeKindOf, changeOf, projectNext, resolveTarget, statusOf } from "./status.js";
import type {
  AnonymityNote,
  HiddenReason,
  KpiCoverage,
  KpiDefinition,
  KpiQuery,
  KpiResult,
  Period,
  SeriesPoint,
  SourceFreshness,
  SourceSpan,
  SpanCoverage,
} from "./types.js";

/** How many periods a trend series has (KPIS.md: the last 6 periods). */
export const SERIES_LENGTH = 6;

/** What the KPI engine needs. */
export interface KpiEngineDeps {
  db: Db;
  targets: TargetRepository;
  /** The organisation time zone (KPIBOT_TIMEZONE): periods are midnights there. */
  timezone: string;
  clock: Clock;
  /**
   * Answers kept (KPIBOT_ANSWER_CACHE; 0 or absent: none), keyed by question and the data versions of its
   * sources. Only on a store whose reads outside transactions see committed data only (Db.committedReads).
   */
  cacheSize?: number;
  /** The sources' last writes ("data as of"); without it an answer's freshness comes from its records alone. */
  freshness?: SourceFreshnessRepository;
  /** When a source is stale (KPIBOT_STALE_AFTER); default DEFAULT_STALE_AFTER. */
  staleAfter?: StalePolicy;
}

/** Answers KPI queries from the database. */
export interface KpiEngine {
  /** The KPI catalog the engine answers. */
  readonly definitions: readonly KpiDefinition[];
  /** The organisation time zone periods are computed in. */
  readonly timezone: string;
  /** Computes a KPI for a period (with comparison, target status, trend, breakdown...). Throws KpibotError on bad input. */
  answer(query: KpiQuery): Promise<KpiResult>;
  /** The answer cache's counters (all zero without a cache). */
  cacheStats(): AnswerCacheStats;
  /** How fresh every source is at `at` (the stale-feed check; answers carry their own sources' freshness). */
  freshness(at: Date): Promise<SourceFreshness[]>;
  /**
   * The tickets behind a ticket KPI's answer to `query`: the same span (an unfinished period cut at the same
   * instant) and filters; the first `limit` rows, the ones counting against a rate first. INPUT_INVALID for a KPI
   * not made of tickets (src/kpi/rows.ts).
   */
  rows(query: RowsQuery): Promise<TicketRows>;
}

/** What `rows` lists: a KPI question, how many rows, and whether the assignee column may be read. */
export interface RowsQuery extends Pick<KpiQuery, "kpi" | "period" | "filters" | "asOf" | "timezone"> {
  limit: number;
  assignee: boolean;
}

/** Whether this SQLite build has the percentile_cont aggregate (better-sqlite3 12 compiles it in). */
async function detectDialect(db: Db): Promise<Dialect> {
  if (db.provider === "postgresql") return dialectFor("postgresql", false);
  try {
    await db.query("SELECT percentile_cont(1, 0.5) AS p");
    return dialectFor("sqlite", true);
  } catch {
    return dialectFor("sqlite", false);
  }
}

/** Rejects breakdowns and filters the KPI's source does not have. */
function validate(def: KpiDefinition, calc: KpiCalculator, query: KpiQuery): void {
  const allowed = def.dimensions.join(", ") || "none";
  if (query.breakdown && (!def.dimensions.includes(query.breakdown) || !calc.breakdown)) {
    throw new KpibotError(
      "INPUT_INVALID",
      `${def.id} cannot be broken down by ${query.breakdown} (dimensions: ${allowed})`,
    );
  }
  for (const f of query.filters ?? []) {
    if (!def.dimensions.includes(f.dimension)) {
      throw new KpibotError("INPUT_INVALID", `${def.id} cannot be filtered by ${f.dimension} (dimensions: ${allowed})`);
    }
  }
  for (const p of [query.period, query.compareTo]) {
    if (p && !(p.start.getTime() < p.end.getTime())) {
      throw new KpibotError("INPUT_INVALID", `the period ${p.label} is empty (its end is not after its start)`);
    }
  }
}

const point = (p: Period, a: Agg, hidden: HiddenReason | undefined, covered: SpanCoverage): SeriesPoint => ({
  label: p.label,
  start: p.start,
  end: p.end,
  // A period the data does not reach is a gap, never a zero (a count over no rows, a backlog before any ticket).
  value: covered.kind === "none" ? null : a.value,
  n: a.n,
  ...(hidden ? { hidden } : {}),
  ...(covered.kind === "full" ? {} : { coverage: covered.kind }),
});

/** What an answer's data covers: each source's days, and how the KPI reads them. */
interface Covered {
  reads: ReturnType<typeof coveredReads>;
  spans: Map<CoveredSource, SourceSpan>;
}

/** Without any data at all, a value is "no data", not a figure. */
const uncovered = (a: Agg, c: SpanCoverage): Agg => (c.kind === "none" && a.value !== null ? { ...a, value: null } : a);

/**
 * An anonymous KPI's values with the anonymity rule applied to every range (each trend point, the asked period,
 * the comparison), and why each withheld one is. `complement`: with filters, each range's aggregate of the
 * answers the filters leave out. Withholding here, in the data, keeps every surface (chat replies, JSON, charts,
 * digests, alert thresholds) from showing what the rule hides.
 */
function applyAnonymity(
  values: readonly Agg[],
  ranges: readonly Range[],
  complement: readonly Agg[] | undefined,
  rest: ComparisonRest | undefined,
): { values: Agg[]; reasons: (HiddenReason | undefined)[] } {
  const reasons = withheldRanges(values, ranges, ranges.length - 1, complement, rest);
  return { values: values.map((a, i) => (reasons[i] ? withhold(a) : a)), reasons };
}

/** The part of `whole` after `part` (which starts it). */
function rangeAfter(part: Range, whole: Range): Range {
  return { start: part.end, end: whole.end };
}

/** The aggregate of a comparison's rest (and, with filters, of the answers the filters leave out of it). */
async function restOf(calc: KpiCalculator, ctx: CalcContext, range: Range, leftOut: boolean): Promise<ComparisonRest> {
  const [[agg], outside] = await Promise.all([
    calc.values(ctx, [range]),
    leftOut ? calc.values({ ...ctx, complement: true }, [range]) : Promise.resolve(undefined),
  ]);
  const rest: ComparisonRest = { range, agg: agg ?? emptyAgg(true) };
  if (outside?.[0]) rest.complement = outside[0];
  return rest;
}

/** Builds the KPI engine. Every number comes from aggregate SQL; nothing is loaded row by row. */
export function createKpiEngine(deps: KpiEngineDeps): KpiEngine {
  let dialect: Promise<Dialect> | undefined;
  const tz = deps.timezone;
  const cache = deps.cacheSize && deps.db.committedReads ? new AnswerCache(deps.cacheSize) : undefined;
  const coverage = new CoverageReader(deps.db);
  const staleAfter = deps.staleAfter ?? (parseStaleAfter(DEFAULT_STALE_AFTER) as StalePolicy);

  /**
   * The answer, and until when it holds with the data unchanged (`horizon`: find out; else Infinity). The plan
   * says which spans are compared: an unfinished period's value and trend point cover its elapsed part only.
   */
  async function compute(
    def: KpiDefinition,
    calc: KpiCalculator,
    query: KpiQuery,
    plan: ComparisonPlan,
    at: Date,
    horizon: boolean,
    covered: Covered,
  ): Promise<TimedAnswer> {
    dialect ??= detectDialect(deps.db);
    const filters = query.filters ?? [];
    const zone = query.timezone ?? tz;
    const ctx: CalcContext = { db: deps.db, dialect: await dialect, now: at, timezone: zone, filters };
    const period = plan.current;
    const previous = plan.previous;
    const trend = query.trend !== false;
    const asked = trend ? lastPeriods(query.period, SERIES_LENGTH, zone) : [query.period];
    const seriesPeriods = asked.map((p, i) => (i === asked.length - 1 ? period : p));
    const pair = [previous, period];

    const request: ComputeRequest = { ranges: [...seriesPeriods, previous], period, pair };
    if (query.breakdown) request.dimension = query.breakdown;
    // The anonymity rule's complement check: the respondents a filtered perception answer leaves out.
    const leftOut = def.anonymous === true && filters.length > 0;
    // An unfinished period's comparison is the start of the previous trend point: the rest of that point must
    // not be a small group the two figures' difference would show (src/kpi/anonymity.ts).
    const c = plan.comparison;
    const restRange =
      def.anonymous && trend && c.kind === "to_date" && !c.clamped ? rangeAfter(previous, c.base) : null;
    const clock = horizon ? CLOCK_HORIZONS[def.id] : undefined;
    const [{ values, extras, groups }, overrides, slices, complement, changesAt, rest] = await Promise.all([
      computeParts(calc, ctx, request),
      deps.targets.all(def.id),
      calc.distribution ? calc.distribution(ctx, pair) : Promise.resolve(undefined),
      leftOut ? calc.values({ ...ctx, complement: true }, request.ranges) : Promise.resolve(undefined),
      clock ? clock(deps.db, at, [...request.ranges, ...pair]) : Promise.resolve(null),
      restRange ? restOf(calc, ctx, restRange, leftOut) : Promise.resolve(undefined),
    ]);

    const { values: shown, reasons } = def.anonymous
      ? applyAnonymity(values, request.ranges, complement, rest)
      : { values, reasons: [] };
    const empty = emptyAgg(true);
    const last = seriesPeriods.length - 1;
    const cover = (r: Range) => coverageOf(r, covered.reads, covered.spans, zone);
    const coverage: KpiCoverage = {
      sources: [...covered.spans.values()],
      current: cover(period),
      previous: cover(previous),
      comparable: true,
    };
    const now = uncovered(shown[last] ?? empty, coverage.current);
    const before = uncovered(shown.at(-1) ?? empty, coverage.previous);
    // A side only partly covered (2025 with data from 1 June) cannot be compared: the change is withheld.
    const partial = coverage.current.kind === "partial" || coverage.previous.kind === "partial";
    coverage.comparable = !(partial && now.value !== null && before.value !== null);
    const unit = calc.valueUnit ?? def.unit;
    const target = resolveTarget(def, overrides);
    const series = trend
      ? seriesPeriods.map((p, i) => point(p, shown[i] ?? empty, reasons[i], i === last ? coverage.current : cover(p)))
      : [];
    const projected = trend && series.length === SERIES_LENGTH ? projectNext(series.map((s) => s.value)) : null;
    const next = projected === null ? null : nextPeriod(query.period, zone);

    const result: KpiResult = {
      kpi: def.id,
      definition: def,
      value: now.value,
      n: now.n,
      unit,
      period: query.period,
      previous: { period: previous, value: before.value, n: before.n },
      change: coverage.comparable ? changeOf(unit, now.value, before.value) : null,
      changeKind: changeKindOf(unit),
      target,
      status: statusOf(now.value, target, def.direction, def.bandWidth),
      series,
      projection: next ? { label: next.label, start: next.start, end: next.end, value: projected, n: 0 } : null,
      extras: now.respondents === undefined ? extras : { ...extras, respondents: now.respondents },
      filters,
      timezone: zone,
      comparison: plan.comparison,
      coverage,
    };
    if (def.anonymous && reasons.some((r) => r !== undefined)) {
      const note: AnonymityNote = { threshold: ANONYMITY_THRESHOLD, points: series.filter((p) => p.hidden).length };
      const value = reasons[last];
      const previousReason = reasons.at(-1);
      if (value) note.value = value;
      if (previousReason) note.previous = previousReason;
      result.anonymity = note;
    }
    if (query.breakdown && groups) {
      const totalWithheld = { now: reasons[last], before: reasons.at(-1) };
      result.breakdown = buildBreakdown(def, unit, query.breakdown, groups, { now, before }, overrides, totalWithheld);
      // What moved since a period the data covers differently is the data's edge, not the service: not shown.
      if (!coverage.comparable) {
        const rows = result.breakdown.rows.map((r) => ({ ...r, change: null, impact: null }));
        result.breakdown = { ...result.breakdown, rows, movers: [] };
      }
    }
    if (slices) result.distribution = buildDistribution(slices);
    return { result, validUntil: changesAt ? changesAt.getTime() : Number.POSITIVE_INFINITY };
  }

  /**
   * The data versions, the recorded writes and the extents of some sources: with the freshness repository, versions
   * and writes come in one read (as the versions alone did before), and the extents from their cache.
   */
  async function sourcesState(sources: readonly CoveredSource[], zone: string) {
    const snapshot = deps.freshness ? await deps.freshness.snapshot().catch(() => undefined) : undefined;
    const versions = snapshot?.versions ?? (await readDataVersions(deps.db).catch(() => undefined));
    const writes: readonly SourceWrite[] = snapshot?.writes ?? [];
    const extents = await coverage.extents(sources, versions, zone);
    return { versions, writes, extents };
  }

  function spansOf(
    reads: Covered["reads"],
    extents: ReadonlyMap<CoveredSource, Extent>,
    writes: readonly SourceWrite[],
    zone: string,
  ): Covered {
    const spans = new Map<CoveredSource, SourceSpan>();
    for (const { source } of reads) {
      const written = writes.find((w) => w.source === source)?.writtenAt ?? null;
      spans.set(source, sourceSpan(source, extents.get(source) ?? { first: null, last: null }, written, zone));
    }
    return { reads, spans };
  }

  async function answer(query: KpiQuery): Promise<KpiResult> {
    const def = findKpi(query.kpi);
    if (!def) throw new KpibotError("NOT_FOUND", `unknown KPI "${query.kpi}"`);
    const calc = CALCULATORS[def.id];
    if (!calc) throw new KpibotError("NOT_FOUND", `no computation for KPI "${def.id}"`);
    validate(def, calc, query);
    const now = deps.clock.now();
    const zone = query.timezone ?? tz;
    const plan = planComparison(query, now, zone);
    const reads = coveredReads(def.id);
    const sources = reads.map((r) => r.source);
    // The versions are read before computing: the rows the answer then reads are at least that new, so the
    // answer is never filed under a version older than its data's (a write in between only costs a recompute).
    const { versions: current, writes, extents } = await sourcesState(sources, zone);
    const covered = spansOf(reads, extents, writes, zone);
    // Freshness is judged at the answer's instant, outside the cache: it changes with the clock alone.
    const withFreshness = (result: KpiResult): KpiResult => {
      result.freshness = judgeFreshness(sources, writes, extents, staleAfter, query.asOf ?? now);
      return result;
    };
    const fresh = async () => withFreshness((await compute(def, calc, query, plan, now, false, covered)).result);
    const answerSourcesOf = answerSources(def.id);
    if (!cache || !answerSourcesOf || !current) return fresh(); // no cache, or not migrated yet
    const versions: [string, number][] = [];
    for (const s of answerSourcesOf) {
      const v = current.get(s);
      if (v === undefined) return fresh();
      versions.push([s, v]);
    }
    // A recorded write can move a source's last covered day without a data write (a sync that found nothing new).
    for (const span of covered.spans.values()) versions.push([`until:${span.source}`, span.until?.getTime() ?? -1]);
    // An answer that cut a period at the current minute is another answer the next minute: the cut is in the key.
    const { asOf: _asOf, ...asked } = query;
    const keyed = plan.cut ? { ...asked, asOf: plan.cut } : asked;
    const key = answerKey(def.id, keyed, versions);
    return withFreshness(
      await cache.get(key, now.getTime(), () => compute(def, calc, query, plan, now, true, covered)),
    );
  }

  async function rows(query: RowsQuery): Promise<TicketRows> {
    const def = findKpi(query.kpi);
    if (!def) throw new KpibotError("NOT_FOUND", `unknown KPI "${query.kpi}"`);
    const now = deps.clock.now();
    const plan = planComparison(query, now, query.timezone ?? tz);
    dialect ??= detectDialect(deps.db);
    return ticketRows(deps.db, await dialect, {
      kpi: def.id,
      span: { start: plan.current.start, end: plan.current.end },
      filters: query.filters ?? [],
      // As of the answer's instant, like the answer (sla-response counts an unanswered ticket once it is past due).
      now: query.asOf ?? now,
      limit: query.limit,
      assignee: query.assignee,
    });
  }

  async function freshness(at: Date): Promise<SourceFreshness[]> {
    const { writes, extents } = await sourcesState(COVERED_SOURCES, tz);
    return judgeFreshness(COVERED_SOURCES, writes, extents, staleAfter, at);
  }

  const stats = (): AnswerCacheStats => cache?.stats() ?? { hits: 0, misses: 0, size: 0 };
  return { definitions: KPI_DEFINITIONS, timezone: tz, answer, cacheStats: stats, freshness, rows };
}
