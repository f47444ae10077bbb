import type { ScaleOptions } from "chart.js";
import { t } from "../i18n/index.js";
import type { KpiStatus } from "../kpi/types.js";
import type { ChartSpec } from "../reply/types.js";
import {
  axis,
  capitalised,
  commonOptions,
  fmt,
  HIDDEN_AXIS,
  isHorizontal,
  type KpibotChartConfig,
  type KpibotDataset,
  percentMax,
  targetDataset,
  valueTitle,
} from "./config-common.js";
import { PALETTE } from "./palette.js";

/** Statuses in legend order. */
const STATUS_ORDER: readonly KpiStatus[] = ["on_target", "watch", "off_target", "no_target", "no_data"];

/** A breakdown spec with its bars sorted highest first (empty values last); scorecards keep their weakest-first order. */
function sortedBars(spec: ChartSpec): ChartSpec {
  const series = spec.series[0];
  if (spec.kind !== "bar" || !series) return spec;
  const order = spec.categories
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (series.values[b] ?? Number.NEGATIVE_INFINITY) - (series.values[a] ?? Number.NEGATIVE_INFINITY) || a - b,
    );
  const pick = <T>(list: readonly T[] | undefined) => list && order.map((i) => list[i] as T);
  return {
    ...spec,
    categories: pick(spec.categories) ?? [],
    series: [
      { ...series, values: pick(series.values) ?? [], ...(series.labels ? { labels: pick(series.labels) } : {}) },
    ],
    ...(spec.statuses ? { statuses: pick(spec.statuses) } : {}),
  };
}

/** Bars (breakdown, scorecard): one dataset per status drawn in place (grouped: false) so the legend explains the colours. */
export function barConfig(unsorted: ChartSpec): KpibotChartConfig {
  const spec = sortedBars(unsorted);
  const series = spec.series[0] ?? { name: spec.title, values: [] };
  const horizontal = isHorizontal(spec);
  const statuses: KpiStatus[] = spec.categories.map((_, i) => spec.statuses?.[i] ?? "no_target");
  const labels = series.labels ?? series.values.map((v) => (v === null ? null : fmt(spec, v)));
  const datasets: KpibotDataset[] = STATUS_ORDER.filter((s) => statuses.includes(s)).map(
    (status) =>
      ({
        type: "bar",
        label:
          status === "no_target" && !spec.statuses
            ? series.name
            : capitalised(t(spec.locale, `reply:status.${status}`), spec.locale),
        data: series.values.map((v, i) => (statuses[i] === status ? v : null)),
        valueLabels: labels.map((l, i) => (statuses[i] === status ? l : null)),
        backgroundColor: spec.statuses ? PALETTE.status[status] : PALETTE.primary,
        borderRadius: 3,
        maxBarThickness: 56,
        grouped: false,
        skipNull: true,
      }) as KpibotDataset,
  );
  const numbers = series.values.filter((v): v is number => v !== null);
  if (spec.target != null) {
    datasets.push(targetDataset(spec, spec.target, horizontal));
    numbers.push(spec.target);
  }
  const valueAxis = axis(valueTitle(spec), {
    beginAtZero: true,
    grace: "12%",
    ...(spec.kind === "scorecard" ? { max: 150, ticks: { stepSize: 25, color: PALETTE.text } } : {}),
    ...(percentMax(spec, numbers) !== undefined ? { max: 100 } : {}),
  });
  const categoryAxis = axis(spec.categoryAxisLabel, { grid: { display: false } } as Partial<ScaleOptions<"linear">>);
  return {
    type: "bar",
    data: { labels: [...spec.categories], datasets },
    options: {
      ...commonOptions(spec),
      indexAxis: horizontal ? "y" : "x",
      scales: horizontal
        ? { x: valueAxis, y: categoryAxis, yTarget: HIDDEN_AXIS }
        : { x: categoryAxis, y: valueAxis, xTarget: HIDDEN_AXIS },
    },
  } as KpibotChartConfig;
}
