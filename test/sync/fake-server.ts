import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the fake tool received. */
export interface Received {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
}

/** What the fake tool answers. */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A local HTTP server on 127.0.0.1 answering with `handle`, recording every request. */
export async function fakeTool(handle: (req: Received) => Answer) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const r: Received = {
      method: req.method ?? "GET",
      url: new URL(req.url ?? "/", "http://127.0.0.1"),
      headers: req.headers,
    };
    requests.push(r);
    const a = handle(r);
    res.writeHead(a.status ?? 200, { "content-type": "application/json", ...a.headers });
    res.end(a.body === undefined ? "" : JSON.stringify(a.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A sleep that records the waits instead of waiting. */
export function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
