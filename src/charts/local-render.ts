import { createCanvas } from "@napi-rs/canvas";
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  SubTitle,
  Title,
} from "chart.js";
import type { ChartSpec } from "../reply/types.js";
import { toChartConfig } from "./config.js";
import { CHART_FONT_FAMILY, registerChartFonts } from "./fonts.js";
import { PALETTE } from "./palette.js";
import { backgroundPlugin, valueLabelsPlugin } from "./plugins.js";

let chartJsReady = false;

/** Registers what kpibot's charts use (Chart.js is tree-shaken: nothing is registered by default). */
function setUpChartJs(): void {
  if (chartJsReady) return;
  Chart.register(
    LineController,
    BarController,
    DoughnutController,
    LineElement,
    PointElement,
    BarElement,
    ArcElement,
    CategoryScale,
    LinearScale,
    Filler,
    Legend,
    Title,
    SubTitle,
  );
  if (registerChartFonts()) Chart.defaults.font.family = CHART_FONT_FAMILY;
  Chart.defaults.color = PALETTE.text;
  chartJsReady = true;
}

/** Draws a spec with Chart.js on a canvas of the given size and encodes it as PNG. */
export async function drawPng(spec: ChartSpec, width: number, height: number): Promise<Buffer> {
  setUpChartJs();
  const canvas = createCanvas(width, height);
  const config = toChartConfig(spec);
  // Without a DOM, Chart.js uses its basic platform and draws synchronously (no animation, not responsive).
  const chart = new Chart(
    canvas.getContext("2d") as unknown as CanvasRenderingContext2D,
    {
      ...config,
      options: { ...config.options, devicePixelRatio: 1 },
      plugins: [backgroundPlugin, valueLabelsPlugin],
    } as ChartConfiguration,
  );
  try {
    return await canvas.encode("png");
  } finally {
    chart.destroy();
  }
}
