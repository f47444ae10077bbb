import type { ScaleOptions } from "chart.js";
import { assertNever, formatPercent } from "../format/index.js";
import { t } from "../i18n/index.js";
import type { ChartSpec } from "../reply/types.js";
import { barConfig } from "./config-bar.js";
import {
  axis,
  commonOptions,
  fmt,
  HIDDEN_AXIS,
  type KpibotChartConfig,
  type KpibotDataset,
  PROJECTION_DASH,
  percentMax,
  targetDataset,
  valueTitle,
} from "./config-common.js";
import { PALETTE, seriesColor } from "./palette.js";

export { chartSize, type KpibotChartConfig, type KpibotDataset } from "./config-common.js";

/** The trend: the KPI as a solid line, the projection dashed to a labelled next point, the target dashed. */
function trendConfig(spec: ChartSpec): KpibotChartConfig {
  const series = spec.series[0] ?? { name: spec.title, values: [] };
  const projection = spec.projection ?? null;
  const labels: (string | string[])[] = [...spec.categories];
  // Two lines ("Nov 2026" / "(projection)") so the axis does not have to tilt its labels.
  if (projection) labels.push([projection.label, t(spec.locale, "reply:chart.projectionTick")]);
  const pad = projection ? [null] : [];
  const values = [...series.values, ...pad];
  const datasets: KpibotDataset[] = [
    {
      type: "line",
      label: series.name,
      data: values,
      valueLabels: [...(series.labels ?? series.values.map((v) => (v === null ? null : fmt(spec, v)))), ...pad],
      borderColor: PALETTE.primary,
      backgroundColor: PALETTE.primaryFill,
      pointBackgroundColor: PALETTE.primary,
      borderWidth: 3,
      pointRadius: 4,
      fill: true,
      tension: 0,
    } as KpibotDataset,
  ];
  if (projection) {
    let last = -1;
    series.values.forEach((v, i) => {
      if (v !== null) last = i;
    });
    const data: (number | null)[] = labels.map(() => null);
    if (last >= 0) data[last] = series.values[last] ?? null;
    data[labels.length - 1] = projection.value;
    const valueLabels: (string | null)[] = labels.map(() => null);
    valueLabels[labels.length - 1] = fmt(spec, projection.value);
    datasets.push({
      type: "line",
      label: t(spec.locale, "reply:chart.projection"),
      data,
      valueLabels,
      spanGaps: true,
      borderColor: PALETTE.projection,
      backgroundColor: PALETTE.background,
      pointBackgroundColor: PALETTE.background,
      pointBorderColor: PALETTE.projection,
      pointBorderWidth: 2,
      borderDash: PROJECTION_DASH,
      borderWidth: 3,
      pointRadius: data.map((_, i) => (i === labels.length - 1 ? 5 : 0)),
      fill: false,
    } as KpibotDataset);
  }
  const numbers = values.filter((v): v is number => v !== null);
  if (spec.target != null) {
    datasets.push(targetDataset(spec, spec.target, false));
    numbers.push(spec.target);
  }
  const max = percentMax(spec, numbers);
  return {
    type: "line",
    data: { labels, datasets },
    options: {
      ...commonOptions(spec),
      scales: {
        // offset: the first and last points sit inside the plot, their labels clear of the axis.
        x: axis(spec.categoryAxisLabel, { offset: true, grid: { display: false } } as Partial<ScaleOptions<"linear">>),
        y: axis(valueTitle(spec), { beginAtZero: false, grace: "15%", ...(max !== undefined ? { max } : {}) }),
        xTarget: HIDDEN_AXIS,
      },
    },
  } as KpibotChartConfig;
}

/** A distribution as a doughnut, each legend entry with its share. */
function doughnutConfig(spec: ChartSpec): KpibotChartConfig {
  const series = spec.series[0] ?? { name: spec.title, values: [] };
  const values = series.values.map((v) => Math.max(0, v ?? 0));
  const total = values.reduce((a, b) => a + b, 0);
  const shares = values.map((v) => (total > 0 ? (v / total) * 100 : 0));
  const percent = shares.map((s) => formatPercent(s, spec.locale));
  const common = commonOptions(spec);
  return {
    type: "doughnut",
    data: {
      labels: spec.categories.map((c, i) => `${c} — ${percent[i]}`),
      datasets: [
        {
          label: series.name,
          data: values,
          // Slices too thin for a label inside keep it only in the legend.
          valueLabels: shares.map((s, i) => (s >= 4 ? (percent[i] ?? null) : null)),
          backgroundColor: values.map((_, i) => seriesColor(i)),
          borderColor: PALETTE.background,
          borderWidth: 2,
        } as KpibotDataset,
      ],
    },
    options: {
      ...common,
      cutout: "50%",
      plugins: { ...common.plugins, legend: { ...common.plugins.legend, position: "right" } },
    },
  } as KpibotChartConfig;
}

/** Turns a chart spec into one Chart.js configuration (JSON data only). */
export function toChartConfig(spec: ChartSpec): KpibotChartConfig {
  switch (spec.kind) {
    case "trend":
      return trendConfig(spec);
    case "bar":
    case "scorecard":
      return barConfig(spec);
    case "doughnut":
      return doughnutConfig(spec);
    default:
      return assertNever(spec.kind);
  }
}
