import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackMessage } from "../../adapters/slack/render/blocks.js";
import { responsePoster } from "../../adapters/slack/respond.js";

// The response_url poster against a real local HTTP server: what it sends, and each way Slack says no.

let base = "";
let close: () => void;
const received: { path: string; contentType: string | undefined; body: unknown }[] = [];
const answers: Record<string, [number, string]> = {
  "/ok": [200, "ok"],
  "/used": [200, '{"ok":false,"error":"used_url"}'],
  "/expired": [404, '{"ok":false,"error":"expired_url"}'],
  "/broken": [502, "Bad Gateway"],
  "/moved": [302, ""],
};

beforeAll(async () => {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => {
      raw += d;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", contentType: req.headers["content-type"], body: JSON.parse(raw) });
      if (req.url === "/drip") {
        // Headers at once, then a byte every 50 ms: no single wait is long, the whole answer is.
        res.writeHead(200, { "content-type": "text/plain" });
        const drip = setInterval(() => res.write("o"), 50);
        res.on("close", () => clearInterval(drip));
        return;
      }
      const [status, text] = answers[req.url ?? ""] ?? [500, "?"];
      res.writeHead(status, { "content-type": "text/plain" }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

const post = responsePoster();
const message: SlackMessage = {
  text: "Thanks",
  blocks: [{ type: "section", text: { type: "mrkdwn", text: "Thanks", verbatim: true } }],
};

describe("responsePoster", () => {
  it("posts the message as JSON with its response type and resolves on Slack's ok", async () => {
    await post(`${base}/ok`, message, { responseType: "ephemeral", replaceOriginal: false });
    expect(received.at(-1)).toEqual({
      path: "/ok",
      contentType: "application/json; charset=utf-8",
      body: { response_type: "ephemeral", replace_original: false, ...message },
    });
  });

  it("fails with Slack's error code, whether the status says so or only the body", async () => {
    await expect(post(`${base}/used`, message, { responseType: "in_channel" })).rejects.toThrow(
      "response_url answered 200: used_url",
    );
    await expect(post(`${base}/expired`, message, { responseType: "ephemeral" })).rejects.toThrow(
      "response_url answered 404: expired_url",
    );
    await expect(post(`${base}/broken`, message, { responseType: "ephemeral" })).rejects.toThrow(
      "response_url answered 502: Bad Gateway",
    );
  });

  it("refuses a response_url that is not http(s) without calling anything", async () => {
    const before = received.length;
    await expect(post("file:///etc/passwd", message, { responseType: "ephemeral" })).rejects.toThrow("not an http(s)");
    expect(received).toHaveLength(before);
  });

  it("gives up on an answer that takes longer than its deadline in all, and follows no redirect", async () => {
    const quick = responsePoster({ timeoutMs: 300 });
    const started = Date.now();
    await expect(quick(`${base}/drip`, message, { responseType: "ephemeral" })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(post(`${base}/moved`, message, { responseType: "ephemeral" })).rejects.toThrow(
      "response_url answered 302",
    );
  });
});
