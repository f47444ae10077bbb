import { randomUUID } from "node:crypto";
import type { ConversationRef } from "../../src/core/interaction.js";
import { type Messenger, outcomeUnknown, type PostedMessage } from "../../src/core/messenger.js";
import { KpibotError } from "../../src/errors.js";
import type { DrawChart } from "../../src/http/chart-images.js";
import { t } from "../../src/i18n/index.js";
import type { Logger } from "../../src/logger.js";
import type { Reply } from "../../src/reply/types.js";
import { failureOf, type MattermostApi } from "./api.js";
import { type RenderOptions, renderPost } from "./render.js";

/** What the Mattermost messenger needs. */
export interface MattermostMessengerDeps {
  api: MattermostApi;
  /** The bot account's user id (a direct channel is the bot and the user). */
  botUserId: () => Promise<string>;
  /** Draws a chart (KPIBOT_CHARTS); a PNG is uploaded and attached, a URL shown as the attachment's image. */
  draw?: DrawChart;
  /** The button callbacks of posted messages (absent → no buttons). */
  button?: RenderOptions["button"];
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/** Uploads the charts of a reply to the channel (PNG) or takes their URL (QuickChart); a failure shows the alt text. */
export async function chartImages(
  reply: Reply,
  channelId: string,
  deps: Pick<MattermostMessengerDeps, "api" | "draw" | "logger">,
): Promise<NonNullable<RenderOptions["images"]>> {
  const images: NonNullable<RenderOptions["images"]> = new Map();
  if (!deps.draw) return images;
  for (const [index, block] of reply.blocks.entries()) {
    if (block.type !== "chart") continue;
    try {
      const picture = await deps.draw(block.spec);
      if (picture.kind === "url") images.set(index, { url: picture.url });
      else images.set(index, { fileId: await deps.api.uploadPng(channelId, picture.bytes, "kpibot-chart.png") });
    } catch (err) {
      deps.logger.warn({ err, chart: block.spec.title }, "mattermost: chart not attached, showing its alt text");
    }
  }
  return images;
}

/** The error a refused post becomes: what to do, in the reply's language. */
function refused(reply: Reply, status: number, id: string | undefined, message: string, ref: string): KpibotError {
  const text =
    status === 403
      ? t(reply.locale, "mattermost:notInChannel")
      : t(reply.locale, "mattermost:refused", { reason: id ?? `HTTP ${status}`, ref });
  return new KpibotError("PLATFORM_ERROR", text, { cause: new Error(`${status} ${id ?? ""} ${message}`) });
}

/**
 * The Mattermost Messenger: posts (POST /api/v4/posts, charts uploaded first with POST /api/v4/files), updates
 * (PATCH) and finds posts (the delivery id rides in the post's props), and opens direct channels. A post is not
 * retried after the server may have accepted it (timeout, 5xx): it becomes OUTCOME_UNKNOWN and `find` looks for
 * it; a 429 is waited out (nothing was posted then).
 */
export function mattermostMessenger(deps: MattermostMessengerDeps): Messenger {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const prepare = async (reply: Reply, channelId: string) =>
    renderPost(reply, {
      images: await chartImages(reply, channelId, deps),
      ...(deps.button ? { button: deps.button } : {}),
    });
  return {
    async post(ref: ConversationRef, reply: Reply, opts = {}): Promise<PostedMessage> {
      const requestId = randomUUID().slice(0, 8);
      const log = deps.logger.child({ requestId, mattermost: "post", channel: ref.conversationId });
      const post = await prepare(reply, ref.conversationId);
      if (opts.deliveryId) post.props.kpibot_delivery = opts.deliveryId;
      for (let attempt = 0; ; attempt++) {
        try {
          const created = await deps.api.createPost(ref.conversationId, post, ref.threadTs);
          return { messageId: created.id };
        } catch (err) {
          const failure = failureOf(err);
          if (failure.kind === "rate-limited" && attempt < 3) {
            log.warn({ retryAfterMs: failure.retryAfterMs }, "mattermost: rate limited; waiting before posting");
            await sleep(failure.retryAfterMs);
            continue;
          }
          if (failure.kind === "refused") {
            log.error({ err }, "Mattermost refused a post");
            throw refused(reply, failure.status, failure.id, failure.message, requestId);
          }
          if (failure.kind === "unreachable" || failure.kind === "rate-limited") {
            throw new KpibotError("PLATFORM_ERROR", t(reply.locale, "mattermost:error", { ref: requestId }), {
              cause: err,
            });
          }
          log.warn({ err }, "Mattermost did not say whether it posted a message (not retried)");
          throw outcomeUnknown(`post to Mattermost channel ${ref.conversationId}`, err);
        }
      }
    },
    async update(ref: ConversationRef, messageId: string, reply: Reply): Promise<void> {
      const post = await prepare(reply, ref.conversationId);
      await deps.api.patchPost(messageId, post);
    },
    async find(ref: ConversationRef, deliveryId: string, since: Date): Promise<PostedMessage | undefined> {
      const list = await deps.api.postsSince(ref.conversationId, new Date(since.getTime() - 60_000));
      for (const id of list.order ?? Object.keys(list.posts ?? {})) {
        const props = list.posts?.[id]?.props as { kpibot_delivery?: unknown } | undefined;
        if (props?.kpibot_delivery === deliveryId) return { messageId: id };
      }
      return undefined;
    },
    async userByEmail(email: string): Promise<string | undefined> {
      try {
        return (await deps.api.userByEmail(email)).id;
      } catch (err) {
        const failure = failureOf(err);
        if (failure.kind === "refused" && failure.status === 404) return undefined;
        throw err;
      }
    },
    async direct(userId: string): Promise<ConversationRef> {
      const channel = await deps.api.directChannel([await deps.botUserId(), userId]);
      return { platform: "mattermost", conversationId: channel.id };
    },
  };
}
