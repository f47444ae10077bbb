import { nextTurn } from "../core/turns.js";
import { KpibotError } from "../errors.js";
import type { ChartSpec } from "../reply/types.js";
import { chartSize } from "./config.js";
import type { ChartImage, ChartImager } from "./imager.js";

/** Options of the local renderer. */
export interface LocalChartImagerOptions {
  /** Fixed size in pixels; by default 800×400, taller for long horizontal bar charts. */
  width?: number;
  height?: number;
}

/** Renders charts to PNG in-process (Chart.js on @napi-rs/canvas): no data leaves the machine. */
export class LocalChartImager implements ChartImager {
  readonly name = "local" as const;

  constructor(private readonly opts: LocalChartImagerOptions = {}) {}

  /** Loads Chart.js and the canvas and draws one small chart, so the first answer does not pay for it. */
  async warm(): Promise<void> {
    const { drawPng } = await import("./local-render.js");
    for (const locale of ["en", "fr"] as const) {
      await drawPng(
        {
          kind: "trend",
          title: "warm-up",
          unit: "percent",
          categories: ["a", "b"],
          series: [{ name: "s", values: [1, 2] }],
          locale,
        },
        200,
        100,
      );
    }
  }

  /** Draws the spec and encodes it as PNG. */
  async render(spec: ChartSpec): Promise<ChartImage> {
    const size = chartSize(spec);
    const width = this.opts.width ?? size.width;
    const height = this.opts.height ?? size.height;
    try {
      // Loaded on first use: Chart.js and the native canvas cost ~0.3 s that commands without charts should not pay.
      const { drawPng } = await import("./local-render.js");
      // Drawing holds the thread for tens of milliseconds: in turn with the other answers' CPU steps.
      await nextTurn();
      const bytes = await drawPng(spec, width, height);
      return { kind: "png", bytes, width, height };
    } catch (err) {
      throw new KpibotError("PLATFORM_ERROR", `could not draw the ${spec.kind} chart "${spec.title}"`, { cause: err });
    }
  }
}
