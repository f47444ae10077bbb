import { verifySlackRequest } from "@slack/bolt";

/** Slack's replay window: a signed request older (or newer) than this is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/** Why a request was refused (logged, never sent back). */
export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Checks Slack's v0 signature (HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing
 * secret, compared in constant time by Bolt's verifySlackRequest) and the 5-minute window in both
 * directions: a replayed request is stale, and one re-signed with a wrong secret does not match.
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
  // Bolt only refuses old timestamps; a timestamp far in the future is refused too.
  if (Math.abs(Math.floor(input.nowMs / 1000) - ts) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: "timestamp outside the 5-minute window (stale or replayed request)" };
  }
  try {
    verifySlackRequest({
      signingSecret: input.signingSecret,
      body: input.rawBody,
      headers: { "x-slack-signature": signature, "x-slack-request-timestamp": ts },
      nowMilliseconds: input.nowMs,
    });
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : "signature mismatch" };
  }
}
