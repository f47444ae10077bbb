import type { Dimension, KpiFilter, KpiStatus } from "../kpi/types.js";

/** Action ids of KPI buttons; the command handler runs the button's value as a command. */
export const ACTION_IDS = {
  breakdown: "kpi.breakdown",
  previous: "kpi.previous",
  explain: "kpi.explain",
  share: "kpi.share",
  /** The tickets behind the number (docs/commands.md): its value is `<kpi> <period> [filters] tickets`. */
  rows: "kpi.rows",
  /** All of them as a CSV file: `<kpi> <period> [filters] export`. */
  export: "kpi.export",
} as const;

/** One of the button action ids the command handler understands. */
export type KpiActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** The emoji cue of each status (colour for those who see it, words always beside it). */
export const STATUS_EMOJI: Record<KpiStatus, string> = {
  on_target: "🟢",
  watch: "🟠",
  off_target: "🔴",
  no_target: "⚪",
  no_data: "⚫",
};

/** Quotes a filter value when the tokenizer would otherwise split it or strip its punctuation. */
export function quoteValue(value: string): string {
  if (/^[\p{L}\p{N}_\-/]+$/u.test(value)) return value;
  return value.includes('"') ? `«${value}»` : `"${value}"`;
}

/** `for service=VPN for group="Service desk"`: the filter part of a command. */
export function filterText(filters: readonly KpiFilter[]): string {
  return filters.map((f) => `for ${f.dimension}=${quoteValue(f.value)}`).join(" ");
}

/**
 * The command text that asks for a KPI (`fcr 2026-10 by group for service=VPN`), built
 * from the period's stable label, which the period parser reads back.
 */
export function kpiCommand(
  kpi: string,
  periodLabel: string,
  opts: { breakdown?: Dimension | undefined; filters?: readonly KpiFilter[] } = {},
): string {
  const parts = [kpi, periodLabel];
  if (opts.breakdown) parts.push(`by ${opts.breakdown}`);
  if (opts.filters && opts.filters.length > 0) parts.push(filterText(opts.filters));
  return parts.join(" ");
}

/** `explain fcr`. */
export function explainCommand(kpi: string): string {
  return `explain ${kpi}`;
}

/** `scorecard 2026-10`. */
export function scorecardCommand(periodLabel: string): string {
  return `scorecard ${periodLabel}`;
}
