import type { Logger } from "../../src/logger.js";

/** What a Matrix homeserver answers on /sync (the parts kpibot reads: Matrix client-server API v3). */
export interface SyncResponse {
  next_batch: string;
  rooms?: {
    join?: Record<string, JoinedRoom>;
    invite?: Record<string, { invite_state?: { events?: StrippedEvent[] } }>;
  };
}

/** A room kpibot is in, as /sync reports it. */
export interface JoinedRoom {
  timeline?: { events?: RoomEvent[] };
  state?: { events?: RoomEvent[] };
  summary?: { "m.joined_member_count"?: number };
}

/** A room event (timeline or state). */
export interface RoomEvent {
  type: string;
  event_id: string;
  sender: string;
  origin_server_ts?: number;
  state_key?: string;
  content: Record<string, unknown>;
}

/** A stripped state event of an invite. */
export interface StrippedEvent {
  type: string;
  state_key?: string;
  sender?: string;
  content: Record<string, unknown>;
}

/** A Matrix error answer (errcode, error, and for 429 retry_after_ms). */
export class MatrixError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${status} ${errcode}: ${message}`);
  }
}

/** The client-server API calls kpibot makes with its bot account's access token. */
export interface MatrixApi {
  whoami(): Promise<{ user_id: string }>;
  sync(since: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<SyncResponse>;
  join(roomId: string): Promise<void>;
  leave(roomId: string, reason?: string): Promise<void>;
  /** PUT …/send/{type}/{txnId}: the same txnId sent again is the same event (the homeserver de-duplicates). */
  send(roomId: string, type: string, content: Record<string, unknown>, txnId: string): Promise<{ event_id: string }>;
  upload(bytes: Uint8Array, filename: string, contentType: string): Promise<string>;
  createDirectRoom(userId: string): Promise<string>;
}

/** Options of the API client. */
export interface MatrixApiOptions {
  homeserver: string;
  token: string;
  /** Least time between two requests (Tchap asks bots for about one a second); the long-poll /sync is not paced. */
  minIntervalMs: number;
  logger: Logger;
  /** Waits (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** 429s retried after retry_after_ms, at most (default 5). */
  rateLimitRetries?: number;
}

/**
 * A small client of the Matrix client-server API (v3) over fetch: requests paced `minIntervalMs` apart, a 429
 * (M_LIMIT_EXCEEDED) waited out as its retry_after_ms says and retried (every call kpibot makes is idempotent:
 * sends carry their transaction id), errors as MatrixError with the homeserver's errcode.
 */
export function matrixApi(opts: MatrixApiOptions): MatrixApi {
  const base = opts.homeserver.replace(/\/+$/, "");
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let next = 0;
  let queue: Promise<void> = Promise.resolve();
  // One request after another, each at least minIntervalMs after the previous one started.
  const paced = (): Promise<void> => {
    const turn = queue.then(async () => {
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
      next = Date.now() + opts.minIntervalMs;
    });
    queue = turn.catch(() => undefined);
    return turn;
  };
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    extra: { pace?: boolean; signal?: AbortSignal; contentType?: string; timeoutMs?: number } = {},
  ): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      if (extra.pace !== false) await paced();
      const signals = [AbortSignal.timeout(extra.timeoutMs ?? 30_000), ...(extra.signal ? [extra.signal] : [])];
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${opts.token}`,
          ...(body !== undefined ? { "content-type": extra.contentType ?? "application/json" } : {}),
        },
        ...(body !== undefined ? { body: body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body) } : {}),
        signal: AbortSignal.any(signals),
      });
      const text = await res.text();
      const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (res.ok) return data as T;
      const errcode = typeof data.errcode === "string" ? data.errcode : `HTTP_${res.status}`;
      const retryAfterMs = typeof data.retry_after_ms === "number" ? data.retry_after_ms : undefined;
      if (res.status === 429 && attempt < (opts.rateLimitRetries ?? 5)) {
        const wait = retryAfterMs ?? 1000;
        opts.logger.warn({ path: path.split("?")[0], retryAfterMs: wait }, "matrix: rate limited; waiting");
        await sleep(wait);
        continue;
      }
      throw new MatrixError(res.status, errcode, String(data.error ?? res.statusText), retryAfterMs);
    }
  };
  const room = (id: string) => encodeURIComponent(id);
  return {
    whoami: () => call("GET", "/_matrix/client/v3/account/whoami"),
    sync: (since, timeoutMs, signal) => {
      const q = new URLSearchParams({ timeout: String(timeoutMs), ...(since ? { since } : {}) });
      // The long poll waits on the server: it is not paced, and may take the whole timeout.
      return call("GET", `/_matrix/client/v3/sync?${q}`, undefined, {
        pace: false,
        ...(signal ? { signal } : {}),
        timeoutMs: timeoutMs + 30_000,
      });
    },
    join: async (roomId) => void (await call("POST", `/_matrix/client/v3/join/${room(roomId)}`, {})),
    leave: async (roomId, reason) =>
      void (await call("POST", `/_matrix/client/v3/rooms/${room(roomId)}/leave`, reason ? { reason } : {})),
    send: (roomId, type, content, txnId) =>
      call(
        "PUT",
        `/_matrix/client/v3/rooms/${room(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`,
        content,
      ),
    upload: async (bytes, filename, contentType) => {
      const res = await call<{ content_uri: string }>(
        "POST",
        `/_matrix/media/v3/upload?filename=${encodeURIComponent(filename)}`,
        bytes,
        { contentType },
      );
      return res.content_uri;
    },
    createDirectRoom: async (userId) => {
      const res = await call<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", {
        is_direct: true,
        invite: [userId],
        preset: "trusted_private_chat",
      });
      return res.room_id;
    },
  };
}
