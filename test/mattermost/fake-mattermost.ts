import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "../../kit/read-body.js";

/** One call the fake received. */
export interface MattermostCall {
  method: string;
  path: string;
  body: unknown;
  authorization: string | undefined;
}

/** A post as the fake stores it. */
export interface FakePost {
  id: string;
  channel_id: string;
  message: string;
  props: Record<string, unknown>;
  file_ids?: string[];
  root_id?: string;
  create_at: number;
}

/**
 * A recording Mattermost REST API (v4) on 127.0.0.1, answering the documented shapes of the calls kpibot makes
 * (users/me, users/{id}, users/email/{email}, posts, posts/ephemeral, posts/{id}/patch, files, channels/direct,
 * channels/{id}/posts) with the bot token checked, and failures on demand.
 */
export interface FakeMattermost {
  url: string;
  token: string;
  calls: MattermostCall[];
  posts: FakePost[];
  ephemerals: { user_id: string; post: FakePost }[];
  uploads: { channelId: string; bytes: number; id: string }[];
  users: Map<string, { id: string; username: string; email?: string; locale?: string }>;
  /** The next call to `path` (e.g. "POST /api/v4/posts") answers `status`; with `carryOut`, after doing it. */
  failNext(route: string, status: number, opts?: { carryOut?: boolean; id?: string }): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeMattermost(token = "bot-token-1"): Promise<FakeMattermost> {
  let seq = 0;
  const failures = new Map<string, { status: number; carryOut: boolean; id: string }[]>();
  const state = {
    calls: [] as MattermostCall[],
    posts: [] as FakePost[],
    ephemerals: [] as { user_id: string; post: FakePost }[],
    uploads: [] as { channelId: string; bytes: number; id: string }[],
  };
  const users = new Map<string, { id: string; username: string; email?: string; locale?: string }>();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    // Exactly application/json: @mattermost/client reads the body as JSON only then.
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, id: string, message: string) =>
    json(res, status, { id, message, status_code: status, request_id: "r" });
  const makePost = (body: Record<string, unknown>): FakePost => ({
    id: `post${++seq}`,
    channel_id: String(body.channel_id),
    message: String(body.message ?? ""),
    props: (body.props as Record<string, unknown>) ?? {},
    ...(Array.isArray(body.file_ids) ? { file_ids: body.file_ids as string[] } : {}),
    ...(typeof body.root_id === "string" ? { root_id: body.root_id } : {}),
    create_at: Date.now(),
  });

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://fake");
    const route = `${req.method} ${url.pathname}`;
    const type = req.headers["content-type"] ?? "";
    let body: unknown = raw.length === 0 ? undefined : raw.toString("utf8");
    if (type.includes("application/json") && raw.length > 0) body = JSON.parse(raw.toString("utf8"));
    let form: FormData | undefined;
    if (type.includes("multipart/form-data")) {
      form = await new Response(new Uint8Array(raw), { headers: { "content-type": type } }).formData();
      body = { channel_id: form.get("channel_id") };
    }
    state.calls.push({ method: req.method ?? "", path: url.pathname, body, authorization: req.headers.authorization });
    // The server reads the scheme case-insensitively (the official client sends "BEARER").
    if ((req.headers.authorization ?? "").replace(/^bearer\s+/i, "Bearer ") !== `Bearer ${token}`)
      return error(res, 401, "api.context.session_expired.app_error", "Invalid or expired session");
    const failing = failures.get(route)?.shift();
    if (failing && !failing.carryOut) return error(res, failing.status, failing.id, "failure on demand");
    const answer = (status: number, payload: unknown) => {
      if (failing) return error(res, failing.status, failing.id, "failure on demand (carried out)");
      return json(res, status, payload);
    };
    const b = (body ?? {}) as Record<string, unknown>;
    if (route === "GET /api/v4/users/me") return answer(200, { id: "botuser", username: "kpibot", is_bot: true });
    const m1 = /^GET \/api\/v4\/users\/email\/(.+)$/.exec(route);
    if (m1) {
      const email = decodeURIComponent(m1[1] ?? "").toLowerCase();
      const user = [...users.values()].find((u) => u.email?.toLowerCase() === email);
      return user ? answer(200, user) : error(res, 404, "app.user.missing_account.const", "Unable to find the user.");
    }
    const m2 = /^GET \/api\/v4\/users\/([a-z0-9]+)$/.exec(route);
    if (m2) {
      const user = users.get(m2[1] ?? "");
      return user ? answer(200, user) : error(res, 404, "app.user.missing_account.const", "Unable to find the user.");
    }
    if (route === "POST /api/v4/posts") {
      const post = makePost(b);
      state.posts.push(post);
      return answer(201, post);
    }
    if (route === "POST /api/v4/posts/ephemeral") {
      const post = makePost(b.post as Record<string, unknown>);
      state.ephemerals.push({ user_id: String(b.user_id), post });
      return answer(201, post);
    }
    const m3 = /^PUT \/api\/v4\/posts\/([a-z0-9]+)\/patch$/.exec(route);
    if (m3) {
      const post = state.posts.find((p) => p.id === m3[1]);
      if (!post) return error(res, 404, "app.post.get.app_error", "Unable to get the post.");
      Object.assign(post, { message: b.message ?? post.message, props: b.props ?? post.props });
      return answer(200, post);
    }
    if (route === "POST /api/v4/files") {
      const file = form?.get("files");
      const id = `file${++seq}`;
      state.uploads.push({
        channelId: String(form?.get("channel_id")),
        bytes: file instanceof Blob ? file.size : 0,
        id,
      });
      return answer(201, { file_infos: [{ id, name: "kpibot-chart.png" }], client_ids: [] });
    }
    if (route === "POST /api/v4/channels/direct") {
      const ids = (body as string[]).slice().sort();
      return answer(201, { id: `dm_${ids.join("_")}`, type: "D", name: ids.join("__") });
    }
    const m4 = /^GET \/api\/v4\/channels\/([a-z0-9_]+)\/posts$/.exec(route);
    if (m4) {
      const since = Number(url.searchParams.get("since") ?? 0);
      const found = state.posts.filter((p) => p.channel_id === m4[1] && p.create_at >= since);
      return answer(200, {
        order: found.map((p) => p.id).reverse(),
        posts: Object.fromEntries(found.map((p) => [p.id, p])),
      });
    }
    return error(res, 404, "api.context.404.app_error", `no route ${route}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    get calls() {
      return state.calls;
    },
    get posts() {
      return state.posts;
    },
    get ephemerals() {
      return state.ephemerals;
    },
    get uploads() {
      return state.uploads;
    },
    users,
    failNext(route, status, opts = {}) {
      failures.set(route, [
        ...(failures.get(route) ?? []),
        { status, carryOut: opts.carryOut ?? false, id: opts.id ?? "api.failure" },
      ]);
    },
    reset() {
      state.calls = [];
      state.posts = [];
      state.ephemerals = [];
      state.uploads = [];
      failures.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
