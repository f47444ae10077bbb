import { request } from "undici";
import { KpibotError } from "../../src/errors.js";
import { type Locale, t } from "../../src/i18n/index.js";
import type { Reply } from "../../src/reply/types.js";
import { slackErrorCode } from "./api.js";
import type { SlackMessage } from "./render/blocks.js";

/** How a message sent through a response_url is shown. */
export interface ResponseOptions {
  /** "in_channel" is visible to everyone; "ephemeral" only to the asker. */
  responseType: "ephemeral" | "in_channel";
  /** Replace the message the button was clicked in, instead of adding one. */
  replaceOriginal?: boolean;
}

/** Posts a message to a response_url (Slack: at most 5 times within 30 minutes of the request). */
export type ResponsePoster = (url: string, message: SlackMessage, opts: ResponseOptions) => Promise<void>;

/** How long a response_url may take to answer, in all, before the post fails. */
const RESPONSE_TIMEOUT_MS = 30_000;

/**
 * The response_url poster, on undici's `request` (the HTTP client under Node's own fetch, without fetch's web
 * streams, Request/Response objects and abort signals: a survey burst posts one confirmation per click, and fetch was
 * a fifth of a click's CPU). Slack answers 200 "ok", or an error code in the body.
 */
export function responsePoster(opts: { timeoutMs?: number } = {}): ResponsePoster {
  const timeoutMs = opts.timeoutMs ?? RESPONSE_TIMEOUT_MS;
  return async (url, message, opts) => {
    if (!/^https?:\/\//.test(url)) throw new KpibotError("PLATFORM_ERROR", "response_url is not an http(s) URL");
    const body = {
      response_type: opts.responseType,
      replace_original: opts.replaceOriginal === true,
      text: message.text,
      blocks: message.blocks,
    };
    const res = await request(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(body),
      // One deadline for the whole exchange (undici's own timeouts restart with each chunk). No redirect is
      // followed: Slack's response_urls answer themselves.
      signal: AbortSignal.timeout(timeoutMs),
    });
    const status = res.statusCode;
    const text = await res.body.text();
    const ok = status >= 200 && status < 300;
    if (!ok || /"ok"\s*:\s*false/.test(text)) {
      const code = text.match(/"error"\s*:\s*"([^"]+)"/)?.[1] ?? (ok ? "unknown" : text.trim().slice(0, 60));
      throw new KpibotError("PLATFORM_ERROR", `response_url answered ${status}: ${code}`, {
        cause: { status, error: code },
      });
    }
  };
}

const AUTH_CODES = new Set(["invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"]);
const KNOWN = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "missing_scope",
  "ratelimited",
  "msg_too_long",
]);

/**
 * What to tell a user when answering failed: the Slack error in words (`not_in_channel` → "invite
 * me with /invite @kpibot"), or a generic message with a reference to find the log line. Never a stack.
 */
export function explainFailure(err: unknown, locale: Locale, ref: string): string {
  const code = slackErrorCode(err);
  if (code && AUTH_CODES.has(code)) return t(locale, "slack:errors.invalid_auth");
  if (code && KNOWN.has(code)) {
    const needed = (err as { data?: { needed?: unknown } }).data?.needed;
    return t(locale, `slack:errors.${code}`, { scope: typeof needed === "string" ? needed : "?" });
  }
  return t(locale, "slack:errors.generic", { ref });
}

/** An ephemeral reply carrying the explanation of a failure. */
export function failureReply(err: unknown, locale: Locale, ref: string): Reply {
  const text = explainFailure(err, locale, ref);
  return { locale, fallback: text, blocks: [{ type: "text", text: `⚠️ ${text}` }], ephemeral: true };
}
