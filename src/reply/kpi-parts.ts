import {
  formatChangeBetween,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatSignedValue,
  formatValue,
} from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import { ANONYMITY_THRESHOLD } from "../kpi/anonymity.js";
import { hasTicketRows } from "../kpi/rows.js";
import type { HiddenReason, KpiDefinition, KpiResult, KpiUnit } from "../kpi/types.js";
import { ACTION_IDS, explainCommand, kpiCommand, STATUS_EMOJI } from "./commands.js";
import { changeText, comparisonNote, previousLabel } from "./comparison-text.js";
import { notComparableText } from "./data-notes.js";
import { distributionShares, sortedRows } from "./kpi-charts.js";
import { userText } from "./markup.js";
import { type ResolvedOptions, statusText } from "./options.js";
import type { ReplyAction, ReplyBlock, ReplyField } from "./types.js";

/** The unit of each extra figure the KPI engine may report; "same" = the KPI's own unit, "count" = a plain count. */
const EXTRA_UNITS: Record<string, KpiUnit | "same" | "count"> = {
  p50: "same",
  p90: "same",
  median: "same",
  olderThan30Days: "tickets",
  unansweredPastDue: "tickets",
  incidents: "tickets",
  requests: "tickets",
  tickets: "tickets",
  actual: "currency",
  budget: "currency",
  budgeted: "currency",
  cost: "currency",
  cost12Months: "currency",
  assets: "count",
  users: "count",
  population: "count",
  mobileSessions: "count",
  sessions: "count",
  totalFte: "fte",
  fte: "fte",
  previousFte: "fte",
  discovered: "count",
  respondents: "count",
  promoters: "count",
  detractors: "count",
};

/** "olderThan30Days" → "older than 30 days", for extras the catalog does not name. */
function humanize(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z0-9])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `service=VPN, group=N1` as plain text (chart subtitles). */
export function filtersText(result: KpiResult): string {
  return result.filters.map((f) => `${f.dimension}=${f.value}`).join(", ");
}

/** The filters as reply markup, for headers and context lines: the values are what the user typed. */
export function filtersLabel(result: KpiResult): string {
  return userText(filtersText(result));
}

/** A value in the KPI's unit. */
function fmt(result: KpiResult, value: number, locale: Locale, o: ResolvedOptions): string {
  return formatValue(value, result.unit, locale, { currency: o.currency });
}

/** "hidden: fewer than 5 respondents": why the anonymity rule withheld a figure, in the reader's language. */
export function hiddenText(reason: HiddenReason, locale: Locale): string {
  return t(locale, "reply:hidden.label", { why: t(locale, `reply:hidden.${reason}`, { min: ANONYMITY_THRESHOLD }) });
}

/** The target as text: one value, or a band "95 % to 105 %". */
export function targetText(
  def: KpiDefinition,
  unit: KpiUnit,
  target: number,
  locale: Locale,
  o: Pick<ResolvedOptions, "currency">,
): string {
  const f = (v: number) => formatValue(v, unit, locale, { currency: o.currency });
  if (def.direction === "band" && def.bandWidth !== undefined) {
    return t(locale, "reply:band", { low: f(target - def.bandWidth), high: f(target + def.bandWidth) });
  }
  return f(target);
}

/** Value, n, change, target and status, then the KPI's extra figures. */
export function kpiFields(result: KpiResult, locale: Locale, o: ResolvedOptions): ReplyField[] {
  const fields: ReplyField[] = [];
  const hidden = result.anonymity;
  const valueText =
    result.value !== null ? fmt(result, result.value, locale, o) : hidden?.value && hiddenText(hidden.value, locale);
  if (valueText) fields.push({ label: t(locale, "reply:field.value"), value: valueText });
  fields.push({ label: t(locale, "reply:field.n"), value: formatNumber(result.n, locale, 0) });
  const previousPeriod = formatPeriod(result.previous.period, locale, o.timeZone);
  const change = changeText(result, locale, o);
  const notComparable = notComparableText(result, locale, o);
  if (change !== null) {
    fields.push({ label: t(locale, "reply:field.change"), value: change });
  } else if (notComparable !== null) {
    fields.push({ label: t(locale, "reply:field.change"), value: notComparable });
  } else if (hidden?.previous) {
    fields.push({
      label: t(locale, "reply:field.change"),
      value: t(locale, "reply:previousHidden", { period: previousPeriod, hidden: hiddenText(hidden.previous, locale) }),
    });
  } else if (result.value !== null) {
    fields.push({
      label: t(locale, "reply:field.change"),
      value: t(locale, "reply:noPrevious", { period: previousPeriod }),
    });
  }
  if (result.target !== null) {
    fields.push({
      label: t(locale, "reply:field.target"),
      value: targetText(result.definition, result.unit, result.target, locale, o),
    });
    fields.push({ label: t(locale, "reply:field.status"), value: statusText(result.status, locale) });
  }
  for (const [key, value] of Object.entries(result.extras)) {
    if (value === null || !Number.isFinite(value)) continue;
    const unit = EXTRA_UNITS[key];
    const text =
      unit === undefined || unit === "count"
        ? formatNumber(value, locale, unit === "count" ? 0 : 1)
        : formatValue(value, unit === "same" ? result.unit : unit, locale, { currency: o.currency });
    fields.push({ label: t(locale, `reply:extras.${key}`, { defaultValue: humanize(key) }), value: text });
  }
  return fields;
}

/** One line per breakdown value (highest first, capped), then the count of the rest. */
export function breakdownLines(result: KpiResult, locale: Locale, o: ResolvedOptions): string | null {
  const rows = sortedRows(result.breakdown?.rows ?? []);
  if (rows.length === 0) return null;
  const lines = rows.slice(0, o.maxRows).map((r) =>
    t(locale, "reply:kpi.breakdownLine", {
      key: userText(r.key),
      value: fmt(result, r.value, locale, o),
      n: formatNumber(r.n, locale, 0),
      emoji: STATUS_EMOJI[r.status],
    }).trimEnd(),
  );
  if (rows.length > o.maxRows) lines.push(t(locale, "reply:kpi.more", { count: rows.length - o.maxRows }));
  return lines.join("\n");
}

/** "What moved": the breakdown values that moved the KPI most since the previous period. */
export function moversText(result: KpiResult, locale: Locale, o: ResolvedOptions): string | null {
  const movers = result.breakdown?.movers ?? [];
  if (movers.length === 0) return null;
  const dash = "—";
  const lines = movers.slice(0, 5).map((m) =>
    t(locale, "reply:kpi.mover", {
      key: userText(m.key),
      previous: m.previous === null ? dash : fmt(result, m.previous, locale, o),
      value: m.value === null ? dash : fmt(result, m.value, locale, o),
      change:
        m.change === null || m.value === null || m.previous === null
          ? dash
          : formatChangeBetween(m.value, m.previous, result.unit, locale),
      impact: m.impact === null ? dash : formatSignedValue(m.impact, result.unit, locale, { currency: o.currency }),
    }),
  );
  const title = t(locale, "reply:kpi.movers", { period: formatPeriod(result.previous.period, locale, o.timeZone) });
  return [title, ...lines].join("\n");
}

/** One line per distribution slice: share, and the amount when the unit is not already a share. */
export function distributionLines(result: KpiResult, locale: Locale, o: ResolvedOptions): string | null {
  const shares = distributionShares(result.distribution ?? []);
  if (shares.length === 0) return null;
  const lines = shares.slice(0, o.maxRows).map(({ row, share }) => {
    const line =
      result.unit === "percent"
        ? t(locale, "reply:kpi.breakdownLine", {
            key: userText(row.key),
            value: formatPercent(share, locale),
            n: formatNumber(row.n, locale, 0),
            emoji: "",
          }).trimEnd()
        : t(locale, "reply:kpi.distributionLine", {
            key: userText(row.key),
            value: fmt(result, row.value, locale, o),
            share: formatPercent(share, locale),
          });
    // The engine's shares are in percent: their difference is a change in points.
    const before = row.previousShare;
    if (typeof before !== "number") return line;
    return line + t(locale, "reply:kpi.shareChange", { change: formatChangeBetween(share, before, "percent", locale) });
  });
  if (shares.length > o.maxRows) lines.push(t(locale, "reply:kpi.more", { count: shares.length - o.maxRows }));
  return lines.join("\n");
}

/** Buttons for the likely next questions; each value is the command text the handler runs. */
export function kpiActions(result: KpiResult, locale: Locale, o: ResolvedOptions): ReplyAction[] {
  const actions: ReplyAction[] = [];
  const current = result.breakdown?.dimension;
  // A distribution is already split by its first dimension (channel-mix by channel): offer the next one.
  const dims = result.definition.distribution ? result.definition.dimensions.slice(1) : result.definition.dimensions;
  const next = dims.find((d) => d !== current);
  const filters = result.filters;
  if (next) {
    actions.push({
      actionId: ACTION_IDS.breakdown,
      label: t(locale, "reply:action.breakdown", { dimension: t(locale, `reply:dimension.${next}`) }),
      value: kpiCommand(result.kpi, result.period.label, { breakdown: next, filters }),
      style: "primary",
    });
  }
  actions.push({
    actionId: ACTION_IDS.previous,
    label: t(locale, "reply:action.previous"),
    value: kpiCommand(result.kpi, previousLabel(result), { breakdown: current, filters }),
  });
  actions.push({
    actionId: ACTION_IDS.explain,
    label: t(locale, "reply:action.explain"),
    value: explainCommand(result.kpi),
  });
  // A number made of tickets can be checked against them (docs/commands.md, "The tickets behind a number").
  if (hasTicketRows(result.kpi)) {
    actions.push({
      actionId: ACTION_IDS.rows,
      label: t(locale, "numbers:rows.tickets"),
      value: `${kpiCommand(result.kpi, result.period.label, { filters })} tickets`,
    });
  }
  if (o.ephemeral) {
    actions.push({
      actionId: ACTION_IDS.share,
      label: t(locale, "reply:action.share"),
      value: kpiCommand(result.kpi, result.period.label, { breakdown: current, filters }),
    });
  }
  return actions;
}

/** Source, n and time zone (and filters): how to read the numbers. */
export function kpiContext(result: KpiResult, locale: Locale, o: ResolvedOptions): string {
  let text = t(locale, "reply:kpi.context", {
    source: result.definition.source[locale],
    n: formatNumber(result.n, locale, 0),
    timeZone: o.timeZone,
  });
  if (result.filters.length > 0) text += t(locale, "reply:kpi.contextFilters", { filters: filtersLabel(result) });
  return text;
}

/** The note saying exactly which spans were compared (unfinished period, unequal `vs`), as a context block. */
export function comparisonBlocks(result: KpiResult, locale: Locale, o: ResolvedOptions): ReplyBlock[] {
  const note = comparisonNote(result, locale, o);
  return note ? [{ type: "context", text: note }] : [];
}
