/**
 * Retries of calls to the Bot Framework connector. Teams answers 429 when a bot posts too fast
 * and 412/502/503/504 on transient trouble; Microsoft asks bots to back off exponentially and to
 * honour Retry-After. The SDK's own retry policy is switched off (see bot-adapter.ts) so this is
 * the only one, with an injectable sleep for tests.
 */

/** Statuses worth another try of an idempotent call (an update of a message, opening a 1:1 conversation). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);

/**
 * Statuses after which a new proactive post is retried: the connector refused it, so nothing was
 * posted (429 too many requests, 412 a conflicting concurrent write). A 5xx or a timeout may come
 * after the message was posted: never retried (see TeamsMessenger.post).
 */
export const POST_RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429]);

/** How to retry. */
export interface RetryPolicy {
  /** Total tries including the first (default 5). */
  attempts: number;
  /** First back-off (default 500 ms), doubled each time. */
  baseDelayMs: number;
  /** Cap of one back-off, Retry-After included (default 30 s). */
  maxDelayMs: number;
  /** Waits; tests pass a recorder that returns at once. */
  sleep: (ms: number) => Promise<void>;
  /** 0..1; spreads replicas' retries apart (tests pass () => 0.5 for exact delays). */
  random: () => number;
}

/** The production policy. */
export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The HTTP status of a failed connector call (RestError.statusCode), if any. */
export function statusOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const status = (err as { statusCode?: unknown }).statusCode;
  return typeof status === "number" ? status : undefined;
}

/** Retry-After of a failed connector call in ms (seconds or an HTTP date), if the server sent one. */
export function retryAfterMs(err: unknown, now: Date = new Date()): number | undefined {
  const headers = (err as { response?: { headers?: { get?: (name: string) => unknown } } } | null)?.response?.headers;
  const raw = typeof headers?.get === "function" ? headers.get("retry-after") : undefined;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Math.round(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** The wait before retry number `retry` (1-based): Retry-After when given, else base·2^(retry-1) ±25 %. */
export function backoffMs(retry: number, err: unknown, policy: RetryPolicy): number {
  const told = retryAfterMs(err);
  if (told !== undefined) return Math.min(policy.maxDelayMs, told);
  const exp = policy.baseDelayMs * 2 ** (retry - 1);
  const jitter = 0.75 + policy.random() * 0.5;
  return Math.min(policy.maxDelayMs, Math.round(exp * jitter));
}

/** Runs `op`, retrying failures with a status of `statuses` with exponential back-off; rethrows the last failure. */
export async function withRetry<T>(
  op: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  onRetry?: (info: { retry: number; status: number; delayMs: number }) => void,
  statuses: ReadonlySet<number> = RETRYABLE_STATUSES,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      const status = statusOf(err);
      if (status === undefined || !statuses.has(status) || attempt >= policy.attempts) throw err;
      const delayMs = backoffMs(attempt, err, policy);
      onRetry?.({ retry: attempt, status, delayMs });
      await policy.sleep(delayMs);
    }
  }
}
