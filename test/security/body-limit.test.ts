import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodySizeLimit } from "../../src/http/body-limit.js";

// The body limit every route sits behind (src/http/body-limit.ts), on a real Node server: a declared length over the
// limit is refused from its header, a chunked body once it passes the limit, and a body within the limit reaches the
// route intact either way.

const MAX = 1024;
let port = 0;
let close: () => void;

beforeAll(async () => {
  const http = new Hono();
  http.use("*", bodySizeLimit({ maxSize: MAX, onError: (c) => c.text("too large", 413) }));
  http.post("/echo", async (c) => c.text(`${(await c.req.text()).length}`));
  http.get("/ping", (c) => c.text("pong"));
  await new Promise<void>((resolve) => {
    const server = serve({ fetch: http.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
    close = () => server.close();
    server.once("listening", () => {
      port = (server.address() as AddressInfo).port;
    });
  });
});
afterAll(() => close());

/** POSTs `size` bytes, with a Content-Length or chunked (in 256-byte chunks); resolves with status and body. */
function post(size: number, chunked: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = chunked ? {} : { "content-length": size };
    const req = httpRequest({ host: "127.0.0.1", port, path: "/echo", method: "POST", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", (err: NodeJS.ErrnoException) => (err.code === "ECONNRESET" ? undefined : reject(err)));
    for (let sent = 0; sent < size; sent += 256) req.write(Buffer.alloc(Math.min(256, size - sent), "a"));
    req.end();
  });
}

describe("bodySizeLimit", () => {
  it("lets a body within the limit through intact, declared or chunked", async () => {
    expect(await post(MAX, false)).toEqual({ status: 200, body: String(MAX) });
    expect(await post(MAX, true)).toEqual({ status: 200, body: String(MAX) });
    expect(await post(0, false)).toEqual({ status: 200, body: "0" });
  });

  it("refuses a declared length over the limit", async () => {
    expect(await post(MAX + 1, false)).toEqual({ status: 413, body: "too large" });
  });

  it("refuses a chunked body once it passes the limit", async () => {
    expect((await post(MAX * 4, true)).status).toBe(413);
  });

  it("leaves GET requests alone", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/ping`);
    expect(await res.text()).toBe("pong");
  });
});
