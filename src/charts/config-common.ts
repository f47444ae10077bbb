import type { ChartConfiguration, ChartDataset, ScaleOptions } from "chart.js";
import { formatValue, unitAxisLabel } from "../format/index.js";
import { intlTag, t } from "../i18n/index.js";
import type { ChartSpec } from "../reply/types.js";
import { DEFAULT_SIZE, PALETTE } from "./palette.js";

/** A dataset with the labels kpibot writes by each value (read by the local value-label plugin; ignored elsewhere). */
export type KpibotDataset = ChartDataset & { valueLabels?: (string | null)[] };

/** A Chart.js configuration as plain JSON data (no functions), so QuickChart and the local renderer draw the same. */
export type KpibotChartConfig = ChartConfiguration & {
  data: { labels: (string | string[])[]; datasets: KpibotDataset[] };
};

export const TARGET_DASH = [8, 6];
export const PROJECTION_DASH = [5, 5];
/** Bars beyond this many categories, or with long names, lie horizontally so names stay readable. */
const HORIZONTAL = { categories: 8, labelLength: 16 } as const;
/** A 0..1 axis, not drawn, across the plot: the target line's two points sit at its ends so the line spans the whole plot. */
export const HIDDEN_AXIS = { type: "linear", display: false, min: 0, max: 1, offset: false } as const;

/** The image size that keeps a chart readable: horizontal bars get taller with each category. */
export function chartSize(spec: ChartSpec): { width: number; height: number } {
  if (isHorizontal(spec)) {
    return { width: DEFAULT_SIZE.width, height: Math.max(DEFAULT_SIZE.height, 130 + 34 * spec.categories.length) };
  }
  return { ...DEFAULT_SIZE };
}

/** Scorecards always, breakdown bars when there are many or long category names. */
export function isHorizontal(spec: ChartSpec): boolean {
  if (spec.kind === "scorecard") return true;
  if (spec.kind !== "bar") return false;
  return (
    spec.categories.length > HORIZONTAL.categories || spec.categories.some((c) => c.length > HORIZONTAL.labelLength)
  );
}

/** Bar-like kinds. */
export function isBarKind(spec: ChartSpec): boolean {
  return spec.kind === "bar" || spec.kind === "scorecard";
}

/** Formats a value in the chart's unit. */
export function fmt(spec: ChartSpec, value: number): string {
  return formatValue(value, spec.unit, spec.locale, { currency: spec.currency });
}

/** Title, subtitle, legend and fonts shared by every kind. */
export function commonOptions(spec: ChartSpec) {
  return {
    responsive: false,
    animation: false as const,
    locale: intlTag(spec.locale),
    layout: { padding: { top: 8, right: 24, bottom: 8, left: 12 } },
    plugins: {
      // Room under the (sub)title for the value labels written above the highest points.
      title: {
        display: true,
        text: spec.title,
        color: PALETTE.text,
        font: { size: 18, weight: "bold" as const },
        padding: { top: 4, bottom: spec.subtitle ? 4 : 16 },
      },
      subtitle: {
        display: Boolean(spec.subtitle),
        text: spec.subtitle ?? "",
        color: PALETTE.muted,
        font: { size: 13 },
        padding: { bottom: 16 },
      },
      legend: { position: "bottom" as const, labels: { color: PALETTE.text, boxWidth: 28, font: { size: 12 } } },
      tooltip: { enabled: false },
    },
  };
}

/** An axis with a title, light grid lines and the locale's number format. */
export function axis(title: string | undefined, extra: Partial<ScaleOptions<"linear">> = {}): Record<string, unknown> {
  return {
    title: { display: Boolean(title), text: title ?? "", color: PALETTE.muted, font: { size: 13 } },
    grid: { color: PALETTE.grid },
    ticks: { color: PALETTE.text, font: { size: 12 } },
    ...extra,
  };
}

/** The value axis title: the spec's, or the unit's. */
export function valueTitle(spec: ChartSpec): string {
  return spec.valueAxisLabel ?? unitAxisLabel(spec.unit, spec.locale, spec.currency);
}

/** Percent axes stop at 100 when every number is near or below it, so 98 % does not look like 80 %. */
export function percentMax(spec: ChartSpec, values: number[]): number | undefined {
  if (spec.unit !== "percent" || spec.kind === "scorecard") return undefined;
  const top = Math.max(...values);
  return top <= 100 && top >= 90 ? 100 : undefined;
}

/** The target as a dashed line dataset spanning the whole plot (on a hidden 0..1 axis across the categories). */
export function targetDataset(spec: ChartSpec, target: number, horizontal: boolean): KpibotDataset {
  const label = t(spec.locale, "reply:chart.target", { value: fmt(spec, target) });
  return {
    type: "line",
    label,
    data: horizontal
      ? [
          { x: target, y: 0 },
          { x: target, y: 1 },
        ]
      : [
          { x: 0, y: target },
          { x: 1, y: target },
        ],
    ...(horizontal ? { yAxisID: "yTarget", indexAxis: "y" } : { xAxisID: "xTarget" }),
    borderColor: PALETTE.target,
    // Transparent so the legend shows a dashed outline, like the line itself.
    backgroundColor: "rgba(0, 0, 0, 0)",
    borderDash: TARGET_DASH,
    borderWidth: 2,
    pointRadius: 0,
    fill: false,
    // Over a trend's area fill; behind bars, so it never crosses their value labels.
    order: horizontal || isBarKind(spec) ? 1 : -1,
  } as KpibotDataset;
}

/** "on target" → "On target". */
export function capitalised(text: string, locale: string): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
