import type { Hono } from "hono";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMattermost, type MattermostSurface, mattermostSettings } from "../../adapters/mattermost/index.js";
import { toMattermostMarkdown } from "../../adapters/mattermost/markdown.js";
import { handleInteraction } from "../../src/commands/index.js";
import type { Interaction } from "../../src/core/interaction.js";
import { createHttp } from "../../src/http/server.js";
import { userText } from "../../src/reply/markup.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { holdGroupedWrites } from "../helpers/held-writes.js";
import { fakeImager, kpiReply, scriptedHandle } from "../slack/harness.js";
import { type FakeMattermost, type FakePost, startFakeMattermost } from "./fake-mattermost.js";

const COMMAND_TOKEN = "mm-command-token-1";
const PUBLIC = "https://kpibot.example.org";

/** A slash command request as Mattermost sends it (form-encoded, with the command's token). */
function slashBody(text: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    channel_id: "chan1",
    channel_name: "it-ops",
    command: "/kpi",
    response_url: "https://mm.example.org/hooks/commands/x",
    team_domain: "dsi",
    team_id: "team1",
    text,
    token: COMMAND_TOKEN,
    trigger_id: `trig-${Math.random().toString(16).slice(2)}`,
    user_id: "user1",
    user_name: "alice",
    ...extra,
  }).toString();
}

interface Harness {
  fake: FakeMattermost;
  t: TestApp;
  surface: MattermostSurface;
  http: Hono;
  seen: Interaction[];
  command(text: string, extra?: Record<string, string>): Promise<Response>;
  click(post: FakePost, button: number, who?: string, trigger?: string): Promise<Response>;
  close(): Promise<void>;
}

async function start(provider: "sqlite" | "postgresql", real = false): Promise<Harness> {
  const fake = await startFakeMattermost();
  const t = await createTestApp(provider, {
    env: {
      MATTERMOST_URL: fake.url,
      MATTERMOST_BOT_TOKEN: fake.token,
      MATTERMOST_COMMAND_TOKEN: `other-team-token,${COMMAND_TOKEN}`,
      KPIBOT_PUBLIC_URL: PUBLIC,
      KPIBOT_SECRET: "mattermost-test-secret-0123456789",
      KPIBOT_ADMINS: "mattermost:admin1",
    },
  });
  const settings = mattermostSettings(t.app.config);
  if (!settings) throw new Error("Mattermost should be configured");
  const seen: Interaction[] = [];
  const imager = fakeImager("png");
  const surface = createMattermost(t.app, {
    settings,
    draw: (spec) => imager.render(spec),
    handle: real ? handleInteraction : scriptedHandle(seen),
  });
  await surface.start();
  const http = createHttp(t.app, [surface.routes]);
  return {
    fake,
    t,
    surface,
    http,
    seen,
    command: async (text, extra) => {
      const res = await http.request("/mattermost/command", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: slashBody(text, extra),
      });
      await surface.idle();
      return res;
    },
    click: async (post, button, who = "user2", trigger = `click-${Math.random()}`) => {
      const actions = (
        post.props.attachments as { actions?: { integration: { url: string; context: unknown } }[] }[]
      ).flatMap((a) => a.actions ?? []);
      const action = actions[button];
      if (!action) throw new Error(`no button ${button}`);
      expect(action.integration.url).toBe(`${PUBLIC}/mattermost/actions`);
      const res = await http.request("/mattermost/actions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        // What the Mattermost server sends: the clicker it authenticated, the post, and the stored context.
        body: JSON.stringify({
          user_id: who,
          user_name: who,
          channel_id: post.channel_id,
          team_id: "team1",
          post_id: post.id,
          trigger_id: trigger,
          type: "",
          data_source: "",
          context: action.integration.context,
        }),
      });
      await surface.idle();
      return res;
    },
    close: async () => {
      await surface.idle();
      await t.close();
      await fake.close();
    },
  };
}

describe("Mattermost Markdown: people's text stays text", () => {
  it("no mention, channel link, live link or emphasis from user text; kpibot's bold and code kept", () => {
    const md = toMattermostMarkdown(
      `**Group** ${userText("@channel ~town-square https://evil.example *x* [a](b) #h")} \`fcr\``,
    );
    expect(md.startsWith("**Group**")).toBe(true);
    expect(md).toContain("`fcr`");
    expect(md).not.toMatch(/@channel|~town|https:\/\/|\*x\*|\[a\]\(b\)/);
    expect(md.replace(/[\u2060\\]/g, "")).toContain("@channel ~town-square https://evil.example *x* [a](b) #h");
  });
});

describe.each(await testProviders())("Mattermost /kpi and buttons (%s)", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await start(provider);
  });
  afterEach(() => {
    h.fake.reset();
    h.seen.length = 0;
  });
  afterAll(async () => h.close());

  it("refuses a slash command without the command's token, or with another one, and answers nothing", async () => {
    const wrong = await h.command("fcr", { token: "not-the-token" });
    const missing = await h.http.request("/mattermost/command", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: slashBody("fcr").replace(/token=[^&]+&?/, ""),
    });
    expect([wrong.status, missing.status]).toEqual([401, 401]);
    expect(h.seen).toEqual([]);
    expect(h.fake.ephemerals).toEqual([]);
  });

  it("answers /kpi privately (an ephemeral post), with the chart as a signed kpibot link and signed buttons", async () => {
    h.fake.users.set("user1", { id: "user1", username: "alice", locale: "fr" });
    const res = await h.command("fcr mois dernier");
    expect(res.status).toBe(200);
    // Mattermost posts nothing for an empty ephemeral response: the answer comes through the API.
    expect(await res.json()).toEqual({ response_type: "ephemeral", text: "" });
    expect(h.seen[0]).toMatchObject({
      kind: "command",
      text: "fcr mois dernier",
      locale: "fr",
      user: { platform: "mattermost", id: "user1", name: "alice" },
      conversation: { platform: "mattermost", conversationId: "chan1", teamId: "team1", name: "it-ops" },
    });
    expect(h.fake.ephemerals).toHaveLength(1);
    const { user_id, post } = h.fake.ephemerals[0] ?? { user_id: "", post: undefined };
    expect(user_id).toBe("user1");
    expect(post?.channel_id).toBe("chan1");
    expect(post?.message).toContain("#### First contact resolution — fcr mois dernier");
    const attachments = post?.props.attachments as {
      image_url?: string;
      fields?: unknown[];
      color?: string;
      actions?: { name: string }[];
    }[];
    expect(attachments.find((a) => a.fields)?.color).toBe("#2eb886");
    expect(attachments.find((a) => a.image_url)?.image_url).toMatch(
      new RegExp(`^${PUBLIC}/charts/.+\\.png\\?exp=\\d+&sig=`),
    );
    expect(attachments.flatMap((a) => a.actions ?? []).map((a) => a.name)).toEqual([
      "Previous period",
      "Explain",
      "Share in channel",
    ]);
    // Every call carried the bot token.
    expect(h.fake.calls.map((c) => c.authorization?.toLowerCase())).toEqual(
      h.fake.calls.map(() => `bearer ${h.fake.token}`),
    );
  });

  it("a shared answer is posted in the channel with its chart uploaded (POST /api/v4/files) and no Share button", async () => {
    await h.command("fcr last month share");
    expect(h.fake.ephemerals).toEqual([]);
    expect(h.fake.uploads).toHaveLength(1);
    expect(h.fake.uploads[0]?.channelId).toBe("chan1");
    expect(h.fake.uploads[0]?.bytes).toBeGreaterThan(0);
    const post = h.fake.posts[0];
    expect(post?.file_ids).toEqual([h.fake.uploads[0]?.id]);
    const names = ((post?.props.attachments ?? []) as { actions?: { name: string }[] }[]).flatMap(
      (a) => a.actions ?? [],
    );
    expect(names.map((a) => a.name)).toEqual(["Previous period", "Explain"]);
  });

  it("a button click runs the button's command for the clicker; a forged context is refused; a double click answered once", async () => {
    await h.command("fcr last month");
    const post = h.fake.ephemerals[0]?.post;
    if (!post) throw new Error("no answer");
    h.seen.length = 0;
    expect((await h.click(post, 0, "user2", "t1")).status).toBe(200);
    expect(h.seen).toEqual([
      expect.objectContaining({
        kind: "action",
        actionId: "kpi.previous",
        value: "fcr 2026-09",
        user: expect.objectContaining({ id: "user2" }),
      }),
    ]);
    expect((await h.click(post, 0, "user2", "t2")).status).toBe(200);
    expect(h.seen).toHaveLength(1);
    // A crafted callback: another value under the same signature.
    const forged = await h.http.request("/mattermost/actions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        user_id: "admin1",
        channel_id: "chan1",
        post_id: post.id,
        context: { a: "kpi.previous", v: "role grant mattermost:user2 admin", s: "forged" },
      }),
    });
    const unsigned = await h.http.request("/mattermost/actions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_id: "admin1", channel_id: "chan1", context: { a: "kpi.previous", v: "x" } }),
    });
    expect([forged.status, unsigned.status]).toEqual([401, 401]);
    await h.surface.idle();
    expect(h.seen).toHaveLength(1);
  });
});

describe.each(await testProviders())("Mattermost Messenger and the real core (%s)", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await start(provider, true);
  });
  afterEach(() => h.fake.reset());
  afterAll(async () => h.close());

  it("posts with the delivery id in the post's props, finds it after an unknown outcome, opens a DM with a user", async () => {
    const ref = { platform: "mattermost" as const, conversationId: "chan9" };
    const posted = await h.surface.messenger.post(ref, kpiReply("digest", { shared: true }), { deliveryId: "d-1" });
    expect(h.fake.posts[0]?.props.kpibot_delivery).toBe("d-1");
    expect(await h.surface.messenger.find?.(ref, "d-1", new Date(Date.now() - 5_000))).toEqual({
      messageId: posted.messageId,
    });
    // The server carries the post out but answers 500: kpibot cannot know, says so, and does not post twice.
    h.fake.failNext("POST /api/v4/posts", 500, { carryOut: true });
    await expect(
      h.surface.messenger.post(ref, kpiReply("again", { shared: true }), { deliveryId: "d-2" }),
    ).rejects.toMatchObject({
      code: "OUTCOME_UNKNOWN",
    });
    expect(h.fake.posts.filter((p) => p.props.kpibot_delivery === "d-2")).toHaveLength(1);
    expect(await h.surface.messenger.find?.(ref, "d-2", new Date(Date.now() - 5_000))).toBeDefined();
    // A channel the bot is not in: refused with what to do.
    h.fake.failNext("POST /api/v4/posts", 403, { id: "api.post.create_post.channel_permission.app_error" });
    await expect(h.surface.messenger.post(ref, kpiReply("x", { shared: true }))).rejects.toThrow(/add its bot account/);
    expect(await h.surface.messenger.direct?.("user7")).toEqual({
      platform: "mattermost",
      conversationId: "dm_botuser_user7",
    });
  });

  it("a survey answer is acknowledged to Mattermost only once it is stored", async () => {
    const admin = { user_id: "admin1", user_name: "admin" };
    await h.command('survey new "Pulse" csat "How was it?"', admin);
    await h.command("survey post 1", admin);
    const post = [...h.fake.posts, ...h.fake.ephemerals.map((e) => e.post)].find((p) =>
      JSON.stringify(p.props).includes("survey.answer"),
    );
    if (!post) throw new Error("the survey was not posted");
    const actions = (post.props.attachments as { actions?: { integration: { context: { a: string } } }[] }[])
      .flatMap((a) => a.actions ?? [])
      .filter((a) => a.integration.context.a.startsWith("survey.answer"));
    const db = h.t.app.db;
    const store = holdGroupedWrites(db, "INSERT INTO survey_answers");
    try {
      const acked = Promise.resolve(
        h.http.request("/mattermost/actions", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            user_id: "user5",
            user_name: "eve",
            channel_id: post.channel_id,
            team_id: "team1",
            post_id: post.id,
            trigger_id: "survey-click-1",
            context: actions[3]?.integration.context,
          }),
        }),
      ).then((r) => r.status);
      const first = await Promise.race([acked, new Promise((resolve) => setTimeout(() => resolve("waiting"), 300))]);
      expect(first).toBe("waiting");
      store.release();
      expect(await acked).toBe(200);
      expect(await db.query("SELECT score FROM survey_answers WHERE score = 4")).toHaveLength(1);
    } finally {
      store.restore();
      await h.surface.idle();
    }
  });

  it("a viewer's admin command is refused by the core and the refusal is private, in the user's Mattermost language", async () => {
    h.fake.users.set("user3", { id: "user3", username: "bob", locale: "fr" });
    await h.command("objectif fcr 80", { user_id: "user3", user_name: "bob" });
    expect(h.fake.posts).toEqual([]);
    expect(h.fake.ephemerals).toHaveLength(1);
    expect(h.fake.ephemerals[0]?.post.message).toMatch(/admin/i);
    expect(await h.t.app.repos.targets.all("fcr")).toEqual([]);
  });
});
