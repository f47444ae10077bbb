import { describe, expect, it } from "vitest";
import type { ChartSpec } from "../reply/types.js";
import { chartSize, type KpibotChartConfig, type KpibotDataset, toChartConfig } from "./config.js";
import { PALETTE } from "./palette.js";

const NB = "\u00a0";

const trend: ChartSpec = {
  kind: "trend",
  title: "First contact resolution — last 6 periods",
  unit: "percent",
  categories: ["May 2026", "Jun 2026", "Jul 2026", "Aug 2026", "Sept 2026", "Oct 2026"],
  series: [{ name: "First contact resolution", values: [68, 69.5, 70.2, 71, 72.1, 74.2] }],
  target: 70,
  projection: { label: "Nov 2026", value: 75.3 },
  locale: "en",
  categoryAxisLabel: "period",
};

/** The parts of the options these tests read. */
interface Options {
  locale: string;
  indexAxis?: string;
  plugins: { title: { text: string } };
  scales: Record<string, { max?: number; title: { text: string } }>;
}

function opts(config: KpibotChartConfig): Options {
  return config.options as unknown as Options;
}

function byLabel(datasets: KpibotDataset[], label: string): KpibotDataset {
  const found = datasets.find((d) => d.label === label);
  if (!found) throw new Error(`no dataset ${label} in ${datasets.map((d) => d.label).join(", ")}`);
  return found;
}

describe("trend charts", () => {
  const config = toChartConfig(trend);
  const datasets = config.data.datasets;

  it("draws the target as a dashed line across the whole plot", () => {
    const target = byLabel(datasets, `Target (70${NB}%)`);
    expect(target.type).toBe("line");
    expect((target as { borderDash?: number[] }).borderDash?.length).toBeGreaterThan(0);
    expect(target.data).toEqual([
      { x: 0, y: 70 },
      { x: 1, y: 70 },
    ]);
    expect((target as { xAxisID?: string }).xAxisID).toBe("xTarget");
  });

  it("draws the projection dashed from the last value to a labelled next point", () => {
    expect(config.data.labels.at(-1)).toEqual(["Nov 2026", "(projection)"]);
    const projection = byLabel(datasets, "Projection");
    expect((projection as { borderDash?: number[] }).borderDash?.length).toBeGreaterThan(0);
    expect(projection.data).toEqual([null, null, null, null, null, 74.2, 75.3]);
    const actual = byLabel(datasets, "First contact resolution");
    expect(actual.data).toEqual([68, 69.5, 70.2, 71, 72.1, 74.2, null]);
    expect((actual as { borderDash?: number[] }).borderDash).toBeUndefined();
  });

  it("titles the chart and its axes, formats numbers for the locale and stops percent axes at 100", () => {
    const options = opts(config);
    expect(options.plugins.title.text).toBe(trend.title);
    expect(options.scales.x?.title.text).toBe("period");
    expect(options.scales.y?.title.text).toBe("%");
    expect(options.locale).toBe("en-GB");
    expect(options.scales.y?.max).toBeUndefined(); // highest number 75.3: the axis need not reach 100
    const high = toChartConfig({
      ...trend,
      series: [{ name: "x", values: [92, 97] }],
      categories: ["a", "b"],
      projection: null,
    });
    expect(opts(high).scales.y?.max).toBe(100);
  });

  it("speaks French", () => {
    const fr = toChartConfig({ ...trend, locale: "fr" });
    expect(fr.data.datasets.map((d) => d.label)).toContain(`Objectif (70${NB}%)`);
    expect(opts(fr).locale).toBe("fr-FR");
  });

  it("is plain JSON data (QuickChart receives exactly what the local renderer draws)", () => {
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });
});

describe("breakdown bars", () => {
  const spec: ChartSpec = {
    kind: "bar",
    title: "FCR by group",
    unit: "percent",
    categories: ["N2", "N1", "Desk"],
    series: [{ name: "FCR", values: [55, 81.2, 66.4] }],
    target: 70,
    statuses: ["off_target", "on_target", "watch"],
    locale: "en",
  };
  const config = toChartConfig(spec);

  it("sorts the bars highest first", () => {
    expect(config.data.labels).toEqual(["N1", "Desk", "N2"]);
  });

  it("colours bars by status, one legend entry per status", () => {
    const on = byLabel(config.data.datasets, "On target");
    expect(on.data).toEqual([81.2, null, null]);
    expect(on.backgroundColor).toBe(PALETTE.status.on_target);
    expect(byLabel(config.data.datasets, "Watch").data).toEqual([null, 66.4, null]);
    expect(byLabel(config.data.datasets, "Off target").backgroundColor).toBe(PALETTE.status.off_target);
    expect(byLabel(config.data.datasets, "Off target").valueLabels).toEqual([null, null, `55${NB}%`]);
  });

  it("adds the dashed target line", () => {
    const target = byLabel(config.data.datasets, `Target (70${NB}%)`);
    expect((target as { borderDash?: number[] }).borderDash?.length).toBeGreaterThan(0);
  });

  it("lays long names out horizontally, taller with each bar", () => {
    const many = {
      ...spec,
      categories: Array.from({ length: 12 }, (_, i) => `Group ${i}`),
      series: [{ name: "FCR", values: Array.from({ length: 12 }, (_, i) => i) }],
      statuses: undefined,
    };
    const horizontal = toChartConfig(many);
    expect(opts(horizontal).indexAxis).toBe("y");
    expect(chartSize(many)).toEqual({ width: 800, height: 130 + 34 * 12 });
    expect(chartSize(spec)).toEqual({ width: 800, height: 400 });
  });
});

describe("doughnuts and scorecards", () => {
  it("labels each slice with its share", () => {
    const config = toChartConfig({
      kind: "doughnut",
      title: "Channel mix",
      unit: "percent",
      categories: ["portal", "email", "phone"],
      series: [{ name: "Channel mix", values: [50, 30, 20] }],
      locale: "fr",
    });
    expect(config.data.labels).toEqual([`portal — 50${NB}%`, `email — 30${NB}%`, `phone — 20${NB}%`]);
    expect(config.data.datasets[0]?.backgroundColor).toEqual(PALETTE.series.slice(0, 3));
  });

  it("draws a scorecard as horizontal bars against a vertical 100 % line, keeping the weakest first", () => {
    const config = toChartConfig({
      kind: "scorecard",
      title: "Scorecard",
      unit: "percent",
      categories: ["MTTR", "FCR"],
      series: [{ name: "% of target", values: [78.7, 106] }],
      target: 100,
      statuses: ["off_target", "on_target"],
      locale: "en",
      valueAxisLabel: "% of target",
    });
    const options = opts(config);
    expect(options.indexAxis).toBe("y");
    expect(config.data.labels).toEqual(["MTTR", "FCR"]);
    expect(options.scales.x?.title.text).toBe("% of target");
    const target = byLabel(config.data.datasets, `Target (100${NB}%)`);
    expect(target.data).toEqual([
      { x: 100, y: 0 },
      { x: 100, y: 1 },
    ]);
  });
});
