import { randomUUID } from "node:crypto";
import type { App } from "../../src/app.js";
import { recordError } from "../../src/http/metrics.js";
import type { ChartSpec, Reply } from "../../src/reply/types.js";
import type { ChartImageRef } from "./render-html.js";

/** What a chart imager returns: local PNG bytes, or a URL (QuickChart). */
type ChartImage = { kind: "png"; bytes: Uint8Array; width: number; height: number } | { kind: "url"; url: string };

/** The part of `app.charts` (src/charts ChartImager) the playground uses. */
interface ChartImagerLike {
  render(spec: ChartSpec): Promise<ChartImage>;
}

/** The app's chart imager when one is wired (`app.charts`), read structurally. */
function imagerOf(app: App): ChartImagerLike | undefined {
  const charts = (app as unknown as { charts?: unknown }).charts;
  if (typeof charts === "object" && charts !== null && typeof (charts as ChartImagerLike).render === "function") {
    return charts as ChartImagerLike;
  }
  return undefined;
}

/** Where the playground serves the PNGs it keeps (`<path>/<id>.png`). */
export const CHART_PATH = "/playground/charts";

/**
 * The local PNGs of recent replies, served by the playground under short URLs. URLs rather than data
 * URIs keep the Teams view's card under Teams' message size limit, so it shows the chart too.
 * Bounded (oldest dropped first) and short-lived: the playground is a try-out, not an archive.
 */
export class ChartCache {
  private readonly entries = new Map<string, { bytes: Uint8Array; expires: number }>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries = 200,
    private readonly ttlMs = 60 * 60 * 1000,
  ) {}

  /** Keeps a PNG and returns its id. */
  put(bytes: Uint8Array): string {
    const id = randomUUID();
    this.entries.set(id, { bytes, expires: this.now() + this.ttlMs });
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
    return id;
  }

  /** The PNG of an id, unless unknown or expired. */
  get(id: string): Uint8Array | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.bytes;
  }
}

/** An `<img>` source for one rendered chart: local PNGs from the cache route, imager URLs as they are. */
export function imageRef(image: ChartImage, cache: ChartCache): ChartImageRef | undefined {
  if (image.kind === "png") {
    return { src: `${CHART_PATH}/${cache.put(image.bytes)}.png`, width: image.width, height: image.height };
  }
  // Only web URLs: anything else (javascript:, file:) would be a bug or an attack, so the alt text shows instead.
  return /^https?:\/\//i.test(image.url) ? { src: image.url } : undefined;
}

/**
 * Renders every chart block of the reply, in block order. A chart that fails to render is
 * counted (`kpibot_errors_total{stage="chart"}`) and logged; its alt text stands in for it.
 */
export async function chartImages(app: App, reply: Reply, cache: ChartCache): Promise<(ChartImageRef | undefined)[]> {
  const specs = reply.blocks.flatMap((b) => (b.type === "chart" ? [b.spec] : []));
  if (specs.length === 0) return [];
  const imager = imagerOf(app);
  if (!imager) {
    app.logger.warn("playground: no chart imager wired (app.charts); charts show their alt text");
    return specs.map(() => undefined);
  }
  return Promise.all(
    specs.map(async (spec) => {
      try {
        return imageRef(await imager.render(spec), cache);
      } catch (err) {
        recordError(app, "playground", "chart");
        app.logger.error({ err, chart: spec.title }, "playground: chart rendering failed");
        return undefined;
      }
    }),
  );
}
