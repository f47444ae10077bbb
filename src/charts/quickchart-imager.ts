import type QuickChartModule from "quickchart-js";
import { KpibotError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ChartSpec } from "../reply/types.js";
import { chartSize, toChartConfig } from "./config.js";
import type { ChartImage, ChartImager } from "./imager.js";
import { PALETTE } from "./palette.js";

// quickchart-js ships CommonJS-style typings for an ESM build: at run time the default export is the
// class itself, while the typings see it one level down.
type QuickChart = InstanceType<typeof QuickChartModule.default>;
type QuickChartClass = typeof QuickChartModule.default;

/** The hosted service, used when QUICKCHART_URL is not set. */
export const DEFAULT_QUICKCHART_URL = "https://quickchart.io";

/** Limits of the QuickChart path. */
const QUICKCHART_LIMITS = {
  /** Longer GET URLs are refused by some chat clients (Slack image blocks accept at most 3000 characters). */
  maxGetUrlLength: 2000,
  /** A short-URL request waits this long at most. */
  timeoutMs: 10_000,
} as const;

/** Options of the QuickChart renderer. */
export interface QuickChartImagerOptions {
  /** Base URL of the QuickChart server (QUICKCHART_URL), e.g. https://quickchart.internal:3400. */
  url?: string;
  /** GET URLs up to this length are returned as they are; longer configs are POSTed to /chart/create. */
  maxGetUrlLength?: number;
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * Charts as QuickChart URLs (quickchart.io or a self-hosted server): the chat platform fetches
 * the image itself. Small charts get the GET URL quickchart-js builds; large ones a short URL
 * from POST /chart/create (hosted service only — a self-hosted server has no short URLs, so
 * the long GET URL is returned with a warning).
 */
export class QuickChartImager implements ChartImager {
  readonly name = "quickchart" as const;
  private readonly base: URL;

  constructor(private readonly opts: QuickChartImagerOptions = {}) {
    try {
      this.base = new URL(opts.url ?? DEFAULT_QUICKCHART_URL);
    } catch (err) {
      throw new KpibotError("CONFIG_INVALID", `QUICKCHART_URL is not a URL: ${opts.url}`, { cause: err });
    }
  }

  /** The quickchart-js client for one spec, pointed at the configured server. */
  private async client(spec: ChartSpec): Promise<QuickChart> {
    // Loaded on first use, like the local renderer's libraries.
    const { default: QuickChartClient } = (await import("quickchart-js")) as unknown as { default: QuickChartClass };
    const size = chartSize(spec);
    const path = this.base.pathname.replace(/\/+$/, "");
    return (
      new QuickChartClient()
        .setScheme(this.base.protocol.replace(/:$/, ""))
        .setHost(`${this.base.host}${path}`)
        .setConfig(JSON.stringify(toChartConfig(spec)))
        .setWidth(size.width)
        .setHeight(size.height)
        .setBackgroundColor(PALETTE.background)
        // quickchart-js defaults to Chart.js 2; kpibot's configurations are Chart.js 4.
        .setVersion("4")
    );
  }

  /** Returns the chart's URL (a GET URL, or a short URL for large charts). */
  async render(spec: ChartSpec): Promise<ChartImage> {
    const qc = await this.client(spec);
    const url = qc.getUrl();
    if (url.length <= (this.opts.maxGetUrlLength ?? QUICKCHART_LIMITS.maxGetUrlLength)) return { kind: "url", url };
    const short = await this.shortUrl(qc);
    if (short) return { kind: "url", url: short };
    this.opts.logger?.warn(
      { host: this.base.host, length: url.length },
      "QuickChart short URLs unavailable (a self-hosted server has none): using the long chart URL",
    );
    return { kind: "url", url };
  }

  /** POST /chart/create as quickchart-js's getShortUrl does (which refuses hosts other than quickchart.io). */
  private async shortUrl(qc: QuickChart): Promise<string | null> {
    const endpoint = `${this.base.origin}${this.base.pathname.replace(/\/+$/, "")}/chart/create`;
    try {
      const resp = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(qc.getPostData()),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? QUICKCHART_LIMITS.timeoutMs),
      });
      if (!resp.ok) return null;
      const json = (await resp.json()) as { success?: unknown; url?: unknown };
      return json.success === true && typeof json.url === "string" ? json.url : null;
    } catch (err) {
      this.opts.logger?.warn({ err: String(err), host: this.base.host }, "QuickChart short URL request failed");
      return null;
    }
  }
}
