import { createHash } from "node:crypto";
import type { Activity, TurnContext } from "botbuilder";
import { t, toLocale } from "../../src/i18n/index.js";
import type { Reply } from "../../src/reply/types.js";
import { type Inbound, rootConversationId } from "./activity.js";
import type { KpibotCloudAdapter } from "./bot-adapter.js";
import { POST_RETRYABLE_STATUSES, withRetry } from "./retry.js";
import { buildMessage, type SendDeps, sendWithRetry } from "./send.js";

// Buttons a module de-duplicates `per-click` and answers to the clicker only (src/commands/router.ts; survey
// answers today). The adapter asks the router, never the action id's prefix.

/**
 * The answer-once key of a per-click button: the person and the click's own activity id (a redelivery repeats it,
 * a new click does not). Many people click the same card, and one person may click 4, 5, then 4 again: each is
 * a new answer; two clicks on the same value store one row anyway (an upsert per person and question).
 */
export function perClickDedupeKey(
  activity: Partial<Activity>,
  inbound: Extract<Inbound, { kind: "action" }>,
): string | undefined {
  if (!activity.id) return undefined;
  const raw = [
    "per-click",
    rootConversationId(activity.conversation?.id ?? ""),
    activity.from?.id ?? "",
    activity.id,
    inbound.actionId,
    inbound.value,
  ];
  return `teams:${createHash("sha256").update(JSON.stringify(raw)).digest("base64url")}`;
}

/** The part of botframework-connector's ConnectorClient used here (the turn's client, already authenticated). */
interface Conversations {
  conversations: {
    createConversation(parameters: Record<string, unknown>): Promise<{ id: string }>;
    sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<unknown>;
  };
}

/** A receipt that names neither the person nor the answer (when a private message cannot be sent). */
function receipt(reply: Reply): Reply {
  const locale = toLocale(reply.locale) ?? "en";
  const text = `✅ ${t(locale, "surveys:answer.receipt")}`;
  return { locale, fallback: text, blocks: [{ type: "text", text }] };
}

/**
 * Teams has no ephemeral messages: in a channel or group chat, a reply to a click meant for the clicker (a survey
 * answer's confirmation) would show everyone what the person answered. So a private reply (the confirmation) goes to a 1:1 chat with the person, created
 * through the connector of this turn; when that fails, the channel gets a receipt that says nothing about who
 * or what. Returns false when the normal path applies (personal chat, or a reply meant for everyone).
 */
export async function sendToClicker(
  ctx: TurnContext,
  adapter: KpibotCloudAdapter,
  reply: Reply,
  deps: SendDeps,
): Promise<boolean> {
  const activity = ctx.activity;
  if (activity.conversation?.conversationType === "personal" || reply.ephemeral !== true) return false;
  const connector = ctx.turnState.get(adapter.ConnectorClientKey) as Conversations | undefined;
  const tenantId =
    activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } })?.tenant?.id;
  try {
    if (!connector || !activity.from || !activity.recipient) throw new Error("no connector client in this turn");
    const message = await buildMessage(reply, deps);
    const created = await withRetry(
      () =>
        connector.conversations.createConversation({
          isGroup: false,
          bot: activity.recipient,
          members: [activity.from],
          ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
        }),
      deps.retry,
    );
    // A new message: retried only when refused (429, 412), never after a 5xx that may follow the post.
    await withRetry(
      () => connector.conversations.sendToConversation(created.id, message),
      deps.retry,
      undefined,
      POST_RETRYABLE_STATUSES,
    );
  } catch (err) {
    deps.logger.warn(
      { err, conversation: activity.conversation?.id },
      "teams: a private reply to a click could not be sent privately",
    );
    await sendWithRetry(ctx, await buildMessage(receipt(reply), deps), deps);
  }
  return true;
}
