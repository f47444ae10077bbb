import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { UserIdentity } from "../core/identity.js";

/** How many interactions one user may send in a window: `KPIBOT_RATE_LIMIT=30/10s`, or off. */
export interface RateLimitSetting {
  points: number;
  seconds: number;
}

/** Reads `N/Ss` (N interactions per S seconds) or `off`; undefined when the text is neither. */
export function parseRateLimit(text: string): RateLimitSetting | "off" | undefined {
  if (text.trim().toLowerCase() === "off") return "off";
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*s\s*$/i.exec(text);
  if (!m) return undefined;
  const points = Number(m[1]);
  const seconds = Number(m[2]);
  return points > 0 && seconds > 0 ? { points, seconds } : undefined;
}

/** Per-user budget of interactive commands, so that a flood from one user cannot starve the others. */
export interface InteractionLimiter {
  /** Takes one interaction from the user's budget; when spent, how long until the next one is accepted. */
  take(user: UserIdentity): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
}

/**
 * An in-memory limiter per replica (rate-limiter-flexible): each replica protects its own event
 * loop, which is what a flood threatens. `off` accepts everything.
 */
export function interactionLimiter(setting: RateLimitSetting | "off"): InteractionLimiter {
  if (setting === "off") return { take: async () => ({ ok: true }) };
  const limiter = new RateLimiterMemory({ points: setting.points, duration: setting.seconds });
  return {
    take: async (user) => {
      try {
        // The key is the exact identity: the same id on two platforms is two users.
        await limiter.consume(JSON.stringify([user.platform, user.id]));
        return { ok: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterMs: rejection.msBeforeNext };
        throw rejection;
      }
    },
  };
}
