import type { App } from "../app.js";
import type { ConversationRef } from "../core/interaction.js";
import { RecentWrites } from "./recent-writes.js";

/** The references saved in the last hour (as given): trusted before being read and saved again. */
const saved = new RecentWrites<true>(3_600_000);

/**
 * Saves a conversation reference so digests and surveys can post there later, keeping what is already
 * stored where this one says nothing (a button click or the CLI may not know the Slack team or the Teams
 * service URL). The same reference is not read and rewritten more than once an hour per app — SQLite
 * writes block the event loop, and adapters and the core both remember the conversation of each
 * message; a changed one (another Teams service URL, a new name) is another key and is saved at once.
 */
export async function rememberConversation(app: App, ref: ConversationRef): Promise<void> {
  const key = JSON.stringify(ref);
  if (saved.recent(app, key)) return;
  await saved.once(app, key, async () => {
    await saveMerged(app, ref);
    saved.remember(app, key, true);
    return true;
  });
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
