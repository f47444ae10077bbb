import { createHash, randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { ConversationRef } from "../../src/core/interaction.js";
import { type Messenger, outcomeUnknown, type PostedMessage } from "../../src/core/messenger.js";
import { KpibotError } from "../../src/errors.js";
import type { DrawChart } from "../../src/http/chart-images.js";
import { t } from "../../src/i18n/index.js";
import type { Logger } from "../../src/logger.js";
import { withoutShareButton } from "../../src/reply/share.js";
import type { Reply, ReplyAction } from "../../src/reply/types.js";
import { type MatrixApi, MatrixError } from "./api.js";
import { renderMatrix } from "./render.js";

/** How long the numbered actions of a message can be picked. */
const PICK_WINDOW_MS = 30 * 60_000;

/**
 * The numbered actions of recent messages, per room (anyone there may pick: a survey card in a DM, a digest) or per
 * room and person (an answer to that person). Kept in memory: after a restart a number asks to ask again.
 */
export class PendingActions {
  private readonly byKey = new LRUCache<string, ReplyAction[]>({ max: 20_000, ttl: PICK_WINDOW_MS });

  remember(roomId: string, userId: string | undefined, actions: ReplyAction[]): void {
    if (actions.length > 0) this.byKey.set(`${roomId}|${userId ?? "*"}`, actions);
  }

  /** The action numbered `n` (from 1) for this person in this room: theirs first, then the room's. */
  pick(roomId: string, userId: string, n: number): ReplyAction | undefined {
    const list = this.byKey.get(`${roomId}|${userId}`) ?? this.byKey.get(`${roomId}|*`);
    return list?.[n - 1];
  }
}

/** What the Matrix messenger needs. */
export interface MatrixMessengerDeps {
  api: MatrixApi;
  pending: PendingActions;
  draw?: DrawChart;
  logger: Logger;
}

/** A transaction id per message: the same delivery sent again is the same event (the homeserver de-duplicates). */
function txnOf(deliveryId: string | undefined, part: string): string {
  const seed = deliveryId ?? randomUUID();
  return `kpibot.${createHash("sha256").update(`${seed}|${part}`).digest("base64url").slice(0, 32)}`;
}

/**
 * Sends a Reply into a room: an `m.notice` with a plain body and an HTML body (no mention is ever made:
 * `m.mentions` is empty), its charts as `m.image` events uploaded to the media repository with their alt text,
 * in the thread it belongs to. Sends are idempotent (transaction ids), so one failing on a timeout is retried with
 * the same id; a 4xx is a refusal.
 */
export async function sendReply(
  deps: MatrixMessengerDeps,
  ref: ConversationRef,
  reply: Reply,
  opts: { deliveryId?: string; forUser?: string } = {},
): Promise<PostedMessage> {
  // A message in a room is for the room already: no "Share in channel".
  const visible = withoutShareButton(reply);
  const message = renderMatrix(visible, (first, last) => t(reply.locale, "matrix:pick", { first, last }));
  const thread = ref.threadTs
    ? {
        "m.relates_to": {
          rel_type: "m.thread",
          event_id: ref.threadTs,
          is_falling_back: true,
          "m.in_reply_to": { event_id: ref.threadTs },
        },
      }
    : {};
  const content = {
    msgtype: "m.notice",
    body: message.body,
    format: "org.matrix.custom.html",
    formatted_body: message.html,
    "m.mentions": {},
    ...thread,
  };
  const sent = await sendIdempotent(
    deps,
    ref.conversationId,
    "m.room.message",
    content,
    txnOf(opts.deliveryId, "text"),
  );
  deps.pending.remember(ref.conversationId, opts.forUser, message.actions);
  for (const [i, chart] of message.charts.entries()) {
    try {
      const picture = deps.draw ? await deps.draw(chart.spec) : undefined;
      if (picture?.kind !== "png") continue;
      const mxc = await deps.api.upload(picture.bytes, "kpibot-chart.png", "image/png");
      await sendIdempotent(
        deps,
        ref.conversationId,
        "m.room.message",
        {
          msgtype: "m.image",
          body: chart.altText,
          url: mxc,
          info: { mimetype: "image/png", size: picture.bytes.length, w: picture.width, h: picture.height },
          "m.mentions": {},
          ...thread,
        },
        txnOf(opts.deliveryId, `chart${i}`),
      );
    } catch (err) {
      deps.logger.warn({ err, chart: chart.spec.title }, "matrix: chart not sent (its alt text stands in the message)");
    }
  }
  return { messageId: sent.event_id };
}

async function sendIdempotent(
  deps: MatrixMessengerDeps,
  roomId: string,
  type: string,
  content: Record<string, unknown>,
  txnId: string,
): Promise<{ event_id: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.api.send(roomId, type, content, txnId);
    } catch (err) {
      if (err instanceof MatrixError && err.status < 500) {
        deps.logger.error({ err, room: roomId }, "matrix: the homeserver refused a message");
        throw new KpibotError("PLATFORM_ERROR", `Matrix refused the message (${err.errcode})`, { cause: err });
      }
      // Timeout, dropped connection, 5xx: the same transaction id again is safe (never a second event).
      if (attempt < 2) continue;
      throw outcomeUnknown(`send to Matrix room ${roomId}`, err);
    }
  }
}

/** The Matrix Messenger: digests, alerts and surveys post through it; DMs are rooms created with the user. */
export function matrixMessenger(deps: MatrixMessengerDeps): Messenger {
  return {
    post: (ref, reply, opts = {}) =>
      sendReply(deps, ref, reply, opts.deliveryId ? { deliveryId: opts.deliveryId } : {}),
    async update(ref, messageId, reply) {
      const message = renderMatrix(reply, (first, last) => t(reply.locale, "matrix:pick", { first, last }));
      const next = {
        msgtype: "m.notice",
        body: message.body,
        format: "org.matrix.custom.html",
        formatted_body: message.html,
      };
      await sendIdempotent(
        deps,
        ref.conversationId,
        "m.room.message",
        {
          ...next,
          body: `* ${message.body}`,
          "m.new_content": next,
          "m.relates_to": { rel_type: "m.replace", event_id: messageId },
          "m.mentions": {},
        },
        txnOf(undefined, "edit"),
      );
      deps.pending.remember(ref.conversationId, undefined, message.actions);
    },
    async direct(userId) {
      return { platform: "matrix", conversationId: await deps.api.createDirectRoom(userId) };
    },
  };
}
