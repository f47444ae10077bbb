import { createHash } from "node:crypto";
import type { Logger } from "../../src/logger.js";
import type { ChartSpec, Reply } from "../../src/reply/types.js";
import type { ChartImageRef } from "./render/blocks.js";

/** A chart picture as the core's ChartImager gives it: PNG bytes (local) or a URL (QuickChart). */
export type ChartPicture =
  | { kind: "png"; bytes: Uint8Array; width: number; height: number }
  | { kind: "url"; url: string };

/** The part of the core's ChartImager port the adapter needs. */
export interface ChartImagerLike {
  render(spec: ChartSpec): Promise<ChartPicture>;
}

/** Uploads PNG bytes to Slack and returns the file id (see `uploadPng`). */
export type PngUploader = (
  png: Uint8Array,
  meta: { filename: string; title: string; altText: string },
) => Promise<string>;

/** Turns the chart blocks of a reply into pictures Slack can show. */
export interface ChartPreparer {
  /** One entry per chart block, in order; undefined where no picture could be made (the renderer degrades). */
  prepare(reply: Reply, logger: Logger): Promise<(ChartImageRef | undefined)[]>;
}

/**
 * Renders each chart with the imager and uploads local PNGs once: the same chart (same spec) is
 * not uploaded again while it is in the small cache (Home tab refreshes, a shared copy of an answer),
 * nor drawn twice while it is being drawn — fifty people asking the question a digest just raised wait
 * for one picture (drawing is CPU on the loop that acknowledges everyone).
 */
export function chartPreparer(
  imager: ChartImagerLike | undefined,
  upload: PngUploader,
  cacheSize = 200,
): ChartPreparer {
  const cache = new Map<string, ChartImageRef>();
  const remember = (key: string, ref: ChartImageRef) => {
    cache.set(key, ref);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
  };
  const drawing = new Map<string, Promise<ChartImageRef | undefined>>();
  const one = (spec: ChartSpec, altText: string, logger: Logger): Promise<ChartImageRef | undefined> => {
    if (!imager) return Promise.resolve(undefined);
    const key = createHash("sha256").update(JSON.stringify(spec)).digest("hex");
    const hit = cache.get(key);
    if (hit) return Promise.resolve(hit);
    const running = drawing.get(key);
    if (running) return running;
    const work = draw(key, spec, altText, logger).finally(() => drawing.delete(key));
    drawing.set(key, work);
    return work;
  };
  const draw = async (
    key: string,
    spec: ChartSpec,
    altText: string,
    logger: Logger,
  ): Promise<ChartImageRef | undefined> => {
    if (!imager) return undefined;
    try {
      const picture = await imager.render(spec);
      const ref: ChartImageRef =
        picture.kind === "url"
          ? { kind: "url", url: picture.url }
          : {
              kind: "slack_file",
              id: await upload(picture.bytes, { filename: `${slug(spec.title)}.png`, title: spec.title, altText }),
            };
      remember(key, ref);
      return ref;
    } catch (err) {
      // A chart that cannot be drawn or uploaded must not cost the answer: the renderer shows its alt text.
      logger.warn({ err, chart: spec.title }, "chart picture unavailable; sending the answer without it");
      return undefined;
    }
  };
  return {
    async prepare(reply, logger) {
      const charts = reply.blocks.flatMap((b) => (b.type === "chart" ? [b] : []));
      return Promise.all(charts.map((c) => one(c.spec, c.altText, logger)));
    },
  };
}

function slug(title: string): string {
  const s = title
    .normalize("NFKD")
    .replace(/[^\w-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .toLowerCase();
  return s || "chart";
}
