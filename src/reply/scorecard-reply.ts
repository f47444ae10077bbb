import { formatPercent, formatPeriod, formatValue } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import { ANONYMITY_THRESHOLD } from "../kpi/anonymity.js";
import type { KpiDefinition, KpiResult, KpiStatus, Period } from "../kpi/types.js";
import { ACTION_IDS, explainCommand, kpiCommand, STATUS_EMOJI, scorecardCommand } from "./commands.js";
import { previousLabel } from "./comparison-text.js";
import { dataNoteBlocks } from "./data-notes.js";
import { targetText } from "./kpi-parts.js";
import { type ReplyOptions, resolveOptions } from "./options.js";
import type { ChartSpec, Reply, ReplyAction, ReplyBlock } from "./types.js";

/** Bars stop here so one runaway KPI does not squash the others (its label still tells the truth). */
const MAX_SCORE = 150;

const STATUS_RANK: Record<KpiStatus, number> = { off_target: 0, watch: 1, on_target: 2, no_target: 3, no_data: 4 };

/**
 * A KPI value as a percentage of its target, 100 = on target, higher = better:
 * value ÷ target when up is good, target ÷ value when down is good, and for a band,
 * 100 minus how far outside the band the value is (in % of the target).
 */
export function scoreOfTarget(def: KpiDefinition, value: number, target: number): number | null {
  switch (def.direction) {
    case "up":
      return target > 0 ? (value / target) * 100 : null;
    case "down":
      return value > 0 ? (target / value) * 100 : MAX_SCORE;
    case "band": {
      if (target === 0) return null;
      const outside = Math.max(0, Math.abs(value - target) - (def.bandWidth ?? 0));
      return 100 - (outside / Math.abs(target)) * 100;
    }
    case "none":
      return null;
  }
}

interface Scored {
  result: KpiResult & { value: number };
  score: number | null;
}

/** Results with data, those with a target first and weakest first (status, then score). */
export function rankScorecard(results: readonly KpiResult[]): Scored[] {
  return results
    .filter((r): r is KpiResult & { value: number } => r.value !== null)
    .map((result) => ({
      result,
      score: result.target === null ? null : scoreOfTarget(result.definition, result.value, result.target),
    }))
    .sort((a, b) => {
      const rank = STATUS_RANK[a.result.status] - STATUS_RANK[b.result.status];
      if (rank !== 0) return rank;
      return (a.score ?? Number.POSITIVE_INFINITY) - (b.score ?? Number.POSITIVE_INFINITY);
    });
}

/** Every KPI with data against its target, weakest first, with one scorecard chart. */
export function scorecardReply(
  results: readonly KpiResult[],
  period: Period,
  locale: Locale,
  opts: ReplyOptions = {},
): Reply {
  const o = resolveOptions({ ...opts, timeZone: opts.timeZone ?? results[0]?.timezone });
  const periodText = formatPeriod(period, locale, o.timeZone);
  const ranked = rankScorecard(results);
  const header: ReplyBlock = { type: "header", text: t(locale, "reply:scorecard.title", { period: periodText }) };
  // Perception KPIs the anonymity rule withheld: named, so their absence is not read as "no survey ran".
  const withheld = results.filter((r) => r.anonymity?.value).map((r) => r.definition.name[locale]);
  const hiddenBlocks: ReplyBlock[] =
    withheld.length > 0
      ? [
          {
            type: "context",
            text: t(locale, "reply:scorecard.hidden", { min: ANONYMITY_THRESHOLD, kpis: withheld.join(", ") }),
          },
        ]
      : [];
  if (ranked.length === 0) {
    const text = t(locale, "reply:scorecard.empty", { period: periodText });
    return { locale, fallback: text, blocks: [header, { type: "text", text }, ...hiddenBlocks] };
  }
  const withTarget = ranked.filter((s) => s.score !== null && s.result.target !== null);
  const withoutTarget = ranked.filter((s) => !withTarget.includes(s));
  const fmt = (r: KpiResult, v: number) => formatValue(v, r.unit, locale, { currency: o.currency });
  const blocks: ReplyBlock[] = [header, { type: "text", text: t(locale, "reply:scorecard.intro") }];
  if (withTarget.length > 0) {
    blocks.push({
      type: "fields",
      fields: withTarget.map(({ result }) => ({
        label: result.definition.name[locale],
        value: t(locale, "reply:scorecard.line", {
          emoji: STATUS_EMOJI[result.status],
          value: fmt(result, result.value),
          target: targetText(result.definition, result.unit, result.target as number, locale, o),
          status: t(locale, `reply:status.${result.status}`),
        }),
      })),
    });
    const spec: ChartSpec = {
      kind: "scorecard",
      title: t(locale, "reply:chart.scorecardTitle", { period: periodText }),
      unit: "percent",
      categories: withTarget.map((s) => s.result.definition.name[locale]),
      series: [
        {
          name: t(locale, "reply:axis.ofTarget"),
          values: withTarget.map((s) => Math.max(0, Math.min(MAX_SCORE, s.score as number))),
          labels: withTarget.map((s) =>
            t(locale, "reply:scorecard.barLabel", {
              value: fmt(s.result, s.result.value),
              target: fmt(s.result, s.result.target as number),
            }),
          ),
        },
      ],
      target: 100,
      statuses: withTarget.map((s) => s.result.status),
      locale,
      valueAxisLabel: t(locale, "reply:axis.ofTarget"),
      currency: o.currency,
    };
    const points = withTarget
      .map((s) => `${s.result.definition.name[locale]} ${formatPercent(s.score as number, locale)}`)
      .join(", ");
    blocks.push({ type: "chart", spec, altText: t(locale, "reply:chart.scorecardAlt", { points }) });
  }
  if (withoutTarget.length > 0) {
    blocks.push({ type: "text", text: t(locale, "reply:scorecard.noTarget") });
    blocks.push({
      type: "fields",
      fields: withoutTarget.map(({ result }) => ({
        label: result.definition.name[locale],
        value: fmt(result, result.value),
      })),
    });
  }
  blocks.push(...hiddenBlocks);
  const actions = scorecardActions(ranked, locale);
  if (actions.length > 0) blocks.push({ type: "actions", actions });
  blocks.push({ type: "context", text: t(locale, "reply:scorecard.context", { timeZone: o.timeZone }) });
  blocks.push(...dataNoteBlocks(results, locale, o, { previous: false }));
  const weakest = withTarget
    .slice(0, 3)
    .map((s) => `${STATUS_EMOJI[s.result.status]} ${s.result.definition.name[locale]} ${fmt(s.result, s.result.value)}`)
    .join(", ");
  const fallback = t(locale, "reply:scorecard.fallback", {
    period: periodText,
    count: ranked.length,
    weakest: weakest || "—",
  });
  return { locale, fallback, blocks, ...(o.ephemeral ? { ephemeral: true } : {}) };
}

/** Drill into the weakest KPI (by its first dimension, explain it), or step back one period. */
function scorecardActions(ranked: Scored[], locale: Locale): ReplyAction[] {
  const actions: ReplyAction[] = [];
  const weakest = ranked[0];
  if (weakest && (weakest.result.status === "off_target" || weakest.result.status === "watch")) {
    const r = weakest.result;
    const dimension = r.definition.dimensions[0];
    if (dimension) {
      actions.push({
        actionId: ACTION_IDS.breakdown,
        label: t(locale, "reply:action.weakest", {
          kpi: r.definition.name[locale],
          dimension: t(locale, `reply:dimension.${dimension}`),
        }),
        value: kpiCommand(r.kpi, r.period.label, { breakdown: dimension, filters: r.filters }),
        style: "primary",
      });
    }
    actions.push({
      actionId: ACTION_IDS.explain,
      label: t(locale, "reply:action.explainKpi", { kpi: r.kpi }),
      value: explainCommand(r.kpi),
    });
  }
  const first = ranked[0]?.result;
  const previous = first ? previousLabel(first) : undefined;
  if (previous) {
    actions.push({
      actionId: ACTION_IDS.previous,
      label: t(locale, "reply:action.previous"),
      value: scorecardCommand(previous),
    });
  }
  return actions;
}
