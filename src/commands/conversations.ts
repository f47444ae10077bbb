import type { App } from "../app.js";
import type { ConversationRef } from "../core/interaction.js";
import { RecentWrites } from "./recent-writes.js";

/** Per conversation, the reference its row holds as last saved here, for an hour: trusted before being read again. */
const saved = new RecentWrites<string>(3_600_000);

/** The fields a reference gives (undefined ones say nothing), in one order: comparable as a string. */
function given(ref: Partial<ConversationRef>): Partial<ConversationRef> {
  return Object.fromEntries(
    Object.entries(ref)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  ) as Partial<ConversationRef>;
}

/**
 * Saves a conversation reference so digests and surveys can post there later, keeping what is already
 * stored where this one says nothing (a button click or the CLI may not know the Slack team or the Teams
 * service URL). A reference that would change nothing in the row saved here in the last hour is not read and
 * written again — SQLite writes block the event loop, and adapters and the core both remember the conversation of
 * each message; one that changes something (another Teams service URL, a new name, and the old one back) is saved
 * at once. Concurrent saves of the same reference share one write.
 */
export async function rememberConversation(app: App, ref: ConversationRef): Promise<void> {
  const key = JSON.stringify([ref.platform, ref.conversationId]);
  const last = saved.recent(app, key);
  if (last !== undefined && JSON.stringify(given({ ...JSON.parse(last), ...given(ref) })) === last) return;
  await saved.once(app, `${key}\u0000${JSON.stringify(given(ref))}`, async () => {
    const row = JSON.stringify(given(await saveMerged(app, ref)));
    saved.remember(app, key, row);
    return row;
  });
}

/** Saves the reference over what is stored, keeping the stored fields it does not give; returns what was saved. */
async function saveMerged(app: App, ref: ConversationRef): Promise<ConversationRef> {
  const stored = await app.repos.conversations.find(ref.platform, ref.conversationId);
  if (!stored) {
    await app.repos.conversations.save(ref);
    return ref;
  }
  const { id: _id, ...previous } = stored;
  const merged = { ...previous, ...given(ref) } as ConversationRef;
  await app.repos.conversations.save(merged);
  return merged;
}
