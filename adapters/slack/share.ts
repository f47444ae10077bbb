import type { Reply, ReplyBlock } from "../../src/reply/types.js";

/** The neutral action id of the "Share in channel" button (the core adds it to private answers). */
export const SHARE_ACTION = "kpi.share";

/** A message everyone sees needs no "Share" button. */
export function withoutShareButton(reply: Reply): Reply {
  const blocks = reply.blocks.flatMap((b): ReplyBlock[] => {
    if (b.type !== "actions") return [b];
    const actions = b.actions.filter((a) => a.actionId !== SHARE_ACTION);
    return actions.length > 0 ? [{ ...b, actions }] : [];
  });
  return { ...reply, blocks };
}

/** Whether a reply goes to the whole channel: only when the core says so (`share`/`partager`, the Share button). */
export function isShared(reply: Reply): boolean {
  return reply.ephemeral === false;
}
