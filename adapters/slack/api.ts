import { webApi } from "@slack/bolt";
import type { Logger } from "../../src/logger.js";

/**
 * Every Slack Web API method the adapter calls with the bot token, and the bot scopes each needs.
 * manifest/slack.json must grant exactly the union of these scopes (a test checks both ways),
 * plus `commands` for /kpi and the scopes the subscribed events need (EVENT_SCOPES).
 */
export const SLACK_API_METHODS = {
  "auth.test": [],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  // Reads a conversation back to find a digest or alert whose post timed out (its metadata carries the
  // delivery id), instead of posting it a second time. One scope per kind of conversation a digest can go to.
  "conversations.history": ["channels:history", "groups:history", "im:history", "mpim:history"],
  // The asker's DM with kpibot, where a private answer's CSV export is uploaded (a file shared in the channel
  // would show everyone what only the asker should see).
  "conversations.open": ["im:write"],
  // filesUploadV2 = getUploadURLExternal, a POST of the bytes to the returned URL, completeUploadExternal.
  "files.getUploadURLExternal": ["files:write"],
  "files.completeUploadExternal": ["files:write"],
  // include_locale=true is how the user's Slack language reaches kpibot.
  "users.info": ["users:read"],
  // A ticket's requester by address, for ticket surveys to people who never talked to kpibot.
  "users.lookupByEmail": ["users:read.email"],
  "views.publish": [],
} as const satisfies Record<string, readonly string[]>;

/** A Web API method the adapter may call. */
export type SlackMethod = keyof typeof SLACK_API_METHODS;

/** Called with the app-level token (xapp-…, scope connections:write) by Socket Mode, not the bot token. */
export const SLACK_APP_TOKEN_METHODS = { "apps.connections.open": ["connections:write"] } as const;

/** Bot scopes needed by the events kpibot subscribes to (manifest `bot_events`). */
export const EVENT_SCOPES = {
  app_home_opened: [],
  // `@kpibot …` in a channel, and direct messages to kpibot (its Messages tab).
  app_mention: ["app_mentions:read"],
  "message.im": ["im:history"],
  // Slack delivers member_joined_channel only with the read scope of the channel's kind.
  member_joined_channel: ["channels:read", "groups:read"],
} as const satisfies Record<string, readonly string[]>;

/** Scopes that are not tied to a Web API method: the /kpi slash command. */
export const COMMAND_SCOPES = ["commands"] as const;

/** The Slack Web API client kpibot uses (Bolt's WebClient). */
export type WebClient = InstanceType<typeof webApi.WebClient>;

/** The result of a Web API call. */
export type ApiResult = webApi.WebAPICallResult;

/** Options for the Web API client (the same go to Bolt). */
export interface ClientOptions {
  slackApiUrl: string;
  /** node-retry options; 429s are always retried after Retry-After by the client itself. */
  retryConfig?: webApi.RetryOptions;
  /** Abort one request after this long (then retried per retryConfig); default 30 s. */
  timeoutMs?: number;
  /** Reject a 429 at once (the caller decides) instead of waiting out its Retry-After. */
  rejectRateLimitedCalls?: boolean;
}

/** Options of the client that posts new messages. */
export interface PostClientOptions {
  slackApiUrl: string;
  /** Abort a post after this long; its outcome is then unknown (default 30 s). */
  timeoutMs?: number;
}

/** The retry policy: a few quick retries (interactive answers are useless after minutes). */
export const RETRY_POLICY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 };

/** The bot's Web API client, pointed at SLACK_API_URL, with the retry policy and pino for its logs. */
export function createWebClient(token: string, opts: ClientOptions, logger: Logger): WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: opts.slackApiUrl,
    retryConfig: opts.retryConfig ?? RETRY_POLICY,
    logger: slackLogger(logger),
    // A hung call must not hold an answer forever.
    timeout: opts.timeoutMs ?? 30_000,
    ...(opts.rejectRateLimitedCalls ? { rejectRateLimitedCalls: true } : {}),
  });
}

/**
 * The client that posts new messages (chat.postMessage). A post is not idempotent: retried after a
 * timeout or a 5xx it may appear twice, so this client never retries; a 429 is rejected at once
 * (rejectRateLimitedCalls) and the Messenger waits out its Retry-After itself, the one case where
 * Slack says nothing was posted.
 */
export function createPostClient(token: string, opts: PostClientOptions, logger: Logger): WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: opts.slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: slackLogger(logger),
    timeout: opts.timeoutMs ?? 30_000,
  });
}

/**
 * The one door to the Web API: only methods of SLACK_API_METHODS compile, so the manifest test
 * sees every method the adapter can call.
 */
export function callSlack(client: WebClient, method: SlackMethod, args: Record<string, unknown>): Promise<ApiResult> {
  return client.apiCall(method, args);
}

/** Uploads a PNG privately with the external upload flow; returns the file id an image block can show. */
export async function uploadPng(
  client: WebClient,
  png: Uint8Array,
  meta: { filename: string; title: string; altText: string },
): Promise<string> {
  // filesUploadV2 is the SDK's wrapper of files.getUploadURLExternal + files.completeUploadExternal.
  // No channel: the file stays private to the bot, which may still show it through `slack_file`.
  const result = (await client.filesUploadV2({
    file: Buffer.from(png),
    filename: meta.filename,
    title: meta.title,
    alt_text: meta.altText.slice(0, 1000),
  })) as { files?: { files?: { id?: string }[] }[] };
  const id = result.files?.[0]?.files?.[0]?.id;
  if (!id) throw new Error("files.completeUploadExternal returned no file id");
  return id;
}

/** Uploads a file into a conversation (the asker's DM, or the channel of a shared answer); returns its file id. */
export async function uploadFile(
  client: WebClient,
  bytes: Uint8Array,
  meta: { filename: string; title: string; channelId: string },
): Promise<string | undefined> {
  const result = (await client.filesUploadV2({
    file: Buffer.from(bytes),
    filename: meta.filename,
    title: meta.title,
    channel_id: meta.channelId,
  })) as { files?: { files?: { id?: string }[] }[] };
  return result.files?.[0]?.files?.[0]?.id;
}

/** The Slack error code of a failed Web API call (`not_in_channel`, `missing_scope`…), if it is one. */
export function slackErrorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown; data?: { error?: unknown } };
  if (e.code === webApi.ErrorCode.RateLimitedError) return "ratelimited";
  if (e.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === "string") return e.data.error;
  return undefined;
}

/** Adapts pino to the logger interface the Slack SDKs expect. */
export function slackLogger(logger: Logger): webApi.Logger {
  const child = logger.child({ component: "slack-sdk" });
  let level = "info" as webApi.LogLevel;
  const text = (msg: unknown[]) =>
    msg.map((m) => (typeof m === "string" || m instanceof Error ? String(m) : JSON.stringify(m))).join(" ");
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (l: webApi.LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
