import { randomUUID } from "node:crypto";
import type { ConversationRef } from "../../src/core/interaction.js";
import type { Messenger, PostedMessage } from "../../src/core/messenger.js";
import { KpibotError } from "../../src/errors.js";
import type { Logger } from "../../src/logger.js";
import type { Reply } from "../../src/reply/types.js";
import { callSlack, type WebClient } from "./api.js";
import type { ChartPreparer } from "./charts.js";
import { renderReply } from "./render/blocks.js";
import { explainFailure } from "./respond.js";
import { withoutShareButton } from "./share.js";

/**
 * The Slack Messenger: posts or updates a Reply in a stored conversation (chat.postMessage /
 * chat.update, charts uploaded first). Digests and surveys only know this port. A Slack refusal
 * becomes a PLATFORM_ERROR whose message says what to do (e.g. "invite me with /invite @kpibot").
 */
export function slackMessenger(client: WebClient, charts: ChartPreparer, logger: Logger): Messenger {
  const prepare = async (reply: Reply, log: Logger) => {
    // A posted message is visible to the channel already: no "Share" button.
    const visible = withoutShareButton(reply);
    return renderReply(visible, { images: await charts.prepare(visible, log) });
  };
  const fail = (err: unknown, reply: Reply, ref: ConversationRef, requestId: string, log: Logger): never => {
    log.error({ err, channel: ref.conversationId }, "Slack refused a message");
    throw new KpibotError("PLATFORM_ERROR", explainFailure(err, reply.locale, requestId), { cause: err });
  };
  return {
    async post(ref: ConversationRef, reply: Reply): Promise<PostedMessage> {
      const requestId = randomUUID();
      const log = logger.child({ requestId, slack: "post" });
      const message = await prepare(reply, log);
      try {
        const res = await callSlack(client, "chat.postMessage", {
          channel: ref.conversationId,
          ...(ref.threadTs ? { thread_ts: ref.threadTs } : {}),
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        const { ts, channel } = res as { ts?: unknown; channel?: unknown };
        if (typeof ts !== "string") throw new Error("chat.postMessage returned no ts");
        // Posted to a user id, the message lands in the DM channel: chat.update will need that channel id.
        return typeof channel === "string" && channel !== ref.conversationId
          ? { messageId: ts, conversationId: channel }
          : { messageId: ts };
      } catch (err) {
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
  };
}
