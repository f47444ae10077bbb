import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { ChartImager } from "./imager.js";
import { LocalChartImager } from "./local-imager.js";
import { QuickChartImager } from "./quickchart-imager.js";

export { chartSize, type KpibotChartConfig, type KpibotDataset, toChartConfig } from "./config.js";
export type { ChartImage, ChartImager } from "./imager.js";
export { LocalChartImager, type LocalChartImagerOptions } from "./local-imager.js";
export { PALETTE } from "./palette.js";
export { DEFAULT_QUICKCHART_URL, QuickChartImager, type QuickChartImagerOptions } from "./quickchart-imager.js";

/** The imager KPIBOT_CHARTS selects: local PNGs (default: no data leaves the network) or QuickChart URLs. */
export function createChartImager(
  config: Pick<Config, "KPIBOT_CHARTS" | "QUICKCHART_URL">,
  logger?: Logger,
): ChartImager {
  if (config.KPIBOT_CHARTS === "quickchart") {
    return new QuickChartImager({
      ...(config.QUICKCHART_URL ? { url: config.QUICKCHART_URL } : {}),
      ...(logger ? { logger } : {}),
    });
  }
  return new LocalChartImager();
}
