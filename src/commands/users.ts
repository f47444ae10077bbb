import type { App } from "../app.js";
import type { ChatUserRef } from "../core/interaction.js";
import type { ChatUserDto } from "../store/repositories.js";
import { RecentWrites } from "./recent-writes.js";

/** How long a user row written with the same name, e-mail and language is trusted before it is written again. */
const REWRITE_AFTER_MS = 10 * 60_000;

/** What an interaction says about its user. */
export interface UserFacts {
  user: ChatUserRef;
  /** The language to remember (the platform's, or the one the words were in). */
  locale?: string;
}

// User → the facts last written and the row they gave, for REWRITE_AFTER_MS.
const written = new RecentWrites<{ facts: string; row: ChatUserDto }>(REWRITE_AFTER_MS);

/**
 * Records the user of an interaction (created on first sight; name, e-mail and language updated) and returns
 * the stored row — writing only when something changed or the last write is REWRITE_AFTER_MS old. A burst of
 * clicks by one person is one write, not one per click (each a transaction, and with SQLite a pause of the
 * event loop that acknowledges everyone). Another replica's change of the same user (a new language) is seen
 * here within REWRITE_AFTER_MS at most; roles are not read from this row.
 */
export async function rememberUser(app: App, facts: UserFacts): Promise<ChatUserDto> {
  const { user } = facts;
  const touch = {
    platform: user.platform,
    platformUserId: user.id,
    ...(user.name !== undefined ? { name: user.name } : {}),
    ...(user.email !== undefined ? { email: user.email } : {}),
    ...(facts.locale !== undefined ? { locale: facts.locale } : {}),
  };
  const key = JSON.stringify([user.platform, user.id]);
  const said = JSON.stringify([touch.name, touch.email, touch.locale]);
  const last = written.recent(app, key);
  if (last?.facts === said) return last.row;
  const done = await written.once(app, `${key}\u0000${said}`, async () => {
    const row = await app.repos.users.touch(touch);
    const remembered = { facts: said, row };
    written.remember(app, key, remembered);
    return remembered;
  });
  return done.row;
}
