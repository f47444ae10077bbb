import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { SyncResponse } from "../../adapters/matrix/api.js";
import { readBody } from "../../kit/read-body.js";

/** One request the fake received. */
export interface HomeserverCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  at: number;
  authorization: string | undefined;
}

/** An event kpibot sent (PUT …/send/{type}/{txnId}). */
export interface SentEvent {
  roomId: string;
  type: string;
  txnId: string;
  eventId: string;
  content: Record<string, unknown>;
}

/**
 * A recording Matrix homeserver (client-server API v3) on 127.0.0.1: /account/whoami, /sync (scripted batches),
 * /join, /rooms/{id}/leave, /rooms/{id}/send (de-duplicated by transaction id, as the spec requires), media upload,
 * /createRoom, with the access token checked and 429s (M_LIMIT_EXCEEDED, retry_after_ms) on demand.
 */
export interface FakeHomeserver {
  url: string;
  token: string;
  botUserId: string;
  calls: HomeserverCall[];
  sent: SentEvent[];
  uploads: number[];
  /** Queues what the next /sync answers (its next_batch is made up). */
  push(batch: Omit<SyncResponse, "next_batch">): void;
  /** The next `count` requests whose path starts with `prefix` answer 429 with this retry_after_ms. */
  rateLimitNext(prefix: string, count: number, retryAfterMs: number): void;
  close(): Promise<void>;
}

export async function startFakeHomeserver(token = "syt_bot_token"): Promise<FakeHomeserver> {
  const botUserId = "@kpibot:example.org";
  const batches: Omit<SyncResponse, "next_batch">[] = [];
  const limits: { prefix: string; left: number; retryAfterMs: number }[] = [];
  const byTxn = new Map<string, SentEvent>();
  let seq = 0;
  const state = { calls: [] as HomeserverCall[], sent: [] as SentEvent[], uploads: [] as number[] };
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://fake");
    const path = decodeURIComponent(url.pathname);
    const isJson = (req.headers["content-type"] ?? "").includes("json");
    const body = isJson && raw.length > 0 ? JSON.parse(raw.toString("utf8")) : raw.length;
    state.calls.push({
      method: req.method ?? "",
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      at: Date.now(),
      authorization: req.headers.authorization,
    });
    const json = (status: number, payload: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    if (req.headers.authorization !== `Bearer ${token}`)
      return json(401, { errcode: "M_UNKNOWN_TOKEN", error: "Invalid access token" });
    const limit = limits.find((l) => path.startsWith(l.prefix) && l.left > 0);
    if (limit) {
      limit.left -= 1;
      return json(429, { errcode: "M_LIMIT_EXCEEDED", error: "Too many requests", retry_after_ms: limit.retryAfterMs });
    }
    if (path === "/_matrix/client/v3/account/whoami") return json(200, { user_id: botUserId });
    if (path === "/_matrix/client/v3/sync") {
      const batch = batches.shift() ?? {};
      return json(200, { next_batch: `s${++seq}`, ...batch });
    }
    let m = /^\/_matrix\/client\/v3\/join\/(.+)$/.exec(path);
    if (m) return json(200, { room_id: m[1] });
    m = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/leave$/.exec(path);
    if (m) return json(200, {});
    m = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/send\/([^/]+)\/([^/]+)$/.exec(path);
    if (m && req.method === "PUT") {
      const key = `${m[1]}|${m[3]}`;
      const again = byTxn.get(key);
      if (again) return json(200, { event_id: again.eventId });
      const event: SentEvent = {
        roomId: m[1] ?? "",
        type: m[2] ?? "",
        txnId: m[3] ?? "",
        eventId: `$ev${++seq}`,
        content: body as Record<string, unknown>,
      };
      byTxn.set(key, event);
      state.sent.push(event);
      return json(200, { event_id: event.eventId });
    }
    if (path === "/_matrix/media/v3/upload") {
      state.uploads.push(raw.length);
      return json(200, { content_uri: `mxc://example.org/media${++seq}` });
    }
    if (path === "/_matrix/client/v3/createRoom") {
      const invite = (body as { invite?: string[] }).invite ?? [];
      return json(200, { room_id: `!dm-${invite.join("-")}:example.org` });
    }
    return json(404, { errcode: "M_UNRECOGNIZED", error: `no route ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    botUserId,
    get calls() {
      return state.calls;
    },
    get sent() {
      return state.sent;
    },
    get uploads() {
      return state.uploads;
    },
    push: (batch) => void batches.push(batch),
    rateLimitNext: (prefix, count, retryAfterMs) => void limits.push({ prefix, left: count, retryAfterMs }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
