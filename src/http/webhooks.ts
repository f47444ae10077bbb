import { createHmac } from "node:crypto";
import type { Context } from "hono";
import { sameSignature, serverKeys } from "../core/keys.js";
import { type Claims, dbClaims } from "../store/idempotency.js";
import { upsertTickets } from "../sync/canonical.js";
import { bodySizeLimit } from "./body-limit.js";
import type { RouteModule } from "./server.js";

/** Header carrying `sha256=<hex HMAC-SHA256 of "<timestamp>\n<query>\n<raw body>">` (see signWebhook). */
export const SIGNATURE_HEADER = "x-kpibot-signature";
/** Header carrying the sending time in unix seconds (signed with the body, so it cannot be swapped). */
export const TIMESTAMP_HEADER = "x-kpibot-timestamp";
/** A signed request older or newer than this is refused (replays). */
export const MAX_SKEW_MS = 5 * 60_000;
/**
 * How long an accepted signature is remembered: a timestamp passes while it is within MAX_SKEW_MS of the clock,
 * i.e. for up to twice that after the first delivery, so the claim must outlive both sides of the window.
 */
export const REPLAY_WINDOW_MS = 2 * MAX_SKEW_MS;
/** Scope of the signatures' claims in idempotency_keys. */
export const REPLAY_SCOPE = "webhook.signature";
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

/**
 * The signature header value a sender computes: `sha256=` + hex HMAC-SHA256 of
 * `<timestamp>\n<query>\n<raw body>`, where query is the request's query string as sent, without the `?`
 * (`source=glpi`; empty when there is none). The query is signed so `?source=` cannot be changed on a
 * captured request (it picks which tickets an update lands on); newlines separate the parts because a
 * request line cannot contain one, so no two (query, body) pairs sign the same text.
 */
export function signWebhook(secret: string, timestamp: string, query: string, body: string | Buffer): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}\n${query}\n`).update(body).digest("hex");
  return `sha256=${mac}`;
}

/** Checks the timestamp window and the signature in constant time; returns the reason it fails, or null. */
export function verifyWebhook(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  query: string,
  body: Buffer,
  now: Date,
): string | null {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return `missing ${!signature ? "X-Kpibot-Signature" : "X-Kpibot-Timestamp"} header`;
  if (!/^\d{1,12}$/.test(timestamp)) return "X-Kpibot-Timestamp must be unix seconds";
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > MAX_SKEW_MS)
    return "stale timestamp (more than 5 minutes away)";
  return sameSignature(signature.trim(), signWebhook(secret, timestamp, query, body)) ? null : "bad signature";
}

/** The query string of a request URL exactly as received (no decoding, no `?`; "" when none). */
export function rawQuery(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return "";
  const hash = url.indexOf("#", at);
  return url.slice(at + 1, hash < 0 ? undefined : hash);
}

const SOURCE = /^[a-z0-9][a-z0-9_.-]{0,99}$/i;

/**
 * `POST /webhooks/tickets`: canonical ticket JSON (one object or an array), signed with
 * KPIBOT_WEBHOOK_SECRET over the timestamp, the query string and the body; answers each ticket's
 * outcome. A signature is accepted once: the claim is kept in the database (idempotency_keys, expiring
 * with the timestamp window; kpibot start's claims purge deletes it after), so a replay to another
 * replica is refused too. Without a secret it answers 503 (the server is not
 * configured for it; nothing unauthenticated is ever accepted).
 */
export function webhookRoutes(opts: WebhookOptions = {}): RouteModule {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  return (http, app) => {
    // Claim keys are HMACs under a key derived from the webhook secret, which every replica shares (it
    // verifies the same signatures): a replay is recognised on any replica, KPIBOT_SECRET or not.
    let claimsOf: { secret: string; claims: Claims } | undefined;
    const claimsFor = (secret: string): Claims => {
      if (claimsOf?.secret !== secret)
        claimsOf = { secret, claims: dbClaims(app.repos.claims, () => app.clock.now(), serverKeys(secret)) };
      return claimsOf.claims;
    };
    const limit = bodySizeLimit({
      maxSize: maxBytes,
      onError: (c) => c.json({ error: `body larger than ${maxBytes} bytes` }, 413),
    });
    http.post("/webhooks/tickets", limit, async (c: Context) => {
      const secret = app.config.KPIBOT_WEBHOOK_SECRET;
      if (!secret) return c.json({ error: "ticket webhook disabled: set KPIBOT_WEBHOOK_SECRET" }, 503);
      const body = Buffer.from(await c.req.arrayBuffer());
      const now = app.clock.now();
      const signature = c.req.header(SIGNATURE_HEADER);
      const failure = verifyWebhook(
        secret,
        { signature, timestamp: c.req.header(TIMESTAMP_HEADER) },
        rawQuery(c.req.url),
        body,
        now,
      );
      if (failure !== null) {
        app.logger.warn({ reason: failure }, "webhook: refused request");
        return c.json({ error: `unauthorized: ${failure}` }, 401);
      }
      // The signature was checked, so it is a well-formed `sha256=<hex>`: one key per signed request.
      const key = `webhook:${(signature ?? "").trim()}`;
      const claims = claimsFor(secret);
      if (!(await claims.claim(key, REPLAY_SCOPE, REPLAY_WINDOW_MS))) {
        app.logger.warn({ reason: "replayed signature" }, "webhook: refused request");
        return c.json(
          { error: "replayed request: this signature was already accepted; sign each delivery with a new timestamp" },
          409,
        );
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
      let outcome: Awaited<ReturnType<typeof upsertTickets>>;
      try {
        outcome = await upsertTickets(app, items, { source, label: "webhook" });
      } catch (err) {
        // The write failed: the sender's retry of this very request must not be taken for a replay (writing
        // the same tickets again is harmless, the upsert skips unchanged ones).
        await claims.release(key).catch(() => undefined);
        throw err;
      }
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
