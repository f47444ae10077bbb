import { LRUCache } from "lru-cache";
import type { App } from "../app.js";
import type { ChatUserRef } from "../core/interaction.js";
import type { ChatUserDto } from "../store/repositories.js";

/** How long a user row written with the same name, e-mail and language is trusted before it is written again. */
const REWRITE_AFTER_MS = 10 * 60_000;

/** What an interaction says about its user. */
export interface UserFacts {
  user: ChatUserRef;
  /** The language to remember (the platform's, or the one the words were in). */
  locale?: string;
}

// Per app (tests run several in one process): user → the facts last written, when, and the row it gave.
const written = new WeakMap<App, LRUCache<string, { facts: string; at: number; row: ChatUserDto }>>();

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
  let cache = written.get(app);
  if (!cache) {
    cache = new LRUCache({ max: 10_000 });
    written.set(app, cache);
  }
  const key = JSON.stringify([user.platform, user.id]);
  const said = JSON.stringify([touch.name, touch.email, touch.locale]);
  const now = app.clock.now().getTime();
  const last = cache.get(key);
  if (last && last.facts === said && now - last.at >= 0 && now - last.at < REWRITE_AFTER_MS) return last.row;
  const row = await app.repos.users.touch(touch);
  cache.set(key, { facts: said, at: now, row });
  return row;
}
