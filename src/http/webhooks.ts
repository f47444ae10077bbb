import { createHmac, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { upsertTickets } from "../sync/canonical.js";
import type { RouteModule } from "./server.js";

/** Header carrying `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
export const SIGNATURE_HEADER = "x-kpibot-signature";
/** Header carrying the sending time in unix seconds (signed with the body, so it cannot be swapped). */
export const TIMESTAMP_HEADER = "x-kpibot-timestamp";
/** A signed request older or newer than this is refused (replays). */
export const MAX_SKEW_MS = 5 * 60_000;
/** Largest accepted body (413 above). */
export const DEFAULT_MAX_BYTES = 1 << 20;
/** Most tickets in one request. */
export const MAX_TICKETS = 1000;

/** Options of the ticket webhook. */
export interface WebhookOptions {
  /** Called with the ids of tickets a request resolved (e.g. `(ids) => onTicketsResolved(app, ids, messengers)`). */
  onResolved?: (ticketIds: number[]) => Promise<void>;
  /** Body size limit in bytes (default 1 MiB). */
  maxBytes?: number;
}

/** The signature header value a sender computes: `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>`. */
export function signWebhook(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
  return `sha256=${mac}`;
}

/** Checks the timestamp window and the signature in constant time; returns the reason it fails, or null. */
export function verifyWebhook(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: Buffer,
  now: Date,
): string | null {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return `missing ${!signature ? "X-Kpibot-Signature" : "X-Kpibot-Timestamp"} header`;
  if (!/^\d{1,12}$/.test(timestamp)) return "X-Kpibot-Timestamp must be unix seconds";
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > MAX_SKEW_MS)
    return "stale timestamp (more than 5 minutes away)";
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature.trim());
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "bad signature";
  return null;
}

const SOURCE = /^[a-z0-9][a-z0-9_.-]{0,99}$/i;

/**
 * `POST /webhooks/tickets`: canonical ticket JSON (one object or an array), signed with
 * KPIBOT_WEBHOOK_SECRET; answers each ticket's outcome. Without a secret it answers 503 (the
 * server is not configured for it; nothing unauthenticated is ever accepted).
 */
export function webhookRoutes(opts: WebhookOptions = {}): RouteModule {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  return (http, app) => {
    const limit = bodyLimit({
      maxSize: maxBytes,
      onError: (c) => c.json({ error: `body larger than ${maxBytes} bytes` }, 413),
    });
    http.post("/webhooks/tickets", limit, async (c: Context) => {
      const secret = app.config.KPIBOT_WEBHOOK_SECRET;
      if (!secret) return c.json({ error: "ticket webhook disabled: set KPIBOT_WEBHOOK_SECRET" }, 503);
      const body = Buffer.from(await c.req.arrayBuffer());
      const failure = verifyWebhook(
        secret,
        { signature: c.req.header(SIGNATURE_HEADER), timestamp: c.req.header(TIMESTAMP_HEADER) },
        body,
        app.clock.now(),
      );
      if (failure !== null) {
        app.logger.warn({ reason: failure }, "webhook: refused request");
        return c.json({ error: `unauthorized: ${failure}` }, 401);
      }
      const source = c.req.query("source") ?? "webhook";
      if (!SOURCE.test(source)) return c.json({ error: "source must be 1-100 letters, digits, - _ or ." }, 400);
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString("utf8"));
      } catch {
        return c.json({ error: "body is not valid JSON" }, 400);
      }
      const items = Array.isArray(payload) ? payload : [payload];
      if (items.length > MAX_TICKETS) return c.json({ error: `at most ${MAX_TICKETS} tickets per request` }, 413);
      const outcome = await upsertTickets(app, items, { source, label: "webhook" });
      if (opts.onResolved && outcome.resolvedIds.length > 0) {
        // The tickets are committed: a survey that cannot be sent must not turn the answer into an error.
        await opts
          .onResolved(outcome.resolvedIds)
          .catch((err: unknown) => app.logger.error({ err }, "webhook: resolved-ticket callback failed"));
      }
      return c.json({ ...outcome.counts, results: outcome.results });
    });
  };
}
