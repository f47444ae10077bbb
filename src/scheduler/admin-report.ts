import type { App } from "../app.js";
import type { ConversationRef, Platform } from "../core/interaction.js";
import type { Messenger } from "../core/messenger.js";

/** Scheduled posts go to the channel, not into the thread the command was typed in. */
export function channelOf(ref: ConversationRef): ConversationRef {
  const { threadTs: _thread, ...rest } = ref;
  return rest;
}

/** `slack:C123` (KPIBOT_ADMIN_CHANNEL) → the stored reference, or a bare one. */
export async function adminChannel(app: App): Promise<ConversationRef | undefined> {
  const text = app.config.KPIBOT_ADMIN_CHANNEL?.trim();
  if (!text) return undefined;
  const colon = text.indexOf(":");
  if (colon <= 0) return undefined;
  const platform = text.slice(0, colon) as Platform;
  const conversationId = text.slice(colon + 1);
  const stored = await app.repos.conversations.find(platform, conversationId);
  return stored ? channelOf(stored) : { platform, conversationId };
}

/** The admin channel and its platform's messenger, when both exist. */
export async function adminMessenger(
  app: App,
  messengers: Partial<Record<Platform, Messenger>>,
): Promise<{ ref: ConversationRef; messenger: Messenger } | undefined> {
  const ref = await adminChannel(app).catch(() => undefined);
  const messenger = ref ? messengers[ref.platform] : undefined;
  return ref && messenger ? { ref, messenger } : undefined;
}
