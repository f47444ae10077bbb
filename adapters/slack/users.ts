import type { App } from "../../src/app.js";
import type { Logger } from "../../src/logger.js";
import { callSlack, type WebClient } from "./api.js";

/** A Slack user's language and name, as far as kpibot knows them. */
export interface SlackUserInfo {
  /** Slack's locale, e.g. "fr-FR"; undefined when Slack did not say. */
  locale?: string;
  name?: string;
}

/** Looks up users (users.info with include_locale, scope users:read), remembering them for an hour. */
export interface UserDirectory {
  /** `record: false` writes nothing to chat_users (an answer to an anonymous survey must leave no trace). */
  lookup(userId: string, logger: Logger, opts?: { record?: boolean }): Promise<SlackUserInfo>;
}

/**
 * The user directory: Slack first (the user may have changed language), then what the database
 * remembers when Slack cannot be asked. Each lookup also records the user in chat_users, unless told not to.
 */
export function userDirectory(app: App, client: WebClient, ttlMs = 3_600_000): UserDirectory {
  const cache = new Map<string, { info: SlackUserInfo; at: number }>();
  return {
    async lookup(userId, logger, opts = {}) {
      const now = app.clock.now().getTime();
      const hit = cache.get(userId);
      if (hit && now - hit.at < ttlMs) return hit.info;
      let info: SlackUserInfo = {};
      try {
        const res = (await callSlack(client, "users.info", { user: userId, include_locale: true })) as {
          user?: { locale?: string; real_name?: string; name?: string; profile?: { display_name?: string } };
        };
        const u = res.user;
        const name = u?.profile?.display_name || u?.real_name || u?.name;
        info = { ...(u?.locale ? { locale: u.locale } : {}), ...(name ? { name } : {}) };
        if (opts.record !== false) await app.repos.users.touch({ platform: "slack", platformUserId: userId, ...info });
      } catch (err) {
        logger.warn({ err, user: userId }, "users.info failed; using the stored locale");
        const stored = await app.repos.users.get("slack", userId).catch(() => null);
        if (stored?.locale) info = { locale: stored.locale, ...(stored.name ? { name: stored.name } : {}) };
        return info;
      }
      cache.set(userId, { info, at: now });
      if (cache.size > 5000) cache.delete(cache.keys().next().value as string);
      return info;
    },
  };
}
