import { type DrawChart, signedChartUrl } from "../../src/http/chart-images.js";
import type { Logger } from "../../src/logger.js";
import type { Reply } from "../../src/reply/types.js";
import type { CardImage } from "./render/card.js";
import { TEAMS_LIMITS } from "./render/limits.js";

/** How Teams cards get their chart pictures. */
export interface ChartSource {
  /** KPIBOT_CHARTS: local PNGs (served signed or inlined) or QuickChart URLs. */
  mode: "local" | "quickchart";
  /** The chart imager; without one, charts show as their alt text. */
  draw?: DrawChart | undefined;
  /** KPIBOT_PUBLIC_URL and KPIBOT_SECRET: both needed to serve signed image links. */
  publicUrl?: string | undefined;
  secret?: string | undefined;
  now: () => Date;
  logger: Logger;
}

/** PNG bytes → data: URI when it fits the inline budget, else undefined. */
export function inlinePng(bytes: Uint8Array): string | undefined {
  const encodedBytes = Math.ceil(bytes.length / 3) * 4;
  if (encodedBytes > TEAMS_LIMITS.maxInlineImageBytes) return undefined;
  return `data:image/png;base64,${Buffer.from(bytes).toString("base64")}`;
}

/**
 * Resolves each chart block of a reply to an image: the QuickChart URL in QuickChart mode; a signed
 * kpibot URL when KPIBOT_PUBLIC_URL and KPIBOT_SECRET are set (its token is the spec encrypted, so the
 * link, which Teams fetches from Microsoft's servers and keeps in chat history, does not show the
 * figures); else the PNG inlined as a data: URI when small enough. Charts left without an image render
 * as their alt text.
 */
export async function resolveChartImages(reply: Reply, src: ChartSource): Promise<Map<number, CardImage>> {
  const images = new Map<number, CardImage>();
  for (const [index, block] of reply.blocks.entries()) {
    if (block.type !== "chart") continue;
    try {
      if (src.mode === "local" && src.publicUrl && src.secret) {
        const url = signedChartUrl({ publicUrl: src.publicUrl, secret: src.secret, spec: block.spec, now: src.now() });
        if (url) {
          images.set(index, { url, inline: false });
          continue;
        }
      }
      if (!src.draw) continue;
      const picture = await src.draw(block.spec);
      if (picture.kind === "url") {
        images.set(index, { url: picture.url, inline: false });
        continue;
      }
      const dataUri = inlinePng(picture.bytes);
      if (dataUri) images.set(index, { url: dataUri, inline: true });
    } catch (err) {
      src.logger.warn({ err, chart: block.spec.title }, "teams: chart image unavailable, showing its alt text");
    }
  }
  return images;
}
