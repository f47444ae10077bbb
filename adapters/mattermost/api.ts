import mattermostClient from "@mattermost/client";
import type { Channel } from "@mattermost/types/channels";
import type { Post, PostList } from "@mattermost/types/posts";
import type { UserProfile } from "@mattermost/types/users";
import type { MattermostPost } from "./render.js";

const { Client4, ClientError } = mattermostClient;

/**
 * The part of the Mattermost REST API (v4) kpibot uses, with the bot account's token, through the official
 * client (@mattermost/client). Each call gives up after `timeoutMs`: a call that timed out may still have been
 * carried out (the caller decides what that means).
 */
export interface MattermostApi {
  me(): Promise<UserProfile>;
  user(userId: string): Promise<UserProfile>;
  userByEmail(email: string): Promise<UserProfile>;
  createPost(channelId: string, post: MattermostPost, rootId?: string): Promise<Post>;
  createEphemeral(userId: string, channelId: string, post: MattermostPost, rootId?: string): Promise<Post>;
  patchPost(postId: string, post: MattermostPost): Promise<Post>;
  /** Uploads a PNG to a channel (POST /api/v4/files); returns its file id, to attach to a post. */
  uploadPng(channelId: string, png: Uint8Array, filename: string): Promise<string>;
  directChannel(userIds: [string, string]): Promise<Channel>;
  postsSince(channelId: string, since: Date): Promise<PostList>;
}

/** Why a call failed, as kpibot acts on it. */
export type ApiFailure =
  /** Mattermost refused (4xx but 429): nothing was done. */
  | { kind: "refused"; status: number; id: string | undefined; message: string }
  /** Rate limited (429): nothing was done; try after `retryAfterMs`. */
  | { kind: "rate-limited"; retryAfterMs: number }
  /** Never reached the server: nothing was done. */
  | { kind: "unreachable" }
  /** Timeout, 5xx, dropped answer: it may have been done. */
  | { kind: "unknown" };

/** Reads a failure of the client (ClientError carries the HTTP status and Mattermost's error id). */
export function failureOf(err: unknown): ApiFailure {
  if (err instanceof TimeoutError) return { kind: "unknown" };
  if (err instanceof ClientError) {
    const status = err.status_code ?? 0;
    if (status === 429) {
      const reset = Number((err as { headers?: Record<string, string> }).headers?.["x-ratelimit-reset"]);
      return { kind: "rate-limited", retryAfterMs: Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000 };
    }
    if (status >= 400 && status < 500)
      return { kind: "refused", status, id: err.server_error_id, message: err.message };
    if (status === 0 && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH/.test(String(describeCause(err)))) {
      return { kind: "unreachable" };
    }
  }
  return { kind: "unknown" };
}

function describeCause(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    parts.push(String(code ?? ""), String((e as { message?: unknown }).message ?? ""));
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(" ");
}

class TimeoutError extends Error {}

async function within<T>(ms: number, call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer from Mattermost within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([call, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The API client for MATTERMOST_URL with the bot token. */
export function mattermostApi(opts: { url: string; token: string; timeoutMs?: number }): MattermostApi {
  const client = new Client4();
  client.setUrl(opts.url.replace(/\/+$/, ""));
  client.setToken(opts.token);
  client.setIncludeCookies(false);
  const ms = opts.timeoutMs ?? 10_000;
  const postBody = (channelId: string, post: MattermostPost, rootId?: string) => ({
    channel_id: channelId,
    message: post.message,
    props: post.props,
    ...(post.file_ids ? { file_ids: post.file_ids } : {}),
    ...(rootId ? { root_id: rootId } : {}),
  });
  return {
    me: () => within(ms, client.getMe()),
    user: (userId) => within(ms, client.getUser(userId)),
    userByEmail: (email) => within(ms, client.getUserByEmail(email)),
    createPost: (channelId, post, rootId) => within(ms, client.createPost(postBody(channelId, post, rootId))),
    createEphemeral: (userId, channelId, post, rootId) =>
      within(ms, client.createPostEphemeral(userId, postBody(channelId, post, rootId))),
    patchPost: (postId, post) => within(ms, client.patchPost({ id: postId, message: post.message, props: post.props })),
    async uploadPng(channelId, png, filename) {
      const form = new FormData();
      form.append("channel_id", channelId);
      form.append("files", new Blob([Buffer.from(png)], { type: "image/png" }), filename);
      const result = await within(ms, client.uploadFile(form));
      const id = result.file_infos?.[0]?.id;
      if (!id) throw new Error("Mattermost returned no file id for the uploaded chart");
      return id;
    },
    directChannel: (userIds) => within(ms, client.createDirectChannel(userIds)),
    postsSince: (channelId, since) => within(ms, client.getPostsSince(channelId, since.getTime())),
  };
}
