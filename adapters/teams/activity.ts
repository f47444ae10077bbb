import { type Activity, type ConversationReference, TurnContext } from "botbuilder";
import { z } from "zod";
import type { ChatUserRef, ConversationRef, Interaction } from "../../src/core/interaction.js";

/** What an inbound activity asks kpibot: typed text, a button, or nothing usable (a bare @mention). */
export type Inbound =
  | { kind: "command"; text: string }
  | { kind: "action"; actionId: string; value: string }
  | { kind: "empty" };

/** The data of kpibot's Action.Submit buttons, as Teams sends it back in `activity.value`. */
export const submitValueSchema = z.object({
  actionId: z.string().min(1).max(100),
  value: z.string().max(2_000),
});

/** Just enough of an inbound activity to trust the fields we read (validated at the edge). */
export const activitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  channelId: z.string().optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversation: z.looseObject({ id: z.string().min(1) }),
  from: z.looseObject({ id: z.string().min(1) }).optional(),
  recipient: z.looseObject({ id: z.string().min(1) }).optional(),
});

const ENTITIES: Record<string, string> = {
  "&nbsp;": " ",
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

/** Teams may send HTML entities and non-breaking spaces in message text. */
function plain(text: string): string {
  return text
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/[\u00a0\s]+/g, " ")
    .trim();
}

/**
 * The command text of a message: the bot's @mention removed (channels, group chats), other users'
 * mentions turned into `teams:<id>` so commands like `role grant @Alice admin` name the right user.
 */
export function commandText(activity: Partial<Activity>): string {
  const copy: Partial<Activity> = { ...activity, text: activity.text ?? "" };
  if (copy.recipient?.id) TurnContext.removeRecipientMention(copy);
  let text = copy.text ?? "";
  for (const mention of TurnContext.getMentions(copy)) {
    if (!mention.text || !mention.mentioned?.id || mention.mentioned.id === activity.recipient?.id) continue;
    text = text.split(mention.text).join(`teams:${mention.mentioned.id}`);
  }
  // A mention entity Teams left out of `entities` would otherwise reach the parser as markup.
  return plain(text.replace(/<at>[^<]*<\/at>/g, " "));
}

/** Reads what a message activity asks. */
export function inboundOf(activity: Partial<Activity>): Inbound {
  if (activity.value !== undefined && activity.value !== null) {
    const parsed = submitValueSchema.safeParse(activity.value);
    if (parsed.success) return { kind: "action", actionId: parsed.data.actionId, value: parsed.data.value };
  }
  const text = commandText(activity);
  return text ? { kind: "command", text } : { kind: "empty" };
}

/** A channel thread's conversation id ends in `;messageid=…`; the channel itself is the part before. */
export function rootConversationId(id: string): string {
  return id.split(";messageid=")[0] ?? id;
}

type TeamsChannelData = {
  tenant?: { id?: string };
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
};

/** The reference to post into this conversation later (stored in conversation_refs, full reference in `data`). */
export function conversationRefOf(activity: Partial<Activity>): ConversationRef {
  const channelData = (activity.channelData ?? {}) as TeamsChannelData;
  const conversation = activity.conversation;
  const conversationId = rootConversationId(conversation?.id ?? "");
  const tenantId = conversation?.tenantId ?? channelData.tenant?.id;
  const { activityId: _activityId, ...rest } = TurnContext.getConversationReference(activity);
  const reference: Partial<ConversationReference> = {
    ...rest,
    conversation: { ...(rest.conversation as ConversationReference["conversation"]), id: conversationId },
  };
  const name = channelData.channel?.name ?? conversation?.name ?? channelData.team?.name;
  return {
    platform: "teams",
    conversationId,
    ...(channelData.team?.id ? { teamId: channelData.team.id } : {}),
    ...(activity.serviceUrl ? { serviceUrl: activity.serviceUrl } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(activity.recipient?.id ? { botId: activity.recipient.id } : {}),
    ...(name ? { name } : {}),
    data: { reference },
  };
}

/** The asker, as the core knows users (`teams:<Bot Framework user id>`). */
export function userOf(activity: Partial<Activity>): ChatUserRef {
  return {
    platform: "teams",
    id: activity.from?.id ?? "unknown",
    ...(activity.from?.name ? { name: activity.from.name } : {}),
  };
}

/** The neutral interaction for a command or a button click. */
export function interactionOf(
  activity: Partial<Activity>,
  inbound: Exclude<Inbound, { kind: "empty" }>,
  conversation: ConversationRef,
  at: Date,
): Interaction {
  const timestamp = activity.timestamp ? new Date(activity.timestamp) : undefined;
  const type = activity.conversation?.conversationType;
  const base = {
    user: userOf(activity),
    conversation,
    ...(activity.locale ? { locale: activity.locale } : {}),
    at: timestamp && !Number.isNaN(timestamp.getTime()) ? timestamp : at,
    // Teams has no private replies: in a channel or a group chat, everyone there reads the answer.
    seenBy: type === "channel" || type === "groupChat" ? ("conversation" as const) : ("asker" as const),
  };
  return inbound.kind === "command"
    ? { ...base, kind: "command", text: inbound.text }
    : { ...base, kind: "action", actionId: inbound.actionId, value: inbound.value };
}
