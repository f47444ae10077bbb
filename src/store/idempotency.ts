import type { App } from "../app.js";
import { cronTicks } from "../core/cron.js";
import type { ServerKeys } from "../core/keys.js";
import type { ClaimRepository } from "./repos/claims.js";

/**
 * Claims in the database (table idempotency_keys), so that with several replicas and the platforms'
 * retries (Slack, Teams, surveys) each request or click is answered once. A claim whose window has passed can be
 * taken again: a deliberate second click a minute later is answered, a double click is not.
 */
export interface Claims {
  /** True for the first caller of `key` within `windowMs`; false for a retry or a duplicate. */
  claim(key: string, scope: string, windowMs: number): Promise<boolean>;
  /** Gives a key back after a failure, so a retry may try again. */
  release(key: string): Promise<void>;
  /** Deletes the claims whose window has passed (every scope: each row knows its own); returns how many. */
  purge(): Promise<number>;
}

/** The key purpose under app.keys: claim keys are HMACs under a key derived for this use only. */
const CLAIM_KEY_PURPOSE = "idempotency-key";

/**
 * Claims stored through the claim repository (`app.repos.claims`; SQLite or PostgreSQL, same SQL). The stored key is an
 * HMAC of the caller's key under the server key (KPIBOT_SECRET), never the key itself nor a plain hash of it: callers
 * build keys from who clicked and when (team, user, click time), and a plain SHA-256 of those can be recomputed from a
 * list of user ids by anyone who reads the table, tying a claim, and the answer stored in the same second, to a person.
 * Without KPIBOT_SECRET the server key is random per process: a restart (or another replica) then forgets the claims in
 * flight, so a retry arriving across a restart may be answered twice; they only live minutes, and nothing links.
 */
export function dbClaims(repo: ClaimRepository, now: () => Date, keys: ServerKeys): Claims {
  const stored = (key: string) => keys.mac(CLAIM_KEY_PURPOSE, key);
  return {
    async claim(key, scope, windowMs) {
      const at = now();
      return repo.take(stored(key), scope, at, new Date(at.getTime() + windowMs));
    },
    async release(key) {
      await repo.release(stored(key));
    },
    async purge() {
      return repo.purge(now());
    },
  };
}

/** The running purge of expired claims. */
export interface ClaimsPurge {
  /** Purges now (what each tick does); resolves with the number of claims deleted. */
  tick(): Promise<number>;
  /** Stops the timer and waits for a purge in progress. */
  stop(): Promise<void>;
}

/**
 * Deletes expired claims every minute (and once at start), so a claim outlives its window by at most a minute
 * whether or not anyone clicks again: a claim says that someone clicked at that instant, and is kept no longer
 * than the dedupe needs. The timer is unref'd (it never keeps a process alive); stop() ends it.
 */
export function startClaimsPurge(app: App, claims: Claims, opts: { cron?: string } = {}): ClaimsPurge {
  let inFlight: Promise<number> | undefined;
  const tick = (): Promise<number> => {
    inFlight ??= claims
      .purge()
      .catch((err: unknown) => {
        app.logger.warn({ err }, "purging expired claims failed (retried at the next tick)");
        return 0;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const stopTicks = cronTicks(app, opts.cron ?? "* * * * *", "kpibot-claims-purge", tick, { unref: true });
  void tick();
  return {
    tick,
    async stop() {
      await stopTicks();
      await inFlight;
    },
  };
}
