import { formatPercent, formatPeriod, formatPeriodShort, formatValue } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import type { BreakdownRow, DistributionRow, KpiResult } from "../kpi/types.js";
import { isCut } from "./comparison-text.js";
import type { ResolvedOptions } from "./options.js";
import type { ChartSpec, ReplyBlock } from "./types.js";

type ChartBlock = Extract<ReplyBlock, { type: "chart" }>;

/** "a: 1, b: 2" for alt texts. */
function pointsText(categories: string[], labels: (string | null)[]): string {
  return categories.map((c, i) => `${c}: ${labels[i] ?? "—"}`).join(", ");
}

/** Breakdown rows with a value, highest first (the order of the bar chart and the text). */
export function sortedRows(rows: readonly BreakdownRow[]): (BreakdownRow & { value: number })[] {
  return rows
    .filter((r): r is BreakdownRow & { value: number } => r.value !== null)
    .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
}

/** A distribution as shares in percent (computed from the values, so the engine's share scale does not matter). */
export function distributionShares(rows: readonly DistributionRow[]): { row: DistributionRow; share: number }[] {
  const total = rows.reduce((sum, r) => sum + Math.max(0, r.value), 0);
  return rows
    .map((row) => ({ row, share: total > 0 ? (Math.max(0, row.value) / total) * 100 : 0 }))
    .sort((a, b) => b.share - a.share || a.row.key.localeCompare(b.row.key));
}

/** The trend line of the last periods, with the target and the projection. */
export function trendChart(result: KpiResult, locale: Locale, o: ResolvedOptions, subtitle?: string): ChartBlock {
  const name = result.definition.name[locale];
  const grain = result.period.grain;
  // An unfinished period's point covers its elapsed part only: its tick says so.
  const toDate = isCut(result);
  const categories = result.series.map((p, i) => {
    const short = formatPeriodShort({ ...p, grain }, locale, o.timeZone);
    const label =
      toDate && i === result.series.length - 1 ? t(locale, "reply:chart.toDateTick", { label: short }) : short;
    // A period the data covers only in part says so on its tick (docs/numbers.md, "Data coverage").
    return p.coverage === "partial" ? t(locale, "numbers:coverage.partialTick", { label }) : label;
  });
  const fmt = (v: number | null) => (v === null ? null : formatValue(v, result.unit, locale, { currency: o.currency }));
  const labels = result.series.map((p) => fmt(p.value));
  // A period the data does not reach is a gap in the line, and "no data" in the alt text, never a figure.
  const altLabels = result.series.map((p, i) =>
    p.coverage === "none" ? t(locale, "numbers:coverage.gap") : (labels[i] ?? null),
  );
  const projection = result.projection?.value != null ? result.projection : null;
  const spec: ChartSpec = {
    kind: "trend",
    title: t(locale, "reply:chart.trendTitle", { kpi: name, count: result.series.length }),
    unit: result.unit,
    categories,
    series: [{ name, values: result.series.map((p) => p.value), labels }],
    target: result.target,
    projection: projection
      ? { label: formatPeriodShort({ ...projection, grain }, locale, o.timeZone), value: projection.value as number }
      : null,
    locale,
    categoryAxisLabel: t(locale, "reply:axis.period"),
    currency: o.currency,
    ...(subtitle ? { subtitle } : {}),
  };
  let alt = t(locale, "reply:chart.trendAlt", {
    kpi: name,
    count: categories.length,
    points: pointsText(categories, altLabels),
  });
  if (result.target !== null) alt += t(locale, "reply:chart.withTarget", { target: fmt(result.target) });
  if (spec.projection)
    alt += t(locale, "reply:chart.withProjection", { label: spec.projection.label, value: fmt(spec.projection.value) });
  return { type: "chart", spec, altText: alt };
}

/** The breakdown as bars sorted highest first, coloured by status, with the target line. */
export function breakdownChart(
  result: KpiResult,
  locale: Locale,
  o: ResolvedOptions,
  subtitle?: string,
): ChartBlock | null {
  const breakdown = result.breakdown;
  if (!breakdown) return null;
  const rows = sortedRows(breakdown.rows).slice(0, o.maxRows);
  if (rows.length === 0) return null;
  const name = result.definition.name[locale];
  const dimension = t(locale, `reply:dimension.${breakdown.dimension}`);
  const categories = rows.map((r) => r.key);
  const labels = rows.map((r) => formatValue(r.value, result.unit, locale, { currency: o.currency }));
  const spec: ChartSpec = {
    kind: "bar",
    title: t(locale, "reply:chart.breakdownTitle", {
      kpi: name,
      dimension,
      period: formatPeriod(result.period, locale, o.timeZone),
    }),
    unit: result.unit,
    categories,
    series: [{ name, values: rows.map((r) => r.value), labels }],
    target: result.target,
    statuses: rows.map((r) => r.status),
    locale,
    categoryAxisLabel: dimension,
    currency: o.currency,
    ...(subtitle ? { subtitle } : {}),
  };
  let alt = t(locale, "reply:chart.breakdownAlt", { kpi: name, dimension, points: pointsText(categories, labels) });
  if (result.target !== null) {
    alt += t(locale, "reply:chart.withTarget", {
      target: formatValue(result.target, result.unit, locale, { currency: o.currency }),
    });
  }
  return { type: "chart", spec, altText: alt };
}

/** A distribution KPI as a doughnut of shares (the largest slices; the rest folded into one). */
export function distributionChart(
  result: KpiResult,
  locale: Locale,
  o: ResolvedOptions,
  subtitle?: string,
): ChartBlock | null {
  const shares = distributionShares(result.distribution ?? []);
  if (shares.length === 0) return null;
  const name = result.definition.name[locale];
  const shown = shares.slice(0, o.maxRows);
  const rest = shares.slice(o.maxRows).reduce((sum, s) => sum + s.share, 0);
  const categories = shown.map((s) => s.row.key);
  const values = shown.map((s) => s.share);
  if (rest > 0) {
    categories.push("…");
    values.push(rest);
  }
  const labels = values.map((v) => formatPercent(v, locale));
  const spec: ChartSpec = {
    kind: "doughnut",
    title: t(locale, "reply:chart.distributionTitle", {
      kpi: name,
      period: formatPeriod(result.period, locale, o.timeZone),
    }),
    unit: "percent",
    categories,
    series: [{ name, values, labels }],
    locale,
    currency: o.currency,
    ...(subtitle ? { subtitle } : {}),
  };
  return {
    type: "chart",
    spec,
    altText: t(locale, "reply:chart.distributionAlt", { kpi: name, points: pointsText(categories, labels) }),
  };
}
