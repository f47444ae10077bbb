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

/** An `<img>` source for one rendered chart: PNGs inline as data URIs (no cache to expire), URLs as they are. */
export function imageRef(image: ChartImage): ChartImageRef | undefined {
  if (image.kind === "png") {
    const base64 = Buffer.from(image.bytes).toString("base64");
    return { src: `data:image/png;base64,${base64}`, width: image.width, height: image.height };
  }
  // Only web URLs: anything else (javascript:, file:) would be a bug or an attack, so the alt text shows instead.
  return /^https?:\/\//i.test(image.url) ? { src: image.url } : undefined;
}

/**
 * Renders every chart block of the reply, in block order. A chart that fails to render is
 * counted (`kpibot_errors_total{stage="chart"}`) and logged; its alt text stands in for it.
 */
export async function chartImages(app: App, reply: Reply): Promise<(ChartImageRef | undefined)[]> {
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
        return imageRef(await imager.render(spec));
      } catch (err) {
        recordError(app, "playground", "chart");
        app.logger.error({ err, chart: spec.title }, "playground: chart rendering failed");
        return undefined;
      }
    }),
  );
}
