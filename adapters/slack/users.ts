import { setTimeout as sleep } from "node:timers/promises";
import { webApi } from "@slack/bolt";
import { LRUCache } from "lru-cache";
import type { Clock } from "../../src/core/clock.js";
import type { Logger } from "../../src/logger.js";
import { callSlack, type WebClient } from "./api.js";

/** A Slack user's language and name, as far as kpibot knows them. */
export interface SlackUserInfo {
  /** Slack's locale, e.g. "fr-FR"; undefined when Slack did not say. */
  locale?: string;
  name?: string;
}

/**
 * Looks up users (users.info with include_locale, scope users:read). It writes nothing: the name and locale
 * it finds travel with the interaction, and the core records them (once, and only what changed) — or not at
 * all for an answer to an anonymous survey.
 */
export interface UserDirectory {
  lookup(userId: string, logger: Logger): Promise<SlackUserInfo>;
  /**
   * What is known of the user now, without waiting (for work on the acknowledgement path): an unknown or stale user
   * is looked up in the background for next time, and meanwhile answered with what the core stored or the default.
   */
  known(userId: string, logger: Logger): SlackUserInfo;
}

/** How the directory treats Slack: cache life, how long an answer may wait, calls at once. */
export interface DirectoryOptions {
  /** How long a looked-up user is fresh (default 1 h); a stale one is answered at once and refreshed behind. */
  ttlMs?: number;
  /** How long an answer waits for a first look-up before going on without it (default 1 s). */
  waitMs?: number;
  /** users.info calls in flight at once (default 8); beyond, an unknown user is answered without look-up. */
  maxInFlight?: number;
  /** Users remembered (default 10,000). */
  max?: number;
}

/**
 * The user directory. Profile look-ups never hold an answer back more than `waitMs`, and never at all once a
 * user is known: a known user is answered from memory, refreshed in the background when stale; one look-up per
 * user at a time (a burst of clicks by a new user makes one call); at most `maxInFlight` calls at once. A 429
 * from Slack (users.info is rate tier 4) pauses look-ups for its Retry-After instead of making anyone wait:
 * meanwhile answers go out with what the core stored (the user's last language) or the default. The client
 * must reject rate-limited calls (rejectRateLimitedCalls) rather than wait them out.
 */
export function userDirectory(clock: Clock, client: WebClient, opts: DirectoryOptions = {}): UserDirectory {
  const ttlMs = opts.ttlMs ?? 3_600_000;
  const waitMs = opts.waitMs ?? 1_000;
  const maxInFlight = opts.maxInFlight ?? 8;
  const cache = new LRUCache<string, { info: SlackUserInfo; at: number }>({ max: opts.max ?? 10_000 });
  const inFlight = new Map<string, Promise<SlackUserInfo | undefined>>();
  let pausedUntil = 0;
  const now = () => clock.now().getTime();

  const fetchUser = (userId: string, logger: Logger): Promise<SlackUserInfo | undefined> | undefined => {
    const running = inFlight.get(userId);
    if (running) return running;
    if (now() < pausedUntil || inFlight.size >= maxInFlight) return undefined;
    const call = (async () => {
      try {
        const res = (await callSlack(client, "users.info", { user: userId, include_locale: true })) as {
          user?: { locale?: string; real_name?: string; name?: string; profile?: { display_name?: string } };
        };
        const u = res.user;
        const name = u?.profile?.display_name || u?.real_name || u?.name;
        const info: SlackUserInfo = { ...(u?.locale ? { locale: u.locale } : {}), ...(name ? { name } : {}) };
        cache.set(userId, { info, at: now() });
        return info;
      } catch (err) {
        const retryAfter = rateLimitedFor(err);
        if (retryAfter !== undefined) {
          pausedUntil = Math.max(pausedUntil, now() + retryAfter * 1000);
          logger.warn(
            { retryAfterSeconds: retryAfter },
            "users.info is rate-limited by Slack: profile look-ups paused; answers use the stored language meanwhile",
          );
        } else logger.warn({ err, user: userId }, "users.info failed; the stored language is used");
        return undefined;
      } finally {
        inFlight.delete(userId);
      }
    })();
    inFlight.set(userId, call);
    return call;
  };

  return {
    known(userId, logger) {
      const hit = cache.get(userId);
      if (hit && now() - hit.at < ttlMs) return hit.info;
      void fetchUser(userId, logger);
      return hit?.info ?? {};
    },
    async lookup(userId, logger) {
      const hit = cache.get(userId);
      if (hit && now() - hit.at < ttlMs) return hit.info;
      const call = fetchUser(userId, logger);
      // Known but stale: answered at once, refreshed behind.
      if (hit) return hit.info;
      if (!call) return {};
      const stop = new AbortController();
      const late = sleep(waitMs, undefined, { signal: stop.signal }).catch(() => undefined);
      try {
        return (await Promise.race([call, late])) ?? {};
      } finally {
        stop.abort();
      }
    },
  };
}

/** The Retry-After (seconds) of a rate-limited Web API call, or undefined for any other failure. */
function rateLimitedFor(err: unknown): number | undefined {
  const e = err as { code?: unknown; retryAfter?: unknown };
  if (e?.code !== webApi.ErrorCode.RateLimitedError) return undefined;
  return typeof e.retryAfter === "number" && e.retryAfter >= 0 ? e.retryAfter : 60;
}
