import type {
  AnonymityNote,
  HiddenReason,
  KpiComparison,
  KpiResult,
  Period,
  SeriesPoint,
  SpanCoverage,
} from "./types.js";

/** A period as JSON: its label and grain, ISO-8601 instants (UTC), half-open [start, end). */
export interface PeriodJson {
  label: string;
  grain: Period["grain"];
  start: string;
  end: string;
}

/** One trend point as JSON. */
export interface SeriesPointJson extends PeriodJson {
  value: number | null;
  n: number;
  /** Why the anonymity rule withheld `value` (perception KPIs). */
  hidden?: HiddenReason;
  /** The data covers this period in part, or not at all (then `value` is null). */
  coverage?: "partial" | "none";
}

/** The `--json` shape of a KPI answer (issue 3): stable, plain JSON, no class instances. */
export interface KpiJson {
  kpi: string;
  name: { en: string; fr: string };
  family: string;
  value: number | null;
  n: number;
  unit: string;
  period: PeriodJson;
  timezone: string | null;
  previous: PeriodJson & { value: number | null; n: number };
  change: number | null;
  changeKind: "points" | "percent";
  target: number | null;
  status: KpiResult["status"];
  direction: string;
  series: SeriesPointJson[];
  projection: SeriesPointJson | null;
  extras: Record<string, number | null>;
  filters: { dimension: string; value: string }[];
  breakdownDimension?: string;
  breakdown?: {
    key: string;
    value: number | null;
    n: number;
    previous: number | null;
    change: number | null;
    impact: number | null;
    target: number | null;
    status: string;
    previousHidden?: HiddenReason;
  }[];
  movers?: string[];
  hidden?: number;
  distribution?: { key: string; value: number; share: number; n: number; previousShare: number | null }[];
  /** Perception KPIs: the figures the anonymity rule withheld (their values are null), and why. */
  anonymity?: AnonymityNote;
  /** What the value and `previous` cover (docs/numbers.md): `previous` above is the span actually compared. */
  comparison?: {
    kind: KpiComparison["kind"];
    current: { start: string; end: string };
    asOf: string | null;
    previousAsOf: string | null;
    base: PeriodJson;
    clamped: boolean;
    unequal: boolean;
  };
  /** How much of the value's and the comparison's spans the data covers (docs/numbers.md, "Data coverage"). */
  coverage?: {
    sources: { source: string; from: string | null; until: string | null }[];
    current: SpanCoverageJson;
    previous: SpanCoverageJson;
    comparable: boolean;
  };
  /** When each source read was last written, and whether it is stale (docs/numbers.md, "Freshness"). */
  freshness?: {
    source: string;
    asOf: string | null;
    via: string | null;
    detail: string | null;
    stale: boolean;
    staleAfterMs: number | null;
  }[];
}

/** A span's coverage as JSON. */
interface SpanCoverageJson {
  kind: SpanCoverage["kind"];
  from?: string;
  until?: string;
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

const spanJson = (c: SpanCoverage): SpanCoverageJson => ({
  kind: c.kind,
  ...(c.from ? { from: c.from.toISOString() } : {}),
  ...(c.until ? { until: c.until.toISOString() } : {}),
});

/** A period as JSON (ISO-8601 in UTC, like `2026-09-30T22:00:00.000Z` for October in Paris). */
export function periodJson(p: Pick<Period, "label" | "start" | "end"> & { grain?: Period["grain"] }): PeriodJson {
  return { label: p.label, grain: p.grain ?? "custom", start: p.start.toISOString(), end: p.end.toISOString() };
}

const pointJson = (p: SeriesPoint, grain: Period["grain"]): SeriesPointJson => ({
  ...periodJson({ ...p, grain }),
  value: p.value,
  n: p.n,
  ...(p.hidden ? { hidden: p.hidden } : {}),
  ...(p.coverage ? { coverage: p.coverage } : {}),
});

/** Turns a KpiResult into the JSON `kpibot ask --json` prints. */
export function toKpiJson(r: KpiResult): KpiJson {
  const grain = r.period.grain;
  const json: KpiJson = {
    kpi: r.kpi,
    name: r.definition.name,
    family: r.definition.family,
    value: r.value,
    n: r.n,
    unit: r.unit,
    period: periodJson(r.period),
    timezone: r.timezone ?? null,
    previous: { ...periodJson(r.previous.period), value: r.previous.value, n: r.previous.n },
    change: r.change,
    changeKind: r.changeKind,
    target: r.target,
    status: r.status,
    direction: r.definition.direction,
    series: r.series.map((p) => pointJson(p, grain)),
    projection: r.projection ? pointJson(r.projection, grain) : null,
    extras: r.extras,
    filters: r.filters.map((f) => ({ dimension: f.dimension, value: f.value })),
  };
  if (r.breakdown) {
    json.breakdownDimension = r.breakdown.dimension;
    json.breakdown = r.breakdown.rows.map((b) => ({
      key: b.key,
      value: b.value,
      n: b.n,
      previous: b.previous,
      change: b.change,
      impact: b.impact,
      target: b.target,
      status: b.status,
      ...(b.previousHidden ? { previousHidden: b.previousHidden } : {}),
    }));
    json.movers = r.breakdown.movers.map((m) => m.key);
    json.hidden = r.breakdown.hidden;
  }
  if (r.anonymity) json.anonymity = { ...r.anonymity };
  const c = r.comparison;
  if (c) {
    json.comparison = {
      kind: c.kind,
      current: { start: c.current.start.toISOString(), end: c.current.end.toISOString() },
      asOf: c.asOf?.toISOString() ?? null,
      previousAsOf: c.previousAsOf?.toISOString() ?? null,
      base: periodJson(c.base),
      clamped: c.clamped,
      unequal: c.unequal,
    };
  }
  if (r.coverage) {
    json.coverage = {
      sources: r.coverage.sources.map((s) => ({ source: s.source, from: iso(s.from), until: iso(s.until) })),
      current: spanJson(r.coverage.current),
      previous: spanJson(r.coverage.previous),
      comparable: r.coverage.comparable,
    };
  }
  if (r.freshness) json.freshness = r.freshness.map((f) => ({ ...f, asOf: iso(f.asOf) }));
  if (r.distribution) {
    json.distribution = r.distribution.map((d) => ({
      key: d.key,
      value: d.value,
      share: d.share,
      n: d.n,
      previousShare: d.previousShare ?? null,
    }));
  }
  return json;
}
