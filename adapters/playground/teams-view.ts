import type { Reply } from "../../src/reply/types.js";
import { type CardImage, renderAdaptiveCard } from "../teams/render/card.js";
import type { CardRenderer } from "./api.js";
import type { ChartImageRef } from "./render-html.js";

/** The playground's chart pictures (in chart order) keyed as the Teams renderer wants them: by block index. */
export function cardImages(reply: Reply, images: ReadonlyArray<ChartImageRef | undefined>): Map<number, CardImage> {
  const byBlock = new Map<number, CardImage>();
  let chart = 0;
  for (const [index, block] of reply.blocks.entries()) {
    if (block.type !== "chart") continue;
    const image = images[chart++];
    if (image) byBlock.set(index, { url: image.src, inline: image.src.startsWith("data:") });
  }
  return byBlock;
}

/** The Teams view of the playground: the very Adaptive Card the Teams adapter would send (adapters/teams). */
export const teamsCardRenderer: CardRenderer = (reply, images) =>
  renderAdaptiveCard(reply, { images: cardImages(reply, images) }).card;
