import type { App } from "../app.js";
import type { ConversationRef, Platform } from "../core/interaction.js";
import type { Messengers, PostedMessage } from "../core/messenger.js";
import type { Reply } from "../reply/types.js";
import { toNum, toStr } from "../store/sql-values.js";

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
  if (user.platform !== "teams") return undefined;
  const candidates = await app.db.query<{ id: number }>(
    "SELECT id FROM conversation_refs WHERE platform = 'teams' AND data LIKE ? ORDER BY updated_at DESC LIMIT 20",
    [`%${user.id}%`],
  );
  for (const row of candidates) {
    const ref = await app.repos.conversations.get(toNum(row.id) ?? 0);
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
    await app.db.execute(
      `INSERT INTO survey_deliveries (survey_id, conversation_ref_id, kind, platform, user_id, message_id, status, sent_at)
       VALUES (?, ?, 'channel', ?, NULL, ?, 'sent', ?)`,
      [surveyId, await landedIn(app, ref, posted, refId), ref.platform, messageId, app.clock.now()],
    );
    return { ok: true, messageId };
  } catch (err) {
    app.logger.warn({ err, surveyId, conversation: ref.conversationId }, "survey: posting failed");
    return { ok: false, reason: reasonOf(err) };
  }
}

/**
 * Sends a survey message to each person directly, at most once per survey and person (a unique claim in
 * survey_deliveries; a failed send may be tried again). Every recipient ends in exactly one list of the report.
 */
export async function sendToRecipients(
  app: App,
  messengers: Messengers,
  surveyId: number,
  recipients: readonly Recipient[],
  replyFor: (recipient: Recipient) => Reply,
): Promise<SendReport> {
  const report: SendReport = { sent: [], already: [], failed: [] };
  for (const recipient of recipients) {
    const messenger = messengers[recipient.platform];
    if (!messenger) {
      report.failed.push({ recipient, reason: `kpibot has no ${recipient.platform} connection` });
      continue;
    }
    const now = app.clock.now();
    const claimed = await app.db.execute(
      `INSERT INTO survey_deliveries (survey_id, kind, platform, user_id, status, sent_at) VALUES (?, 'direct', ?, ?, 'sending', ?)
       ON CONFLICT (survey_id, platform, user_id) DO UPDATE SET status = 'sending', error = NULL, sent_at = excluded.sent_at
       WHERE survey_deliveries.status = 'failed'`,
      [surveyId, recipient.platform, recipient.id, now],
    );
    if (claimed === 0) {
      report.already.push(recipient);
      continue;
    }
    const mark = (status: "sent" | "failed", fields: { refId?: number; messageId?: string; error?: string }) =>
      app.db.execute(
        `UPDATE survey_deliveries SET status = ?, conversation_ref_id = ?, message_id = ?, error = ?
         WHERE survey_id = ? AND platform = ? AND user_id = ?`,
        [
          status,
          fields.refId ?? null,
          fields.messageId ?? null,
          fields.error ?? null,
          surveyId,
          recipient.platform,
          recipient.id,
        ],
      );
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
      app.logger.warn({ err, surveyId, platform: recipient.platform }, "survey: direct message failed");
      await mark("failed", { error: reason.slice(0, 500) });
      report.failed.push({ recipient, reason });
    }
  }
  return report;
}

/** One recorded delivery. */
export interface Delivery {
  kind: "channel" | "direct";
  platform: Platform;
  userId: string | null;
  conversationRefId: number | null;
  messageId: string | null;
  status: string;
}

/** Where a survey went (sent or failed), oldest first. */
export async function deliveriesOf(app: App, surveyId: number): Promise<Delivery[]> {
  const rows = await app.db.query(
    `SELECT kind, platform, user_id, conversation_ref_id, message_id, status FROM survey_deliveries
     WHERE survey_id = ? ORDER BY id`,
    [surveyId],
  );
  return rows.map((r) => ({
    kind: r.kind === "direct" ? "direct" : "channel",
    platform: String(r.platform) as Platform,
    userId: toStr(r.user_id),
    conversationRefId: toNum(r.conversation_ref_id),
    messageId: toStr(r.message_id),
    status: String(r.status),
  }));
}

/** How many people a survey was sent to directly (the response rate's denominator); 0 when only posted in channels. */
export async function recipientCount(app: App, surveyId: number): Promise<number> {
  const rows = await app.db.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM survey_deliveries WHERE survey_id = ? AND kind = 'direct' AND status = 'sent'",
    [surveyId],
  );
  return toNum(rows[0]?.n) ?? 0;
}
