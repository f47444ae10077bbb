import { afterEach, describe, expect, it } from "vitest";
import { retryAfterMs, SyncError, send } from "../../src/sync/http.js";
import { type Answer, fakeTool, recordingSleep } from "./fake-server.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(answers: Answer[]) {
  let i = 0;
  const tool = await fakeTool(() => answers[Math.min(i++, answers.length - 1)] as Answer);
  close = tool.close;
  return tool;
}

describe("send (retries)", () => {
  it("waits Retry-After seconds on 429 and then succeeds", async () => {
    const tool = await serve([{ status: 429, headers: { "retry-after": "7" } }, { body: { ok: true } }]);
    const { waits, sleep } = recordingSleep();
    const res = await send(`${tool.url}/x`, {}, { sleep, baseDelayMs: 100 });
    expect(await res.json()).toEqual({ ok: true });
    expect(waits).toEqual([7000]);
    expect(tool.requests).toHaveLength(2);
  });

  it("backs off exponentially on 5xx and gives up after the attempts", async () => {
    const tool = await serve([{ status: 503, body: { error: "down" } }]);
    const { waits, sleep } = recordingSleep();
    const failure = await send(`${tool.url}/x`, {}, { sleep, baseDelayMs: 100, attempts: 4 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SyncError);
    expect((failure as SyncError).status).toBe(503);
    expect(waits).toEqual([100, 200, 400]);
    expect(tool.requests).toHaveLength(4);
  });

  it("fails at once on 401 as an auth failure", async () => {
    const tool = await serve([{ status: 401, body: ["ERROR_GLPI_LOGIN_USER_TOKEN", "invalid user token"] }]);
    const { waits, sleep } = recordingSleep();
    const failure = (await send(`${tool.url}/x`, {}, { sleep }).catch((e: unknown) => e)) as SyncError;
    expect(failure.failure).toBe("auth");
    expect(failure.message).toContain("refused the credentials (HTTP 401)");
    expect(waits).toEqual([]);
    expect(tool.requests).toHaveLength(1);
  });

  it("retries network errors", async () => {
    const tool = await serve([{}]);
    await tool.close();
    close = undefined;
    const { waits, sleep } = recordingSleep();
    const failure = (await send(`${tool.url}/x`, {}, { sleep, baseDelayMs: 10, attempts: 3 }).catch(
      (e: unknown) => e,
    )) as SyncError;
    expect(failure.failure).toBe("network");
    expect(waits).toEqual([10, 20]);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = new Date("2026-11-20T12:00:00Z");
    expect(retryAfterMs("3", now)).toBe(3000);
    expect(retryAfterMs("Fri, 20 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe("send (timeouts)", () => {
  it("treats a server that never answers as a network error and retries it", async () => {
    const { createServer } = await import("node:http");
    const hung = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
    const { port } = hung.address() as import("node:net").AddressInfo;
    const { waits, sleep } = recordingSleep();
    try {
      const failure = (await send(
        `http://127.0.0.1:${port}/x`,
        {},
        { sleep, attempts: 2, baseDelayMs: 5, timeoutMs: 50 },
      ).catch((e: unknown) => e)) as SyncError;
      expect(failure.failure).toBe("network");
      expect(waits).toEqual([5]);
    } finally {
      hung.closeAllConnections();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }
  });
});
