import type { App } from "../app.js";
import type { ConversationRef } from "../core/interaction.js";

/** How long a saved conversation reference is trusted before it is read and saved again. */
const RESAVE_AFTER_MS = 3_600_000;
// Per app (tests run several in one process): reference as given → when it was last saved.
const savedConversations = new WeakMap<App, Map<string, number>>();

/**
 * Saves a conversation reference so digests and surveys can post there later, keeping what is already
 * stored where this one says nothing (a button click or the CLI may not know the Slack team or the Teams
 * service URL). The same reference is not read and rewritten more than once an hour per app — SQLite
 * writes block the event loop, and adapters and the core both remember the conversation of each
 * message; a changed one (another Teams service URL, a new name) is another key and is saved at once.
 */
export async function rememberConversation(app: App, ref: ConversationRef): Promise<void> {
  const key = JSON.stringify(ref);
  const now = app.clock.now().getTime();
  let saved = savedConversations.get(app);
  if (saved === undefined) {
    saved = new Map();
    savedConversations.set(app, saved);
  }
  const at = saved.get(key);
  if (at !== undefined && now - at >= 0 && now - at < RESAVE_AFTER_MS) return;
  await saveMerged(app, ref);
  if (saved.size >= 10_000) saved.clear();
  saved.set(key, now);
}

async function saveMerged(app: App, ref: ConversationRef): Promise<void> {
  const stored = await app.repos.conversations.find(ref.platform, ref.conversationId);
  if (!stored) {
    await app.repos.conversations.save(ref);
    return;
  }
  const { id: _id, ...previous } = stored;
  const given = Object.fromEntries(Object.entries(ref).filter(([, v]) => v !== undefined)) as Partial<ConversationRef>;
  await app.repos.conversations.save({ ...previous, ...given });
}
