import { describe, expect, it } from "vitest";
import { backoffMs, DEFAULT_RETRY, type RetryPolicy, retryAfterMs, withRetry } from "../../adapters/teams/retry.js";

/** An error shaped like the connector's RestError. */
function restError(statusCode: number, retryAfter?: string): Error {
  const headers = new Map(retryAfter ? [["retry-after", retryAfter]] : []);
  return Object.assign(new Error(`HTTP ${statusCode}`), {
    statusCode,
    response: { headers: { get: (n: string) => headers.get(n) } },
  });
}

function recorder(): { policy: RetryPolicy; sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    policy: {
      ...DEFAULT_RETRY,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    },
  };
}

describe("connector retries", () => {
  it("backs off 500, 1000, 2000, 4000 ms and gives up after five tries", async () => {
    const { policy, sleeps } = recorder();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw restError(502);
      }, policy),
    ).rejects.toThrow("HTTP 502");
    expect(calls).toBe(5);
    expect(sleeps).toEqual([500, 1000, 2000, 4000]);
  });

  it("honours Retry-After (seconds or HTTP date), capped at 30 s", () => {
    const { policy } = recorder();
    expect(backoffMs(1, restError(429, "7"), policy)).toBe(7000);
    expect(backoffMs(1, restError(429, "120"), policy)).toBe(30_000);
    const at = new Date(Date.now() + 60_000).toUTCString();
    expect(retryAfterMs(restError(429, at))).toBeGreaterThan(58_000);
  });

  it("spreads back-offs ±25 % with jitter", () => {
    const { policy } = recorder();
    expect(backoffMs(2, restError(503), { ...policy, random: () => 0 })).toBe(750);
    expect(backoffMs(2, restError(503), { ...policy, random: () => 1 })).toBe(1250);
  });

  it("returns the first success and does not retry other errors", async () => {
    const { policy, sleeps } = recorder();
    let calls = 0;
    expect(
      await withRetry(async () => {
        calls++;
        if (calls < 3) throw restError(calls === 1 ? 429 : 412);
        return "ok";
      }, policy),
    ).toBe("ok");
    expect(sleeps).toEqual([500, 1000]);
    await expect(withRetry(async () => Promise.reject(restError(404)), policy)).rejects.toThrow("HTTP 404");
    await expect(withRetry(async () => Promise.reject(new Error("boom")), policy)).rejects.toThrow("boom");
    expect(sleeps).toHaveLength(2);
  });
});
