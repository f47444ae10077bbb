import { randomUUID } from "node:crypto";
import { webApi } from "@slack/bolt";
import { LRUCache } from "lru-cache";
import type { ConversationRef } from "../../src/core/interaction.js";
import {
  type Messenger,
  neverReachedPlatform,
  outcomeUnknown,
  type PostedMessage,
  type PostOptions,
} from "../../src/core/messenger.js";
import { KpibotError } from "../../src/errors.js";
import type { Logger } from "../../src/logger.js";
import { withoutShareButton } from "../../src/reply/share.js";
import type { Reply } from "../../src/reply/types.js";
import { callSlack, slackErrorCode, type WebClient } from "./api.js";
import type { ChartPreparer } from "./charts.js";
import { renderReply } from "./render/blocks.js";
import { explainFailure } from "./respond.js";

/** The metadata event type of kpibot's scheduled posts; its payload carries the delivery id. */
export const DELIVERY_EVENT = "kpibot_delivery";

/** How the Messenger posts: the clients, and how long it may wait out rate limits. */
export interface SlackMessengerOptions {
  /** Uploads, chat.update, conversations.history (retried by the client: they are idempotent). */
  client: WebClient;
  /** chat.postMessage: never retried by the client (createPostClient). */
  postClient: WebClient;
  charts: ChartPreparer;
  logger: Logger;
  /** Posts retried after a 429 (Retry-After waited out), at most (default 3). */
  rateLimitRetries?: number;
  /** A Retry-After longer than this is not waited out: the post fails as not sent (default 60 s). */
  maxRateLimitWaitMs?: number;
  /** Waits; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** Pages of conversations.history read by `find` before saying it could not look everywhere (default 10 × 200). */
  maxHistoryPages?: number;
}

/** Slack errors (`ok: false`) after which Slack says the operation may have partly happened. */
const MAYBE_POSTED = new Set(["internal_error", "fatal_error"]);

/** Whether a failed chat.postMessage may nevertheless have posted the message. */
function mayHavePosted(err: unknown): boolean {
  const e = err as { code?: unknown; statusCode?: unknown };
  if (e?.code === webApi.ErrorCode.RequestError) return !neverReachedPlatform(err);
  if (e?.code === webApi.ErrorCode.HTTPError) return typeof e.statusCode === "number" && e.statusCode >= 500;
  if (e?.code === webApi.ErrorCode.PlatformError) return MAYBE_POSTED.has(slackErrorCode(err) ?? "");
  // Rate limited (nothing posted), or not an API error at all (a bug before the call): not posted.
  return false;
}

/**
 * The Slack Messenger: posts or updates a Reply in a stored conversation (chat.postMessage /
 * chat.update, charts uploaded first). Digests and surveys only know this port. A Slack refusal
 * becomes a PLATFORM_ERROR whose message says what to do (e.g. "invite me with /invite @kpibot");
 * a post that may have reached Slack (timeout, dropped connection, 5xx) becomes OUTCOME_UNKNOWN and
 * is never sent again by this Messenger; `find` reads the conversation back for its delivery id.
 */
export function slackMessenger(opts: SlackMessengerOptions): Messenger {
  const { client, postClient, charts, logger } = opts;
  // Addresses looked up for ticket surveys, for a day (users.lookupByEmail, scope users:read.email).
  const byEmail = new LRUCache<string, { id: string | null }>({ max: 10_000, ttl: 24 * 3_600_000 });
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const prepare = async (reply: Reply, log: Logger) => {
    // A posted message is visible to the channel already: no "Share" button.
    const visible = withoutShareButton(reply);
    return renderReply(visible, { images: await charts.prepare(visible, log) });
  };
  const fail = (err: unknown, reply: Reply, ref: ConversationRef, requestId: string, log: Logger): never => {
    log.error({ err, channel: ref.conversationId }, "Slack refused a message");
    throw new KpibotError("PLATFORM_ERROR", explainFailure(err, reply.locale, requestId), { cause: err });
  };
  /** chat.postMessage, with a 429's Retry-After waited out (Slack posted nothing then); any other failure is thrown. */
  const postOnce = async (args: Record<string, unknown>, log: Logger) => {
    const retries = opts.rateLimitRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return await callSlack(postClient, "chat.postMessage", args);
      } catch (err) {
        const wait = (err as { retryAfter?: unknown }).retryAfter;
        const waitMs = typeof wait === "number" ? wait * 1000 : undefined;
        const limited = (err as { code?: unknown }).code === webApi.ErrorCode.RateLimitedError;
        if (!limited || waitMs === undefined || attempt >= retries || waitMs > (opts.maxRateLimitWaitMs ?? 60_000))
          throw err;
        log.warn(
          { retryAfterMs: waitMs, attempt: attempt + 1 },
          "Slack rate-limited a post: waiting as Retry-After says",
        );
        await sleep(waitMs);
      }
    }
  };
  return {
    async post(ref: ConversationRef, reply: Reply, postOpts: PostOptions = {}): Promise<PostedMessage> {
      const requestId = randomUUID();
      const log = logger.child({
        requestId,
        slack: "post",
        ...(postOpts.deliveryId ? { delivery: postOpts.deliveryId } : {}),
      });
      const message = await prepare(reply, log);
      try {
        const res = await postOnce(
          {
            channel: ref.conversationId,
            ...(ref.threadTs ? { thread_ts: ref.threadTs } : {}),
            text: message.text,
            blocks: message.blocks,
            unfurl_links: false,
            unfurl_media: false,
            // The delivery id travels with the message, so `find` can tell later whether a post that timed out landed.
            ...(postOpts.deliveryId
              ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery_id: postOpts.deliveryId } } }
              : {}),
          },
          log,
        );
        const { ts, channel } = res as { ts?: unknown; channel?: unknown };
        if (typeof ts !== "string") throw outcomeUnknown("chat.postMessage returned no ts", res);
        // Posted to a user id, the message lands in the DM channel: chat.update will need that channel id.
        return typeof channel === "string" && channel !== ref.conversationId
          ? { messageId: ts, conversationId: channel }
          : { messageId: ts };
      } catch (err) {
        if (err instanceof KpibotError) throw err;
        if (mayHavePosted(err)) {
          log.warn({ err, channel: ref.conversationId }, "Slack did not say whether it posted a message (not retried)");
          throw outcomeUnknown(`chat.postMessage to ${ref.conversationId}`, err);
        }
        return fail(err, reply, ref, requestId, log);
      }
    },
    async update(ref: ConversationRef, messageId: string, reply: Reply): Promise<void> {
      const requestId = randomUUID();
      const log = logger.child({ requestId, slack: "update" });
      const message = await prepare(reply, log);
      try {
        await callSlack(client, "chat.update", {
          channel: ref.conversationId,
          ts: messageId,
          text: message.text,
          blocks: message.blocks,
        });
      } catch (err) {
        fail(err, reply, ref, requestId, log);
      }
    },
    async find(ref: ConversationRef, deliveryId: string, since: Date): Promise<PostedMessage | undefined> {
      let cursor: string | undefined;
      for (let page = 0; page < (opts.maxHistoryPages ?? 10); page++) {
        const res = (await callSlack(client, "conversations.history", {
          channel: ref.conversationId,
          oldest: (since.getTime() / 1000).toFixed(6),
          limit: 200,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        })) as {
          messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: { delivery_id?: unknown } } }[];
          has_more?: boolean;
          response_metadata?: { next_cursor?: string };
        };
        const found = res.messages?.find(
          (m) =>
            m.metadata?.event_type === DELIVERY_EVENT && m.metadata.event_payload?.delivery_id === deliveryId && m.ts,
        );
        if (found?.ts) return { messageId: found.ts };
        cursor = res.response_metadata?.next_cursor;
        if (!res.has_more || !cursor) return undefined;
      }
      throw new Error(
        `more than ${opts.maxHistoryPages ?? 10} pages of messages to look through in ${ref.conversationId}`,
      );
    },
    async userByEmail(email: string): Promise<string | undefined> {
      const known = byEmail.get(email.toLowerCase());
      if (known) return known.id ?? undefined;
      try {
        const res = (await callSlack(client, "users.lookupByEmail", { email })) as { user?: { id?: string } };
        const id = res.user?.id;
        byEmail.set(email.toLowerCase(), { id: id ?? null });
        return id;
      } catch (err) {
        // Nobody in the workspace has this address: remembered too (the call is rate tier 3).
        if (slackErrorCode(err) === "users_not_found") {
          byEmail.set(email.toLowerCase(), { id: null });
          return undefined;
        }
        throw err;
      }
    },
  };
}
