import { KpibotError } from "../errors.js";

/** Why a connector request failed for good. */
export type SyncFailure = "auth" | "http" | "network" | "malformed";

/** A connector request that failed after its retries (or at once, for auth and other 4xx answers). */
export class SyncError extends KpibotError {
  constructor(
    readonly failure: SyncFailure,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(failure === "auth" ? "FORBIDDEN" : "PLATFORM_ERROR", message, options);
    this.name = "SyncError";
  }
}

/** How requests are sent and retried (tests inject fetch and sleep). */
export interface HttpOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per request, first one included (default 5). */
  attempts?: number;
  /** First backoff delay; doubled on each retry (default 1 s). */
  baseDelayMs?: number;
  /** Longest wait honoured, Retry-After included (default 60 s). */
  maxDelayMs?: number;
  /** Per-attempt timeout; a hung server counts as a network error (default 30 s). */
  timeoutMs?: number;
  /** The instant Retry-After dates are measured from. */
  now?: () => Date;
}

/** Node's timers, for real runs. */
export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: Date): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** The URL without its query string (query values may hold cursors; credentials never go in URLs). */
const shown = (url: string) => url.split("?")[0];

/**
 * Sends a request, retrying network errors, 5xx and 429 with exponential backoff (429 waits for
 * Retry-After when given). 401/403 fail at once with an "auth" SyncError, other 4xx with "http".
 */
export async function send(url: string, init: RequestInit, opts: HttpOptions = {}): Promise<Response> {
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? realSleep;
  const attempts = Math.max(1, opts.attempts ?? 5);
  const base = opts.baseDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 60_000;
  let last: SyncError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let wait = Math.min(max, base * 2 ** (attempt - 1));
    try {
      const res = await doFetch(url, { ...init, signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
      if (res.ok) return res;
      const text = (await res.text().catch(() => "")).slice(0, 300);
      if (res.status === 401 || res.status === 403)
        throw new SyncError("auth", `${shown(url)} refused the credentials (HTTP ${res.status}): ${text}`, res.status);
      if (res.status !== 429 && res.status < 500)
        throw new SyncError("http", `${shown(url)} answered HTTP ${res.status}: ${text}`, res.status);
      last = new SyncError("http", `${shown(url)} answered HTTP ${res.status}: ${text}`, res.status);
      const after = retryAfterMs(res.headers.get("retry-after"), opts.now?.() ?? new Date());
      if (res.status === 429 && after !== undefined) wait = Math.min(max, after);
    } catch (e) {
      if (e instanceof SyncError) throw e;
      last = new SyncError(
        "network",
        `${shown(url)} unreachable: ${e instanceof Error ? e.message : String(e)}`,
        undefined,
        {
          cause: e,
        },
      );
    }
    if (attempt < attempts) await sleep(wait);
  }
  throw last ?? new SyncError("network", `${shown(url)}: no attempt made`);
}

/** Sends a request (with retries) and parses a JSON answer. */
export async function sendJson<T = unknown>(
  url: string,
  init: RequestInit,
  opts: HttpOptions = {},
): Promise<{ body: T; headers: Headers }> {
  const res = await send(url, { ...init, headers: { accept: "application/json", ...(init.headers ?? {}) } }, opts);
  const text = await res.text();
  try {
    return { body: JSON.parse(text) as T, headers: res.headers };
  } catch (e) {
    throw new SyncError("malformed", `${shown(url)} did not answer JSON: ${text.slice(0, 200)}`, res.status, {
      cause: e,
    });
  }
}
