import type { App } from "../app.js";
import type { ConversationRef } from "../core/interaction.js";
import { RecentWrites } from "./recent-writes.js";

/** Per conversation, what its row holds as last saved here, for an hour: trusted before being read again. */
const saved = new RecentWrites<Partial<ConversationRef>>(3_600_000);

/** Whether saving `ref` over `row` would change it: a field `ref` gives (not undefined) that `row` holds otherwise. */
function changes(row: Partial<ConversationRef>, ref: ConversationRef): boolean {
  return Object.entries(ref).some(
    ([field, value]) =>
      value !== undefined && JSON.stringify(row[field as keyof ConversationRef]) !== JSON.stringify(value),
  );
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
  if (last && !changes(last, ref)) return;
  await saved.once(app, `${key}\u0000${JSON.stringify(ref)}`, async () => {
    const row = await saveMerged(app, ref);
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
  const given = Object.fromEntries(Object.entries(ref).filter(([, v]) => v !== undefined)) as Partial<ConversationRef>;
  const merged = { ...previous, ...given };
  await app.repos.conversations.save(merged);
  return merged;
}
