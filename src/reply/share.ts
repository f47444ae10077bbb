import { ACTION_IDS } from "./commands.js";
import type { Reply, ReplyBlock } from "./types.js";

// Shared by the adapters: whether a reply is for the whole conversation, and the same reply without its
// "Share in channel" button once it is posted for everyone.

/** The neutral action id of the "Share in channel" button (the core adds it to private answers). */
export const SHARE_ACTION = ACTION_IDS.share;

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
