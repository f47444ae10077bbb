import { createHmac } from "node:crypto";

/** The signing secret the tests configure. */
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** Slack's v0 signature of a raw body at a timestamp (seconds). */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** A request init as Slack would send it to POST /slack/events. */
export function slackRequest(
  body: string,
  opts: { contentType: string; timestamp: number; secret?: string; retryNum?: number; signature?: string },
): RequestInit {
  const headers: Record<string, string> = {
    "content-type": opts.contentType,
    "x-slack-request-timestamp": String(opts.timestamp),
    "x-slack-signature": opts.signature ?? sign(opts.secret ?? SIGNING_SECRET, opts.timestamp, body),
  };
  if (opts.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(opts.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  return { method: "POST", headers, body };
}

const FORM = "application/x-www-form-urlencoded";

/** A slash command form body, as Slack posts it. */
export function commandBody(text: string, responseUrl: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: "T1",
    team_domain: "acme",
    channel_id: "C123",
    channel_name: "it-ops",
    user_id: "U42",
    user_name: "ada",
    command: "/kpi",
    text,
    api_app_id: "A1",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `13345224609.738474920.${Math.random().toString(16).slice(2)}`,
    ...extra,
  }).toString();
}

/** A block_actions interactivity body (`payload=<json>`), as Slack posts a button click. */
export function clickBody(opts: {
  actionId: string;
  value: string;
  responseUrl: string;
  messageTs?: string;
  ephemeral?: boolean;
  triggerId?: string;
  userId?: string;
}): string {
  const payload = {
    type: "block_actions",
    user: { id: opts.userId ?? "U42", username: "ada", name: "ada", team_id: "T1" },
    api_app_id: "A1",
    token: "deprecated-verification-token",
    container: {
      type: "message",
      message_ts: opts.messageTs ?? "1760000000.000200",
      channel_id: "C123",
      is_ephemeral: opts.ephemeral ?? true,
    },
    trigger_id: opts.triggerId ?? `1334.7384.${Math.random().toString(16).slice(2)}`,
    team: { id: "T1", domain: "acme" },
    channel: { id: "C123", name: "it-ops" },
    response_url: opts.responseUrl,
    actions: [
      {
        action_id: opts.actionId,
        block_id: "b1",
        text: { type: "plain_text", text: "Previous period", emoji: true },
        value: opts.value,
        type: "button",
        action_ts: "1760000001.000300",
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API callback body. */
export function eventBody(
  event: Record<string, unknown>,
  eventId = `Ev${Math.random().toString(16).slice(2)}`,
): string {
  return JSON.stringify({
    token: "deprecated-verification-token",
    team_id: "T1",
    api_app_id: "A1",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: 1760000000,
    authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true, is_enterprise_install: false }],
  });
}

/** Content types Slack uses. */
export const CONTENT = { form: FORM, json: "application/json" } as const;
