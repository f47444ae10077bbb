import type { Config } from "../config.js";
import { KpibotError } from "../errors.js";
import type { FireRow } from "../store/repositories.js";
import { parseDuration } from "./fire-times.js";

/** How deliveries are caught up, leased and retried. */
export interface DeliveryPolicy {
  /** Fires missed by at most this much are still sent after downtime (KPIBOT_DIGEST_CATCHUP, default 6 h). */
  catchupMs: number;
  /** A claim whose lease was not renewed for this long belongs to a dead run and is taken over. */
  leaseMs: number;
  /** A live run renews its lease this often (well under leaseMs). */
  heartbeatMs: number;
  /** Attempts before giving up and reporting to KPIBOT_ADMIN_CHANNEL. */
  maxAttempts: number;
  /** The first retry waits this long; each next one twice as long. */
  retryBaseMs: number;
  /** Fires older than this are not even logged (a schedule idle for months is not replayed fire by fire). */
  lookbackMs: number;
}

const MINUTE = 60_000;

/** Defaults: 6 h catch-up, 2 min lease renewed every 20 s, 5 attempts 1, 2, 4, 8 min apart, 35 days of look-back. */
export const DEFAULT_POLICY: DeliveryPolicy = {
  catchupMs: 6 * 60 * MINUTE,
  leaseMs: 2 * MINUTE,
  heartbeatMs: 20_000,
  maxAttempts: 5,
  retryBaseMs: MINUTE,
  lookbackMs: 35 * 24 * 60 * MINUTE,
};

/** The policy from the configuration (KPIBOT_DIGEST_CATCHUP), with overrides (tests, the CLI). */
export function policyFromConfig(
  config: Pick<Config, "KPIBOT_DIGEST_CATCHUP">,
  overrides: Partial<DeliveryPolicy> = {},
) {
  const catchupMs = parseDuration(config.KPIBOT_DIGEST_CATCHUP);
  if (catchupMs === undefined) {
    throw new KpibotError(
      "CONFIG_INVALID",
      `KPIBOT_DIGEST_CATCHUP must be a duration such as 6h, 30m or 1h30m (got "${config.KPIBOT_DIGEST_CATCHUP}")`,
    );
  }
  return { ...DEFAULT_POLICY, catchupMs, ...overrides } satisfies DeliveryPolicy;
}

/** How long to wait after the n-th failed attempt: base, 2×base, 4×base… */
export function retryDelay(policy: DeliveryPolicy, attempts: number): number {
  return policy.retryBaseMs * 2 ** Math.max(0, attempts - 1);
}

/**
 * Whether a run should take an open row over now, or leave it to its owner / its retry time. `now`
 * is the real clock (leases and retries are durations), never the instant a run was asked to run at.
 */
export function isReady(policy: DeliveryPolicy, row: FireRow, now: Date): boolean {
  const at = now.getTime();
  switch (row.status) {
    case "queued":
      return true;
    case "claimed":
    case "posting":
      return row.claimedAt.getTime() + policy.leaseMs <= at;
    case "retry":
      return (row.finishedAt ?? row.claimedAt).getTime() + retryDelay(policy, row.attempts) <= at;
    case "unknown":
      // Open while unfinished: looked for a retry delay after the outcome became unknown (claimed_at).
      return row.finishedAt === null && row.claimedAt.getTime() + retryDelay(policy, row.attempts) <= at;
    default:
      return false;
  }
}
