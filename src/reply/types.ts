import type { KpiFilter, KpiStatus, KpiUnit } from "../kpi/types.js";

/** Kinds of chart kpibot draws. */
export type ChartKind = "trend" | "bar" | "doughnut" | "scorecard";

/** A chart as data: what an imager turns into a picture. */
export interface ChartSpec {
  kind: ChartKind;
  title: string;
  /** Unit of the values, for axis labels and tooltips. */
  unit: KpiUnit;
  /** x-axis labels (trend, bar) or slice labels (doughnut) or KPI names (scorecard). */
  categories: string[];
  series: ChartSeries[];
  /** Drawn as a dashed horizontal line (trend, bar). */
  target?: number | null;
  /** For trend charts: a projected next point, drawn dashed and labelled as a projection. */
  projection?: { label: string; value: number } | null;
  /** For scorecards and bars: a status per category, used for colours. */
  statuses?: KpiStatus[];
  locale: "en" | "fr";
  /** Title of the category axis (e.g. "period", "group"); none when omitted. */
  categoryAxisLabel?: string;
  /** Title of the value axis; derived from `unit` when omitted (scorecards say "% of target"). */
  valueAxisLabel?: string;
  /** ISO 4217 code for currency units (KPIBOT_CURRENCY); EUR when omitted. */
  currency?: string;
  /** A second title line (e.g. filters). */
  subtitle?: string;
}

/** One data series of a chart. */
export interface ChartSeries {
  name: string;
  values: (number | null)[];
  /** Labels written by each value, already formatted in the locale (e.g. "74,2 %"). */
  labels?: (string | null)[];
}

/** A labelled value shown in a KPI fields block. */
export interface ReplyField {
  label: string;
  value: string;
}

/** A button: the adapter sends `actionId` + `value` back through the same core. */
export interface ReplyAction {
  actionId: string;
  label: string;
  value: string;
  style?: "primary" | "danger";
}

/**
 * A link kpibot built itself, never from user text (docs/security.md, "Links"): an http(s) URL of the ITSM tool
 * (KPIBOT_TICKET_URL with the id percent-encoded) or kpibot's own signed download. It is data, not markup: each
 * renderer writes it in its own link syntax after checking it with `safeLinkUrl`, and shows `label` as text.
 */
export interface ReplyLink {
  url: string;
  /** Plain text shown for the link (a ticket id): escaped by each renderer, never markup. */
  label: string;
}

/** One line of a list: an optional link (the ticket in the ITSM tool), then markup text. */
export interface ReplyListItem {
  link?: ReplyLink;
  /** Shown as code when there is no link (the ticket id without KPIBOT_TICKET_URL). */
  label?: string;
  text: string;
}

/** What a file holds, as data: kpibot computes its content when it is uploaded or downloaded. */
export interface ExportSpec {
  kind: "ticket-rows";
  kpi: string;
  /** The span listed, epoch ms [start, end). */
  start: number;
  end: number;
  /** The instant the list is as of (epoch ms). */
  asOf: number;
  filters: KpiFilter[];
  /** Whether the assignee column is included: decided for the asker when the file was offered. */
  assignee: boolean;
  timezone: string;
  /** The file's name (`fcr-2026-11.csv`). */
  name: string;
}

/**
 * A file kpibot offers (a CSV export): Slack uploads it; the other surfaces link to `url`, kpibot's signed,
 * expiring download (null without KPIBOT_SECRET; a path without KPIBOT_PUBLIC_URL, which only the playground,
 * served by kpibot itself, can follow).
 */
export interface ReplyFile {
  name: string;
  /** Plain text. */
  title: string;
  /** How many data rows it holds. */
  rows: number;
  spec: ExportSpec;
  url: string | null;
}

/** The neutral reply blocks every adapter renders with an exhaustive switch. */
export type ReplyBlock =
  | { type: "header"; text: string }
  | { type: "text"; text: string }
  | { type: "fields"; fields: ReplyField[]; status?: KpiStatus }
  | { type: "chart"; spec: ChartSpec; altText: string }
  | { type: "actions"; actions: ReplyAction[] }
  | { type: "context"; text: string }
  | { type: "list"; items: ReplyListItem[] }
  | { type: "file"; file: ReplyFile }
  | { type: "divider" };

/** A neutral reply: blocks plus the plain-text fallback always sent with rich content. */
export interface Reply {
  blocks: ReplyBlock[];
  fallback: string;
  /** Only the asker sees it (Slack ephemeral) unless shared. */
  ephemeral?: boolean;
  /** The language the reply is written in. */
  locale: "en" | "fr";
}
