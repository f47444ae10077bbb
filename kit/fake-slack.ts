import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./read-body.js";

/** One Web API call the fake received. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
}

/** One message posted to a response_url. */
export interface RecordedResponse {
  path: string;
  body: {
    response_type?: string;
    replace_original?: boolean;
    text?: string;
    blocks?: { type: string; [k: string]: unknown }[];
  };
}

/** A message as the fake stores it (and conversations.history returns it). */
export interface FakeMessage {
  type: "message";
  ts: string;
  text: unknown;
  bot_id: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** A fake Slack Web API on 127.0.0.1 that records calls and answers like Slack. */
export interface FakeSlack {
  /** Base URL for SLACK_API_URL (ends with /api/). */
  apiUrl: string;
  /** Base for response_url values (`${responseBase}/<anything>`). */
  responseBase: string;
  calls: RecordedCall[];
  responses: RecordedResponse[];
  uploads: { fileId: string; bytes: Buffer }[];
  /** Every method called since the fake started (across resets). */
  allMethods: Set<string>;
  /** Slack locale users.info reports per user id. */
  locales: Map<string, string>;
  /** Workspace members by e-mail address (users.lookupByEmail). */
  emails: Map<string, string>;
  /** Makes the next call of `method` fail with a Slack error code. */
  failNext(method: string, error: string, extra?: Record<string, unknown>): void;
  /** Makes the next `count` calls of `method` answer HTTP 429 with Retry-After (seconds, default 0). */
  rateLimitNext(method: string, count: number, retryAfterSeconds?: number): void;
  /**
   * The next call of `method` is carried out (a post lands in the channel) but its answer never
   * comes: the connection is dropped (`drop`), or held until the returned release is called (`hold`,
   * a platform slower than the client's timeout). The client cannot know whether it worked.
   */
  loseAnswerNext(method: string, how: "drop" | "hold"): () => void;
  /** Every later call of `method` is carried out at once but answered only after `ms` (a slow platform; 0: normal again). */
  slowAnswers(method: string, ms: number): void;
  /** Messages posted per channel (what conversations.history reads back), oldest first. */
  history(channel: string): FakeMessage[];
  /** The WebSocket URL apps.connections.open hands out. */
  socketUrl: string | undefined;
  callsOf(method: string): RecordedCall[];
  /** Resolves once at least `count` response_url posts were received (event-driven, no polling). */
  waitForResponses(count: number): Promise<RecordedResponse[]>;
  reset(): void;
  close(): Promise<void>;
}

/** The WebClient sends form bodies whose nested values (blocks, view, files) are JSON strings. */
function parseArgs(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (contentType?.includes("application/json")) return JSON.parse(text || "{}") as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    args[k] = /^[[{]/.test(v) ? (JSON.parse(v) as unknown) : v;
  }
  return args;
}

/** Starts the fake on an ephemeral port of 127.0.0.1. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const failures = new Map<string, { error: string; extra: Record<string, unknown> }[]>();
  const limits = new Map<string, number>();
  const retryAfter = new Map<string, number>();
  const lostAnswers = new Map<string, { how: "drop" | "hold"; held: Promise<void> }[]>();
  const channels = new Map<string, FakeMessage[]>();
  const slow = new Map<string, number>();
  let ts = 1_760_000_000;
  let fileSeq = 0;
  const state = {
    calls: [] as RecordedCall[],
    responses: [] as RecordedResponse[],
    uploads: [] as { fileId: string; bytes: Buffer }[],
  };
  const allMethods = new Set<string>();
  let waiters: { count: number; resolve: (r: RecordedResponse[]) => void }[] = [];
  const locales = new Map<string, string>();
  const emails = new Map<string, string>();
  let base = "";
  const fake = { socketUrl: undefined as string | undefined };

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.com/",
          team: "Fake",
          team_id: "T1",
          user: "kpibot",
          user_id: "UBOT",
          bot_id: "BBOT",
        };
      case "chat.postMessage": {
        ts += 1;
        // Slack answers a post addressed to a user id (U…) with the app's DM channel with them (D…).
        const channel = typeof args.channel === "string" ? args.channel.replace(/^U/, "D") : String(args.channel);
        const metadata = args.metadata as FakeMessage["metadata"] | undefined;
        const message: FakeMessage = {
          type: "message",
          ts: `${ts}.000100`,
          text: args.text,
          bot_id: "BBOT",
          ...(metadata ? { metadata } : {}),
        };
        channels.set(channel, [...(channels.get(channel) ?? []), message]);
        return { ok: true, channel, ts: message.ts, message: { text: args.text } };
      }
      case "conversations.history": {
        // Newest first, as Slack answers; metadata only with include_all_metadata. The fake's ts are not
        // real times, so `oldest` is recorded with the call but not applied.
        const all = [...(channels.get(String(args.channel)) ?? [])].reverse();
        const start = Number(args.cursor ?? 0);
        const limit = Number(args.limit ?? 100);
        const page = all.slice(start, start + limit).map((m) => {
          if (args.include_all_metadata === "true" || args.include_all_metadata === true) return m;
          const { metadata: _hidden, ...rest } = m;
          return rest;
        });
        const more = start + limit < all.length;
        return {
          ok: true,
          messages: page,
          has_more: more,
          ...(more ? { response_metadata: { next_cursor: String(start + limit) } } : {}),
        };
      }
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts };
      case "conversations.open":
        // The app's DM channel with a user (D…) for U….
        return { ok: true, channel: { id: String(args.users).replace(/^U/, "D") } };
      case "files.getUploadURLExternal": {
        fileSeq += 1;
        const id = `F${String(fileSeq).padStart(4, "0")}`;
        return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal": {
        const files = (args.files as { id: string; title?: string }[] | undefined) ?? [];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title, mimetype: "image/png" })) };
      }
      case "views.publish":
        return { ok: true, view: { id: "V1", type: "home" } };
      case "users.lookupByEmail": {
        const id = emails.get(String(args.email).toLowerCase());
        return id ? { ok: true, user: { id, name: `user-${id}` } } : { ok: false, error: "users_not_found" };
      }
      case "users.info": {
        const id = String(args.user);
        const locale = locales.get(id);
        return { ok: true, user: { id, name: `user-${id}`, real_name: `User ${id}`, ...(locale ? { locale } : {}) } };
      }
      case "apps.connections.open":
        return fake.socketUrl ? { ok: true, url: fake.socketUrl } : { ok: false, error: "no_socket" };
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = req.url ?? "/";
      if (url.startsWith("/upload/")) {
        state.uploads.push({ fileId: url.slice("/upload/".length), bytes: raw });
        res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${raw.length}`);
        return;
      }
      if (url.startsWith("/response/")) {
        state.responses.push({ path: url, body: JSON.parse(raw.toString("utf8")) as RecordedResponse["body"] });
        const ready = waiters.filter((w) => state.responses.length >= w.count);
        waiters = waiters.filter((w) => state.responses.length < w.count);
        for (const w of ready) w.resolve(state.responses);
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      const method = url.replace(/^\/api\//, "").replace(/\?.*$/, "");
      const left = limits.get(method) ?? 0;
      if (left > 0) {
        limits.set(method, left - 1);
        res
          .writeHead(429, { "retry-after": String(retryAfter.get(method) ?? 0), "content-type": "application/json" })
          .end('{"ok":false,"error":"ratelimited"}');
        return;
      }
      const args = parseArgs(raw, req.headers["content-type"]);
      state.calls.push({ method, args, authorization: req.headers.authorization });
      allMethods.add(method);
      const failure = failures.get(method)?.shift();
      const body = failure ? { ok: false, error: failure.error, ...failure.extra } : answer(method, args);
      const lost = lostAnswers.get(method)?.shift();
      if (lost?.how === "drop") {
        req.socket.destroy();
        return;
      }
      if (lost) await lost.held;
      const delay = slow.get(method) ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (res.destroyed || req.socket.destroyed) return;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseBase: `${base}/response`,
    get calls() {
      return state.calls;
    },
    get responses() {
      return state.responses;
    },
    get uploads() {
      return state.uploads;
    },
    allMethods,
    locales,
    emails,
    get socketUrl() {
      return fake.socketUrl;
    },
    set socketUrl(url: string | undefined) {
      fake.socketUrl = url;
    },
    failNext(method, error, extra = {}) {
      failures.set(method, [...(failures.get(method) ?? []), { error, extra }]);
    },
    rateLimitNext(method, count, retryAfterSeconds = 0) {
      limits.set(method, count);
      retryAfter.set(method, retryAfterSeconds);
    },
    loseAnswerNext(method, how) {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      lostAnswers.set(method, [...(lostAnswers.get(method) ?? []), { how, held }]);
      return release;
    },
    slowAnswers(method, ms) {
      slow.set(method, ms);
    },
    history(channel) {
      return channels.get(channel) ?? [];
    },
    callsOf(method) {
      return state.calls.filter((c) => c.method === method);
    },
    waitForResponses(count) {
      if (state.responses.length >= count) return Promise.resolve(state.responses);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    reset() {
      state.calls = [];
      state.responses = [];
      state.uploads = [];
      failures.clear();
      limits.clear();
      lostAnswers.clear();
      channels.clear();
      slow.clear();
      locales.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Held answers keep their connections open: end them, or close would wait for them.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
