import type { Chart, Plugin } from "chart.js";
import type { KpibotDataset } from "./config.js";
import { CHART_FONT_FAMILY } from "./fonts.js";
import { PALETTE } from "./palette.js";

/** Paints the background white: PNGs are transparent by default and unreadable on dark chat themes. */
export const backgroundPlugin: Plugin = {
  id: "kpibotBackground",
  beforeDraw(chart: Chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = PALETTE.background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

interface Positioned {
  x: number;
  y: number;
  base?: number;
  tooltipPosition?: (useFinal: boolean) => { x: number | null; y: number | null };
}

/**
 * Writes each dataset's `valueLabels` by its bar, point or slice, so the image reads
 * without tooltips. (QuickChart ignores the property; its images show the axes only.)
 */
export const valueLabelsPlugin: Plugin = {
  id: "kpibotValueLabels",
  afterDatasetsDraw(chart: Chart) {
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === "y";
    ctx.save();
    chart.data.datasets.forEach((raw, i) => {
      const dataset = raw as KpibotDataset;
      const labels = dataset.valueLabels;
      if (!labels || !chart.isDatasetVisible(i)) return;
      const meta = chart.getDatasetMeta(i);
      meta.data.forEach((element, j) => {
        const label = labels[j];
        if (!label) return;
        const el = element as unknown as Positioned;
        if (meta.type === "doughnut" || meta.type === "pie") {
          const pos = el.tooltipPosition?.(true);
          if (!pos || pos.x === null || pos.y === null) return;
          drawText(ctx, label, pos.x, pos.y, { align: "center", baseline: "middle", color: "#ffffff", bold: true });
        } else if (meta.type === "bar" && horizontal) {
          ctx.font = `bold 12px "${CHART_FONT_FAMILY}"`;
          const width = ctx.measureText(label).width;
          // Inside the bar's end when it fits (nothing crosses it there), else just past the end.
          const inside = Math.abs(el.x - (el.base ?? el.x)) > width + 16 || el.x + 6 + width > chart.width - 4;
          drawText(ctx, label, inside ? el.x - 6 : el.x + 6, el.y, {
            align: inside ? "right" : "left",
            baseline: "middle",
            color: inside ? "#ffffff" : PALETTE.text,
            bold: inside,
          });
        } else if (meta.type === "bar") {
          drawText(ctx, label, el.x, el.y - 4, {
            align: "center",
            baseline: "bottom",
            color: PALETTE.text,
            plate: true,
          });
        } else {
          const above = isPeak(meta.data as unknown as Positioned[], j);
          drawText(ctx, label, el.x, above ? el.y - 9 : el.y + 9, {
            align: "center",
            baseline: above ? "bottom" : "top",
            color: PALETTE.text,
          });
        }
      });
    });
    ctx.restore();
  },
};

/**
 * Whether a line point sits at or above the mean of its drawn neighbours: its label then goes
 * above it, otherwise below, so labels stay off the segments leaving the point.
 */
function isPeak(points: Positioned[], j: number): boolean {
  const y = points[j]?.y ?? 0;
  const near = [points[j - 1], points[j + 1]]
    .map((p) => p?.y)
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (near.length === 0) return true;
  // Canvas y grows downwards: a smaller y is higher on the chart.
  return y <= near.reduce((a, b) => a + b, 0) / near.length;
}

/** Draws one label: on a white plate above bars (lines never run through it), with a white halo by line points. */
function drawText(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  style: { align: CanvasTextAlign; baseline: CanvasTextBaseline; color: string; bold?: boolean; plate?: boolean },
): void {
  ctx.font = `${style.bold ? "bold " : ""}12px "${CHART_FONT_FAMILY}"`;
  ctx.textAlign = style.align;
  ctx.textBaseline = style.baseline;
  if (style.plate) {
    const width = ctx.measureText(text).width;
    const height = 14;
    const left = style.align === "center" ? x - width / 2 : style.align === "right" ? x - width : x;
    const top = style.baseline === "bottom" ? y - height : style.baseline === "middle" ? y - height / 2 : y;
    ctx.fillStyle = "rgba(255, 255, 255, 0.9)";
    ctx.fillRect(left - 3, top - 1, width + 6, height + 2);
  } else if (style.color !== "#ffffff") {
    ctx.lineWidth = 4;
    ctx.strokeStyle = PALETTE.background;
    ctx.lineJoin = "round";
    ctx.strokeText(text, x, y);
  }
  ctx.fillStyle = style.color;
  ctx.fillText(text, x, y);
}
