import type { ChartSpec } from "../reply/types.js";

/** A rendered chart: PNG bytes to upload or serve, or a URL an image service renders. */
export type ChartImage = { kind: "png"; bytes: Buffer; width: number; height: number } | { kind: "url"; url: string };

/** The port that turns a chart spec into an image (local PNG by default; QuickChart when an admin chooses it). */
export interface ChartImager {
  /** Which implementation this is ("local" or "quickchart"), for logs and docs. */
  readonly name: "local" | "quickchart";
  /** Renders the spec; rejects with a KpibotError when the image cannot be produced. */
  render(spec: ChartSpec): Promise<ChartImage>;
  /**
   * Loads what the first picture needs (the local renderer: Chart.js, the native canvas and its fonts, ~0.3 s of
   * synchronous work), so that the first burst of answers after a start does not pay it on the event loop.
   */
  warm?(): Promise<void>;
}
