import { formatChangeBetween, formatPercent, formatPeriod, formatSignedValue, formatValue } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import type { KpiResult, Period } from "../kpi/types.js";
import { STATUS_EMOJI } from "../reply/commands.js";
import { comparisonNote, isCut } from "../reply/comparison-text.js";
import { dataNoteBlocks, notComparableText } from "../reply/data-notes.js";
import { hiddenText, targetText } from "../reply/kpi-parts.js";
import { userText } from "../reply/markup.js";
import { rankScorecard, scorecardReply } from "../reply/scorecard-reply.js";
import type { Reply, ReplyBlock } from "../reply/types.js";

/** What the digest message is made of. */
export interface DigestView {
  results: readonly KpiResult[];
  period: Period;
  locale: Locale;
  /** The schedule's time zone: periods are shown in it and the footer names it. */
  timeZone: string;
  currency: string;
  /** The footer: "Digest #3 · every day at 08:00", or a preview note. */
  footer: string;
}

/** Weakest first: KPIs with a value ranked like the scorecard (status, then % of target), then the rest as asked. */
export function orderDigest(results: readonly KpiResult[]): KpiResult[] {
  const ranked = rankScorecard(results).map((s) => s.result as KpiResult);
  return [...ranked, ...results.filter((r) => !ranked.includes(r))];
}

/** Whether a result has anything to show (a value, or distribution slices). */
export function hasValue(result: KpiResult): boolean {
  return result.value !== null || (result.distribution?.length ?? 0) > 0;
}

function fmt(r: KpiResult, v: number, locale: Locale, currency: string): string {
  return formatValue(v, r.unit, locale, { currency });
}

/** One line: emoji, KPI, value, change against the previous period, status against the target. */
export function kpiLine(r: KpiResult, view: Pick<DigestView, "locale" | "currency" | "timeZone">): string {
  const { locale, currency } = view;
  const name = r.definition.name[locale];
  const withheld = r.anonymity?.value;
  if (withheld) return t(locale, "digests:digest.hidden", { kpi: name, hidden: hiddenText(withheld, locale) });
  if (r.value === null) {
    const slices = [...(r.distribution ?? [])].sort((a, b) => b.share - a.share).slice(0, 3);
    if (slices.length === 0) return t(locale, "digests:digest.noData", { emoji: STATUS_EMOJI.no_data, kpi: name });
    // Slice keys come from the data (a ticketing tool's names): text, never markup.
    const text = slices.map((s) => `${userText(s.key)} ${formatPercent(s.share, locale)}`).join(", ");
    return t(locale, "digests:digest.distribution", { emoji: STATUS_EMOJI.no_target, kpi: name, slices: text });
  }
  const notComparable = notComparableText(r, locale, view);
  const change =
    r.change !== null && r.previous.value !== null
      ? t(locale, "digests:digest.change", {
          change: formatChangeBetween(r.value, r.previous.value, r.unit, locale),
          previous: fmt(r, r.previous.value, locale, currency),
        })
      : notComparable !== null
        ? ` (${notComparable})`
        : "";
  const status =
    r.target === null
      ? t(locale, "digests:digest.noTarget")
      : t(locale, "digests:digest.statusTarget", {
          status: t(locale, `reply:status.${r.status}`),
          target: targetText(r.definition, r.unit, r.target, locale, { currency }),
        });
  return t(locale, "digests:digest.line", {
    emoji: STATUS_EMOJI[r.status],
    kpi: name,
    value: fmt(r, r.value, locale, currency),
    change,
    status,
  });
}

/** "What moved": the breakdown value that moved the KPI most since the previous period, when there is one. */
export function movedLine(r: KpiResult, locale: Locale, currency: string): string | null {
  const mover = r.breakdown?.movers.find((m) => m.impact !== null && m.impact !== 0);
  if (!r.breakdown || !mover || mover.impact === null) return null;
  const dash = "—";
  return t(locale, "digests:digest.moved", {
    dimension: t(locale, `reply:dimension.${r.breakdown.dimension}`),
    key: userText(mover.key),
    previous: mover.previous === null ? dash : fmt(r, mover.previous, locale, currency),
    value: mover.value === null ? dash : fmt(r, mover.value, locale, currency),
    impact: formatSignedValue(mover.impact, r.unit, locale, { currency }),
  });
}

/**
 * The digest: a header with the period, one line per KPI (weakest first; a "what moved" line under
 * those off target or to watch), one composite scorecard chart, and the footer with the time zone.
 */
export function digestReply(view: DigestView): Reply {
  const { locale, currency, timeZone } = view;
  const periodText = formatPeriod(view.period, locale, timeZone);
  const title = t(locale, "digests:digest.title", { period: periodText });
  const blocks: ReplyBlock[] = [{ type: "header", text: title }];
  const ordered = orderDigest(view.results);
  const lines: string[] = [];
  if (!ordered.some(hasValue)) {
    blocks.push({ type: "text", text: t(locale, "digests:digest.allEmpty", { period: periodText }) });
  }
  for (const r of ordered) {
    const line = kpiLine(r, view);
    const weak = r.status === "off_target" || r.status === "watch";
    const moved = weak ? movedLine(r, locale, currency) : null;
    lines.push(line);
    blocks.push({ type: "text", text: moved ? `${line}\n${moved}` : line });
  }
  // The composite chart is the scorecard's: every KPI with a value and a target as % of its target.
  const chart = scorecardReply(view.results, view.period, locale, { timeZone, currency }).blocks.find(
    (b) => b.type === "chart",
  );
  if (chart) blocks.push(chart);
  // An unfinished period (a digest of `this month`): say once which spans every change compares.
  const cut = view.results.find((r) => isCut(r) && r.value !== null);
  const note = cut ? comparisonNote(cut, locale, { timeZone, currency }) : null;
  if (note) blocks.push({ type: "context", text: note });
  // What the figures are based on, once for the digest: partial spans, and how fresh each source is.
  blocks.push(...dataNoteBlocks(view.results, locale, { timeZone }));
  blocks.push({ type: "context", text: view.footer });
  const fallback = t(locale, "digests:digest.fallback", { title, lines: lines.join(" · ") });
  return { locale, blocks, fallback };
}
