import type { WriteVia } from "../store/repositories.js";

/** The KPI families of the catalog (KPIS.md). */
export type KpiFamily = "sla" | "technical" | "financial" | "organisational" | "adherence" | "perception";

/** What a KPI's number is measured in. */
export type KpiUnit =
  | "percent"
  | "hours"
  | "tickets"
  | "changes"
  | "currency"
  | "currency_per_asset_year"
  | "fte"
  | "tickets_per_fte"
  | "points"
  | "score5";

/** Whether up is good, down is good, a band around the target is good, or neither. */
export type KpiDirection = "up" | "down" | "band" | "none";

/** Dimensions a KPI can be broken down by (each maps to a column of its source table). */
export type Dimension =
  | "group"
  | "channel"
  | "priority"
  | "service"
  | "level"
  | "category"
  | "kind"
  | "assignee"
  | "activity"
  | "team"
  | "question";

/** All dimensions, in the order help texts list them. */
export const DIMENSIONS: readonly Dimension[] = [
  "group",
  "channel",
  "priority",
  "service",
  "level",
  "category",
  "kind",
  "assignee",
  "activity",
  "team",
  "question",
];

/** A KPI of the catalog, as data. Adding a KPI = adding a definition and its query. */
export interface KpiDefinition {
  id: string;
  family: KpiFamily;
  name: { en: string; fr: string };
  /** Extra words users may type, English and French (lower-case, no accents needed). */
  aliases: string[];
  unit: KpiUnit;
  direction: KpiDirection;
  /** Default target (null = none); for "band" KPIs the band is target ± bandWidth. */
  target: number | null;
  bandWidth?: number;
  /** How it is computed, shown by `explain`. */
  formula: { en: string; fr: string };
  /** Where the numbers come from, shown by `explain`. */
  source: { en: string; fr: string };
  /** Dimensions `by <dimension>` accepts for this KPI. */
  dimensions: Dimension[];
  /** A distribution KPI answers with shares/amounts per key rather than one number. */
  distribution?: boolean;
  /** Perception KPIs withhold every figure from fewer respondents than the anonymity threshold (src/kpi/anonymity.ts). */
  anonymous?: boolean;
}

/** A half-open instant range [start, end) with how it was described. */
export interface Period {
  start: Date;
  end: Date;
  /** The calendar grain of the period, used to step back for "previous" and trends. */
  grain: "day" | "week" | "month" | "quarter" | "year" | "custom";
  /** A stable label, e.g. "2026-10", "2026-Q3", "2026-10-01..2026-10-15". */
  label: string;
}

/** A filter `for <dimension>=<value>`. */
export interface KpiFilter {
  dimension: Dimension;
  value: string;
}

/** What the command parser asks the KPI engine. */
export interface KpiQuery {
  kpi: string;
  period: Period;
  /** The period to compare with; defaults to the previous period of the same length. */
  compareTo?: Period;
  breakdown?: Dimension;
  filters?: KpiFilter[];
  /** Compute the 6-period trend series and projection (default true); false answers only the period and its comparison. */
  trend?: boolean;
  /**
   * The instant the answer is as of: a period not over by then is cut there and compared with the same elapsed
   * span (docs/numbers.md). Default: the end of the clock's current minute. Digests pass their fire time.
   */
  asOf?: Date;
  /** The time zone the periods were read in (default: the engine's, KPIBOT_TIMEZONE); comparisons step in it. */
  timezone?: string;
}

/** Target status: on target, within 10% of it (watch), off target, or no target / no data. */
export type KpiStatus = "on_target" | "watch" | "off_target" | "no_target" | "no_data";

/**
 * Why a perception figure is withheld (docs/security.md, "k-anonymity of perception figures"):
 * `too_few` — it comes from fewer respondents than the threshold;
 * `complement` — the answers a filter or a breakdown leaves out come from too few people, and the total minus
 * this figure would show them;
 * `overlap` — a comparison period that overlaps the asked one: their difference is a slice nobody checked.
 */
export type HiddenReason = "too_few" | "complement" | "overlap";

/** One point of the trend series. */
export interface SeriesPoint {
  label: string;
  start: Date;
  end: Date;
  /** Null when there is no data, or when the anonymity rule withholds it (`hidden` says so). */
  value: number | null;
  n: number;
  /** Set when the anonymity rule withholds this point's value. */
  hidden?: HiddenReason;
  /** Set when the sources' data covers only part of this point's period (`none`: not at all, and `value` is null). */
  coverage?: "partial" | "none";
}

/** One breakdown value. */
export interface BreakdownRow {
  key: string;
  value: number | null;
  n: number;
  previous: number | null;
  /** Set when the anonymity rule withholds this value's previous figure (then `previous`, `change`, `impact` are null). */
  previousHidden?: HiddenReason;
  /** Change against the previous period (points for %, relative % otherwise). */
  change: number | null;
  /** How much this value moved the overall KPI (signed contribution in KPI units). */
  impact: number | null;
  target: number | null;
  status: KpiStatus;
}

/** One slice of a distribution KPI. */
export interface DistributionRow {
  key: string;
  value: number;
  share: number;
  n: number;
  /** This key's share in the previous period (null when the previous period had nothing). */
  previousShare?: number | null;
}

/** The perception figures the anonymity rule withheld from an answer (absent when it withheld none). */
export interface AnonymityNote {
  /** The respondent floor applied (ANONYMITY_THRESHOLD). */
  threshold: number;
  /** Why the headline value (and so its change and status) is withheld. */
  value?: HiddenReason;
  /** Why the comparison period's value (and so the change) is withheld. */
  previous?: HiddenReason;
  /** How many trend points are withheld. */
  points: number;
}

/** How an answer's value and its comparison were cut (docs/numbers.md, "Like-for-like comparisons"). */
export interface KpiComparison {
  /**
   * `previous`: the asked period is over and is compared with the previous period of the same shape;
   * `to_date`: the asked period is not over, and its elapsed part is compared with the same elapsed span of the
   * previous period; `asked`: compared with the period given with `vs`, as asked.
   */
  kind: "previous" | "to_date" | "asked";
  /** The span the value covers: the asked period, or its part up to the cut when it is not over. */
  current: { start: Date; end: Date };
  /** The minute an unfinished period is shown "as of" (null when nothing was cut). */
  asOf: Date | null;
  /** to_date: the same place in the comparison period (3 Nov 15:20 for 3 Dec 15:20); null otherwise. */
  previousAsOf: Date | null;
  /** The whole comparison period: the previous period of the same shape, or the one asked with `vs`. */
  base: Period;
  /** to_date: the comparison period is shorter than the elapsed span, so all of it is used (31 March vs February). */
  clamped: boolean;
  /** asked: the two spans differ in length (the change is still shown, flagged). */
  unequal: boolean;
}

/** A source of KPI figures whose data has a span (every source of data_versions but the targets). */
export type CoveredSource =
  | "tickets"
  | "changes"
  | "costs"
  | "assets"
  | "staff"
  | "time"
  | "shadow_it"
  | "portal"
  | "surveys";

/** The local days a source holds data (docs/numbers.md, "Data coverage"). */
export interface SourceSpan {
  source: CoveredSource;
  /** Midnight starting the first day with data; null when the source holds no data. */
  from: Date | null;
  /** Midnight ending the last day with data (exclusive); null when the data holds up to now. */
  until: Date | null;
}

/** How much of a span the data covers. */
export interface SpanCoverage {
  /** `full`: data over the whole span; `partial`: data only from `from` and/or until `until`; `none`: no data in it. */
  kind: "full" | "partial" | "none";
  /** partial: the midnight starting the first day with data, when it is after the span's start. */
  from?: Date;
  /** partial: the midnight ending the last day with data, when it is before the span's end. */
  until?: Date;
}

/** What part of an answer's value and comparison the data covers (docs/numbers.md, "Data coverage"). */
export interface KpiCoverage {
  /** The days each source the KPI reads holds data. */
  sources: SourceSpan[];
  /** The span the value covers. */
  current: SpanCoverage;
  /** The span the comparison covers. */
  previous: SpanCoverage;
  /** False when both sides have data but one only partly: the change is then withheld (null). */
  comparable: boolean;
}

/** How fresh one source is (docs/numbers.md, "Freshness"). */
export interface SourceFreshness {
  source: CoveredSource;
  /**
   * The data is as of this instant: the source's last recorded write (import, sync, webhook, seed), or its latest
   * record when that is later (survey answers, rows written by hand); null when the source holds nothing.
   */
  asOf: Date | null;
  /** What made the last recorded write (null when none was recorded). */
  via: WriteVia | null;
  /** The connector, file source or webhook source of that write. */
  detail: string | null;
  /** Older than `staleAfterMs` at the answer's instant. */
  stale: boolean;
  /** The age beyond which this source is stale (null: never flagged). */
  staleAfterMs: number | null;
}

/** The KPI engine's answer. `value` null means no data for the period, or a withheld value (see `anonymity`). */
export interface KpiResult {
  kpi: string;
  definition: KpiDefinition;
  value: number | null;
  n: number;
  unit: KpiUnit;
  period: Period;
  previous: { period: Period; value: number | null; n: number };
  /** Points for percent KPIs, relative % otherwise; null when either side has no data. */
  change: number | null;
  changeKind: "points" | "percent";
  target: number | null;
  status: KpiStatus;
  /** The last 6 periods (oldest first), ending with the asked period. */
  series: SeriesPoint[];
  /** Least-squares projection of the next period when the series has at least 6 values. */
  projection: SeriesPoint | null;
  /** Extra figures some KPIs report (mttr: p50/p90; backlog: older than 30 days; ...). */
  extras: Record<string, number | null>;
  /** `hidden`: how many values the anonymity rule withheld (their rows are left out). */
  breakdown?: { dimension: Dimension; rows: BreakdownRow[]; movers: BreakdownRow[]; hidden: number };
  distribution?: DistributionRow[];
  filters: KpiFilter[];
  /** The organisation time zone the period boundaries are midnights of. */
  timezone?: string;
  /** Perception KPIs: which figures were withheld for anonymity, and why. */
  anonymity?: AnonymityNote;
  /** What the value and `previous` cover (the engine always sets it; hand-made results may leave it out). */
  comparison?: KpiComparison;
  /** How much of the value's and the comparison's spans the sources' data covers (set by the engine). */
  coverage?: KpiCoverage;
  /** How fresh each source the answer read is, at the answer's instant (set by the engine). */
  freshness?: SourceFreshness[];
}
