import { createHmac } from "node:crypto";
import { sameSignature } from "../../../src/core/keys.js";

/** Slack's replay window: a signed request older (or newer) than this is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/** Why a request was refused (logged, never sent back). */
export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Checks Slack's v0 signature — `v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` under the signing secret
 * (api.slack.com/authentication/verifying-requests-from-slack) — compared in constant time (`sameSignature`, crypto.timingSafeEqual;
 * Bolt's verifySlackRequest compares through tsscmp, two more HMACs and random bytes per request), and the 5-minute
 * window in both directions: a replayed request is stale, and one re-signed with a wrong secret does not match.
 */
export function verifySignature(input: {
  signingSecret: string;
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs: number;
}): VerifyResult {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: "missing X-Slack-Signature or X-Slack-Request-Timestamp" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "X-Slack-Request-Timestamp is not a number" };
  const ts = Number(timestamp);
  if (Math.abs(Math.floor(input.nowMs / 1000) - ts) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: "timestamp outside the 5-minute window (stale or replayed request)" };
  }
  if (!input.signingSecret) return { ok: false, reason: "no signing secret configured" };
  const expected = `v0=${createHmac("sha256", input.signingSecret).update(`v0:${timestamp}:${input.rawBody}`).digest("hex")}`;
  return sameSignature(signature, expected) ? { ok: true } : { ok: false, reason: "signature mismatch" };
}
