import { describe, expect, it } from "vitest";
import { verifySignature } from "../../adapters/slack/receivers/verify.js";
import { sign } from "./requests.js";

// Slack's v0 signature, checked against kit/slack-requests.ts `sign` (Slack's documented recipe, written apart).

const secret = "verify-test-secret";
const nowMs = 1_764_000_000_000;
const ts = nowMs / 1000;
const body = "payload=%7B%22type%22%3A%22block_actions%22%7D";
const check = (signature: string | undefined, over: Partial<Parameters<typeof verifySignature>[0]> = {}) =>
  verifySignature({ signingSecret: secret, rawBody: body, signature, timestamp: String(ts), nowMs, ...over });

describe("verifySignature", () => {
  it("accepts Slack's signature of the raw body", () => {
    expect(check(sign(secret, ts, body))).toEqual({ ok: true });
  });

  it("refuses another secret, another body, a cut or padded signature, and no secret at all", () => {
    const good = sign(secret, ts, body);
    expect(check(sign("another-secret", ts, body)).ok).toBe(false);
    expect(check(good, { rawBody: `${body}x` }).ok).toBe(false);
    expect(check(good.slice(0, -1)).ok).toBe(false);
    expect(check(`${good}0`).ok).toBe(false);
    expect(check(good.replace("v0=", "v1=")).ok).toBe(false);
    expect(check(sign("", ts, body), { signingSecret: "" }).ok).toBe(false);
  });

  it("refuses a timestamp outside five minutes either way, or one that is not a number", () => {
    expect(check(sign(secret, ts - 301, body), { timestamp: String(ts - 301) })).toMatchObject({ ok: false });
    expect(check(sign(secret, ts + 301, body), { timestamp: String(ts + 301) })).toMatchObject({ ok: false });
    expect(check(sign(secret, ts - 299, body), { timestamp: String(ts - 299) })).toEqual({ ok: true });
    expect(check(sign(secret, ts, body), { timestamp: `${ts}.5` }).ok).toBe(false);
    expect(check(undefined).ok).toBe(false);
  });
});
