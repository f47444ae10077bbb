import { formatNumber, formatPeriod, formatValue } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import { ANONYMITY_THRESHOLD } from "../kpi/anonymity.js";
import type { HiddenReason, KpiResult } from "../kpi/types.js";
import { ACTION_IDS, explainCommand, kpiCommand, STATUS_EMOJI } from "./commands.js";
import { changeText, previousLabel } from "./comparison-text.js";
import { dataNoteBlocks } from "./data-notes.js";
import { breakdownChart, distributionChart, trendChart } from "./kpi-charts.js";
import {
  breakdownLines,
  comparisonBlocks,
  distributionLines,
  filtersLabel,
  filtersText,
  hiddenText,
  kpiActions,
  kpiContext,
  kpiFields,
  moversText,
  targetText,
} from "./kpi-parts.js";
import { userText } from "./markup.js";
import { type ReplyOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import type { Reply, ReplyBlock } from "./types.js";

/** Whether the engine found anything to show for the period. */
export function hasData(result: KpiResult): boolean {
  return (
    result.value !== null ||
    (result.distribution?.length ?? 0) > 0 ||
    (result.breakdown?.rows.some((r) => r.value !== null) ?? false)
  );
}

/** "First contact resolution — October 2026 · service=VPN". */
function headerText(result: KpiResult, locale: Locale, o: ResolvedOptions): string {
  const base = `${result.definition.name[locale]} — ${formatPeriod(result.period, locale, o.timeZone)}`;
  return result.filters.length > 0 ? `${base} · ${filtersLabel(result)}` : base;
}

/** The one-line fallback sent with rich content (notifications, screen readers, text-only clients). */
function fallbackText(result: KpiResult, locale: Locale, o: ResolvedOptions): string {
  const period = formatPeriod(result.period, locale, o.timeZone);
  const withheld = result.anonymity?.value;
  const value =
    result.value !== null
      ? formatValue(result.value, result.unit, locale, { currency: o.currency })
      : withheld
        ? hiddenText(withheld, locale)
        : "—";
  let text = t(locale, "reply:kpi.fallback", {
    kpi: result.definition.name[locale],
    period,
    value,
    n: formatNumber(result.n, locale, 0),
  });
  const change = changeText(result, locale, o);
  if (change !== null) text += t(locale, "reply:kpi.fallbackChange", { change });
  if (result.target !== null) {
    text += t(locale, "reply:kpi.fallbackTarget", {
      target: targetText(result.definition, result.unit, result.target, locale, o),
      emoji: STATUS_EMOJI[result.status],
      status: t(locale, `reply:status.${result.status}`),
    });
  }
  return text;
}

/** The answer when the period has no data: say so, and suggest what to ask instead. */
function noDataReply(result: KpiResult, locale: Locale, o: ResolvedOptions): Reply {
  const period = formatPeriod(result.period, locale, o.timeZone);
  const name = result.definition.name[locale];
  const filters = result.filters.length > 0 ? t(locale, "reply:kpi.filters", { filters: filtersLabel(result) }) : "";
  const previous = kpiCommand(result.kpi, previousLabel(result), { filters: result.filters });
  const explain = explainCommand(result.kpi);
  const text = t(locale, "reply:kpi.noDataText", { kpi: name, period, filters });
  return {
    locale,
    fallback: text,
    ...(o.ephemeral ? { ephemeral: true } : {}),
    blocks: [
      { type: "header", text: headerText(result, locale, o) },
      // `previous` repeats the user's filter values, inside a code span: escaped like any user text.
      {
        type: "text",
        text: `${text}\n${t(locale, "reply:kpi.noDataHint", { previous: userText(previous), explain })}`,
      },
      {
        type: "actions",
        actions: [
          {
            actionId: ACTION_IDS.previous,
            label: t(locale, "reply:action.previous"),
            value: previous,
            style: "primary",
          },
          { actionId: ACTION_IDS.explain, label: t(locale, "reply:action.explain"), value: explain },
        ],
      },
      { type: "context", text: kpiContext(result, locale, o) },
      ...dataNoteBlocks([result], locale, o, { coverage: false }),
    ],
  };
}

/** "2 trend points hidden for anonymity", when the anonymity rule withheld some. */
function hiddenPointsBlock(result: KpiResult, locale: Locale): ReplyBlock[] {
  const count = result.anonymity?.points ?? 0;
  if (count === 0) return [];
  return [{ type: "context", text: t(locale, "reply:kpi.hiddenPoints", { count, min: ANONYMITY_THRESHOLD }) }];
}

/**
 * The answer when the anonymity rule withheld the period's value: say so and why (never "no data", which would
 * be false), with the trend of the periods that may be shown.
 */
function hiddenReply(result: KpiResult, reason: HiddenReason, locale: Locale, o: ResolvedOptions): Reply {
  const period = formatPeriod(result.period, locale, o.timeZone);
  const name = result.definition.name[locale];
  const filters = result.filters.length > 0 ? t(locale, "reply:kpi.filters", { filters: filtersLabel(result) }) : "";
  const explain = explainCommand(result.kpi);
  const text = t(locale, "reply:kpi.hiddenText", { kpi: name, period, filters, hidden: hiddenText(reason, locale) });
  const hint = t(locale, "reply:kpi.hiddenHint", { min: ANONYMITY_THRESHOLD, explain });
  const subtitle = result.filters.length > 0 ? filtersText(result) : undefined;
  const blocks: ReplyBlock[] = [
    { type: "header", text: headerText(result, locale, o) },
    { type: "text", text: `${text}\n${hint}` },
  ];
  if (result.series.some((p) => p.value !== null)) blocks.push(trendChart(result, locale, o, subtitle));
  blocks.push(...hiddenPointsBlock(result, locale));
  blocks.push({ type: "actions", actions: kpiActions(result, locale, o) });
  blocks.push({ type: "context", text: kpiContext(result, locale, o) });
  blocks.push(...dataNoteBlocks([result], locale, o));
  return { locale, fallback: text, blocks, ...(o.ephemeral ? { ephemeral: true } : {}) };
}

/**
 * A KPI answer: header, value/n/change/target/status fields with the extras, one chart
 * (breakdown bars, distribution doughnut or the trend line), what moved, next-question
 * buttons, context and a plain-text fallback. No data → a "no data for <period>" reply.
 */
export function kpiReply(result: KpiResult, locale: Locale, opts: ReplyOptions = {}): Reply {
  // The engine says which time zone its period boundaries are midnights of.
  const o = resolveOptions({ ...opts, timeZone: opts.timeZone ?? result.timezone });
  if (!hasData(result)) {
    const withheld = result.anonymity?.value;
    return withheld ? hiddenReply(result, withheld, locale, o) : noDataReply(result, locale, o);
  }
  const subtitle = result.filters.length > 0 ? filtersText(result) : undefined;
  const blocks: ReplyBlock[] = [
    { type: "header", text: headerText(result, locale, o) },
    { type: "fields", fields: kpiFields(result, locale, o), status: result.status },
  ];
  // One chart: the breakdown's bars, else the distribution's doughnut, else the trend.
  const chart =
    (result.breakdown ? breakdownChart(result, locale, o, subtitle) : null) ??
    distributionChart(result, locale, o, subtitle) ??
    (result.series.length > 0 ? trendChart(result, locale, o, subtitle) : null);
  if (chart) blocks.push(chart);
  const detail = result.breakdown ? breakdownLines(result, locale, o) : distributionLines(result, locale, o);
  if (detail) blocks.push({ type: "text", text: detail });
  const movers = moversText(result, locale, o);
  if (movers) blocks.push({ type: "text", text: movers });
  if (result.breakdown && result.breakdown.hidden > 0) {
    blocks.push({
      type: "context",
      text: t(locale, "reply:kpi.hidden", { count: result.breakdown.hidden, min: ANONYMITY_THRESHOLD }),
    });
  }
  blocks.push(...hiddenPointsBlock(result, locale));
  blocks.push({ type: "actions", actions: kpiActions(result, locale, o) });
  blocks.push({ type: "context", text: kpiContext(result, locale, o) });
  blocks.push(...comparisonBlocks(result, locale, o));
  blocks.push(...dataNoteBlocks([result], locale, o));
  return { locale, fallback: fallbackText(result, locale, o), blocks, ...(o.ephemeral ? { ephemeral: true } : {}) };
}
