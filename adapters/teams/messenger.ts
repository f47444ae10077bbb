import type { ConversationReference } from "botbuilder";
import type { ConversationRef } from "../../src/core/interaction.js";
import type { Messenger, PostedMessage } from "../../src/core/messenger.js";
import { KpibotError } from "../../src/errors.js";
import type { Reply } from "../../src/reply/types.js";
import { disableSdkRetries, type KpibotCloudAdapter } from "./bot-adapter.js";
import { buildMessage, postProactive, type SendDeps, updateWithRetry } from "./send.js";

/** The Bot Framework reference to continue a stored conversation: the saved one, else rebuilt from the columns. */
export function botReferenceOf(ref: ConversationRef): Partial<ConversationReference> {
  if (ref.platform !== "teams") {
    throw new KpibotError("INPUT_INVALID", `not a Teams conversation (platform ${ref.platform})`);
  }
  const saved = (ref.data as { reference?: Partial<ConversationReference> } | undefined)?.reference;
  const serviceUrl = saved?.serviceUrl ?? ref.serviceUrl;
  if (!serviceUrl) {
    throw new KpibotError(
      "INPUT_INVALID",
      `Teams conversation ${ref.conversationId} has no service URL: kpibot must receive a message or an install event from it first`,
    );
  }
  return {
    channelId: "msteams",
    ...saved,
    serviceUrl,
    conversation: {
      ...(saved?.conversation ?? {}),
      id: ref.conversationId,
      ...(ref.tenantId ? { tenantId: ref.tenantId } : {}),
    } as ConversationReference["conversation"],
    ...(saved?.bot || ref.botId ? { bot: saved?.bot ?? { id: ref.botId ?? "", name: "kpibot" } } : {}),
  };
}

/** Posts and updates messages in stored Teams conversations (digests, surveys, alerts). */
export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: KpibotCloudAdapter,
    /** MICROSOFT_APP_ID, or "" in emulator mode. */
    private readonly appId: string,
    private readonly deps: SendDeps,
  ) {}

  /**
   * Posts a new message into the conversation (a new thread in a channel). Retried only after a 429
   * or 412; a post whose outcome is unknown throws OUTCOME_UNKNOWN. There is no `find`: the Bot
   * Framework connector cannot list a channel's messages, so such a post is never re-sent automatically.
   */
  async post(ref: ConversationRef, reply: Reply): Promise<PostedMessage> {
    const message = await buildMessage(reply, this.deps);
    let messageId = "";
    await this.adapter.continueConversationAsync(this.appId, botReferenceOf(ref), async (ctx) => {
      disableSdkRetries(ctx, this.adapter);
      // The continuation event carries a random id that botbuilder would send as replyToId:
      // there is nothing to reply to, so post a new message (a new thread in a channel).
      delete (ctx.activity as Partial<typeof ctx.activity>).id;
      messageId = await postProactive(ctx, message, this.deps);
    });
    return { messageId };
  }

  /** Replaces a message kpibot posted earlier (e.g. a survey card once answered). */
  async update(ref: ConversationRef, messageId: string, reply: Reply): Promise<void> {
    const message = await buildMessage(reply, this.deps);
    await this.adapter.continueConversationAsync(this.appId, botReferenceOf(ref), async (ctx) => {
      disableSdkRetries(ctx, this.adapter);
      await updateWithRetry(ctx, messageId, message, this.deps);
    });
  }
}
