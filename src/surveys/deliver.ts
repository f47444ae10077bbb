import type { App } from "../app.js";
import type { ConversationRef, Platform } from "../core/interaction.js";
import type { Messengers, PostedMessage } from "../core/messenger.js";
import { isKpibotError } from "../errors.js";
import type { Reply } from "../reply/types.js";

export type { Messengers };

/** A person to ask directly. */
export interface Recipient {
  platform: Platform;
  id: string;
}

/** What happened to each recipient of a direct send. */
export interface SendReport {
  sent: Recipient[];
  already: Recipient[];
  failed: { recipient: Recipient; reason: string }[];
  /** The platform did not say whether the message arrived (a timeout, a 5xx): recorded `unknown`, never re-sent. */
  unknown: Recipient[];
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The stored conversation a posted message lives in: `ref`'s, or the one the platform put it in (Slack DMs). */
async function landedIn(app: App, ref: ConversationRef, posted: PostedMessage, refId: number): Promise<number> {
  if (posted.conversationId === undefined || posted.conversationId === ref.conversationId) return refId;
  const { threadTs: _, ...rest } = ref;
  return app.repos.conversations.save({ ...rest, conversationId: posted.conversationId });
}

/**
 * The conversation to message a person directly: on Slack the user id itself (chat.postMessage to a user id
 * lands in their direct messages with the app); on Teams the personal chat kpibot already has with them
 * (stored when they installed the app or wrote to it). Undefined when there is none.
 */
export async function directConversation(
  app: App,
  user: Recipient,
): Promise<(ConversationRef & { id?: number }) | undefined> {
  if (user.platform === "slack") {
    return (await app.repos.conversations.find("slack", user.id)) ?? { platform: "slack", conversationId: user.id };
  }
  // Mattermost (and any platform whose messenger can open one): a direct channel with the bot.
  const messenger = app.messengers[user.platform];
  if (messenger?.direct) {
    try {
      return await messenger.direct(user.id);
    } catch (err) {
      app.logger.warn({ err, platform: user.platform }, "could not open a direct conversation with a user");
      return undefined;
    }
  }
  if (user.platform !== "teams") return undefined;
  for (const id of await app.repos.conversations.teamsMentioning(user.id)) {
    const ref = await app.repos.conversations.get(id);
    const reference = (
      ref?.data as { reference?: { user?: { id?: string }; conversation?: { conversationType?: string } } }
    )?.reference;
    if (ref && reference?.user?.id === user.id && reference.conversation?.conversationType === "personal") return ref;
  }
  return undefined;
}

/** Posts a survey message into a conversation and records the delivery (channel posts can be repeated). */
export async function postToConversation(
  app: App,
  messengers: Messengers,
  surveyId: number,
  ref: ConversationRef,
  reply: Reply,
): Promise<{ ok: true; messageId: string } | { ok: false; reason: string }> {
  const messenger = messengers[ref.platform];
  if (!messenger) return { ok: false, reason: `no ${ref.platform} messenger` };
  const refId = await app.repos.conversations.save(ref);
  try {
    const posted = await messenger.post(ref, reply);
    const { messageId } = posted;
    await app.repos.surveyDeliveries.recordPost({
      surveyId,
      conversationRefId: await landedIn(app, ref, posted, refId),
      platform: ref.platform,
      messageId,
      sentAt: app.clock.now(),
    });
    return { ok: true, messageId };
  } catch (err) {
    app.logger.warn({ err, surveyId, conversation: ref.conversationId }, "survey: posting failed");
    return { ok: false, reason: reasonOf(err) };
  }
}

/**
 * Sends a survey message to each person directly, at most once per survey and person (a unique claim in
 * survey_deliveries; a failed send may be tried again, one whose outcome is unknown is not). Every recipient ends in
 * exactly one list of the report.
 */
export async function sendToRecipients(
  app: App,
  messengers: Messengers,
  surveyId: number,
  recipients: readonly Recipient[],
  replyFor: (recipient: Recipient) => Reply,
): Promise<SendReport> {
  const report: SendReport = { sent: [], already: [], failed: [], unknown: [] };
  for (const recipient of recipients) {
    const messenger = messengers[recipient.platform];
    if (!messenger) {
      report.failed.push({ recipient, reason: `kpibot has no ${recipient.platform} connection` });
      continue;
    }
    const now = app.clock.now();
    if (!(await app.repos.surveyDeliveries.claimDirect(surveyId, recipient.platform, recipient.id, now))) {
      report.already.push(recipient);
      continue;
    }
    const mark = (
      status: "sent" | "failed" | "unknown",
      fields: { refId?: number; messageId?: string; error?: string },
    ) => app.repos.surveyDeliveries.markDirect(surveyId, recipient.platform, recipient.id, status, fields);
    const ref = await directConversation(app, recipient);
    if (!ref) {
      const reason = "no direct chat with kpibot yet (they must install kpibot or write to it once)";
      await mark("failed", { error: reason });
      report.failed.push({ recipient, reason });
      continue;
    }
    try {
      const refId = ref.id ?? (await app.repos.conversations.save(ref));
      const posted = await messenger.post(ref, replyFor(recipient));
      await mark("sent", { refId: await landedIn(app, ref, posted, refId), messageId: posted.messageId });
      report.sent.push(recipient);
    } catch (err) {
      const reason = reasonOf(err);
      if (isKpibotError(err, "OUTCOME_UNKNOWN")) {
        // It may have arrived: sending it again could ask the person twice. Kept out of later sends (`unknown`
        // is not taken again by claimDirect); the admin is told.
        app.logger.warn({ err, surveyId, platform: recipient.platform }, "survey: direct message outcome unknown");
        await mark("unknown", { error: reason.slice(0, 500) });
        report.unknown.push(recipient);
        continue;
      }
      app.logger.warn({ err, surveyId, platform: recipient.platform }, "survey: direct message failed");
      await mark("failed", { error: reason.slice(0, 500) });
      report.failed.push({ recipient, reason });
    }
  }
  return report;
}
