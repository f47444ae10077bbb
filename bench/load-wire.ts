import { createHmac } from "node:crypto";

// Slack's wire format for the load bench (bench/load.ts): the v0 request signature, a slash command's form body
// and a button click's block_actions payload, as Slack posts them to a Request URL. Self-contained on purpose: the
// bench never imports the test suite.

/** The signing secret shared by the load generator, kpibot and the bare Bolt app. */
export const LOAD_SIGNING_SECRET = "load-bench-signing-secret-0123456789";

/** Slack's v0 signature of a raw body at a timestamp in seconds. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** The headers Slack sends with a request: signed now, with X-Slack-Retry-Num on a retry. */
export function slackHeaders(body: string, retry: number, secret = LOAD_SIGNING_SECRET): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": sign(secret, timestamp, body),
  };
  if (retry > 0) {
    headers["x-slack-retry-num"] = String(retry);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  return headers;
}

/** A `/kpi <text>` slash command's form body. */
export function commandBody(opts: {
  text: string;
  user: string;
  channel: string;
  responseUrl: string;
  triggerId: string;
}): string {
  return new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: "T1",
    team_domain: "acme",
    channel_id: opts.channel,
    channel_name: `it-${opts.channel.toLowerCase()}`,
    user_id: opts.user,
    user_name: opts.user.toLowerCase(),
    command: "/kpi",
    text: opts.text,
    api_app_id: "A1",
    is_enterprise_install: "false",
    response_url: opts.responseUrl,
    trigger_id: opts.triggerId,
  }).toString();
}

/** A survey answer button click (`survey.answer#<score>`, value `<survey>:<question>:<score>`) as Slack posts it. */
export function surveyClickBody(opts: {
  user: string;
  surveyId: number;
  questionId: number;
  score: number;
  /** Slack's action_ts: seconds with microseconds, unique per click (the same in Slack's retries of it). */
  actionTs: string;
  messageTs: string;
  responseUrl: string;
}): string {
  const payload = {
    type: "block_actions",
    user: { id: opts.user, username: opts.user.toLowerCase(), name: opts.user.toLowerCase(), team_id: "T1" },
    api_app_id: "A1",
    token: "deprecated-verification-token",
    container: { type: "message", message_ts: opts.messageTs, channel_id: "C-SURVEY", is_ephemeral: false },
    trigger_id: `${opts.actionTs}.${opts.user}`,
    team: { id: "T1", domain: "acme" },
    channel: { id: "C-SURVEY", name: "general" },
    message: { ts: opts.messageTs },
    response_url: opts.responseUrl,
    actions: [
      {
        action_id: `survey.answer#${opts.score}`,
        block_id: `q${opts.questionId}`,
        text: { type: "plain_text", text: String(opts.score), emoji: true },
        value: `${opts.surveyId}:${opts.questionId}:${opts.score}`,
        type: "button",
        action_ts: opts.actionTs,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
