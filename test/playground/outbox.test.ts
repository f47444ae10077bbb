import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlaygroundOutbox, playgroundIdOf, playgroundRoutes } from "../../adapters/playground/index.js";
import { fixedClock } from "../../src/core/clock.js";
import { serverKeys } from "../../src/core/keys.js";
import { createHttp } from "../../src/http/server.js";
import type { Reply } from "../../src/reply/types.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const SESSION = "outbox0123456789";
const SECRET = "s".repeat(32);
// kpibot knows a browser by a keyed hash of its session (the session itself is the browser's secret).
const PLAYGROUND_ID = playgroundIdOf(serverKeys(SECRET), SESSION);
const CONVERSATION = { platform: "playground" as const, conversationId: PLAYGROUND_ID };
const text = (s: string): Reply => ({ locale: "en", fallback: s, blocks: [{ type: "text", text: s }] });

describe("PlaygroundOutbox", () => {
  it("keeps what is posted per conversation; an update replaces the message under a new sequence number", async () => {
    const box = new PlaygroundOutbox();
    const a = await box.messenger.post(CONVERSATION, text("digest"));
    await box.messenger.post({ platform: "playground", conversationId: "playground:other" }, text("elsewhere"));
    const first = box.since(CONVERSATION.conversationId, 0);
    expect(first.map((m) => m.reply.fallback)).toEqual(["digest"]);
    await box.messenger.update(CONVERSATION, a.messageId, text("digest (closed)"));
    const later = box.since(CONVERSATION.conversationId, first[0]?.seq ?? 0);
    expect(later).toEqual([{ seq: box.last, messageId: a.messageId, reply: text("digest (closed)") }]);
    // The whole conversation holds the message once, in its latest version.
    expect(box.since(CONVERSATION.conversationId, 0).map((m) => m.reply.fallback)).toEqual(["digest (closed)"]);
  });

  it("is bounded: recent messages of recent conversations", async () => {
    const box = new PlaygroundOutbox(2, 2);
    for (const n of [1, 2, 3]) await box.messenger.post(CONVERSATION, text(`m${n}`));
    expect(box.since(CONVERSATION.conversationId, 0).map((m) => m.reply.fallback)).toEqual(["m2", "m3"]);
    await box.messenger.post({ platform: "playground", conversationId: "b" }, text("b"));
    await box.messenger.post({ platform: "playground", conversationId: "c" }, text("c"));
    expect(box.since(CONVERSATION.conversationId, 0)).toEqual([]); // the least recently used went
    expect(box.since("c", 0)).toHaveLength(1);
  });
});

describe.each(await testProviders())("playground messages on %s", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, {
      clock: fixedClock(new Date("2026-11-15T10:00:00Z")),
      env: { KPIBOT_ADMINS: `playground:${PLAYGROUND_ID}`, KPIBOT_SECRET: SECRET },
    });
  });
  afterAll(async () => t.close());

  const json = (body: unknown): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

  it("GET /playground/api/messages gives what was posted since `after`, rendered; 400 on a bad session; 404 without an outbox", async () => {
    const outbox = new PlaygroundOutbox();
    const http = createHttp(t.app, [playgroundRoutes({ outbox })]);
    await outbox.messenger.post(CONVERSATION, {
      locale: "en",
      fallback: "Weekly digest",
      blocks: [{ type: "header", text: "Weekly digest <b>" }],
    });
    const res = await http.request(`/playground/api/messages?session=${SESSION}&after=0`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: { seq: number; id: string; html: string }[]; last: number };
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]?.html).toContain("Weekly digest &lt;b&gt;");
    expect(body.last).toBe(body.messages[0]?.seq);
    const again = await http.request(`/playground/api/messages?session=${SESSION}&after=${body.last}`);
    expect(await again.json()).toEqual({ messages: [], last: body.last });
    expect((await http.request("/playground/api/messages?session=x&after=0")).status).toBe(400);
    const without = createHttp(t.app, [playgroundRoutes()]);
    expect((await without.request(`/playground/api/messages?session=${SESSION}&after=0`)).status).toBe(404);
  });

  it("a survey posted in the playground arrives through the outbox and its buttons record the answer", async () => {
    const outbox = new PlaygroundOutbox();
    t.app.messengers.playground = outbox.messenger;
    const http = createHttp(t.app, [playgroundRoutes({ outbox })]);
    const say = async (words: string) => {
      const res = await http.request("/playground/api/interactions", json({ session: SESSION, text: words }));
      expect(res.status).toBe(200);
      return ((await res.json()) as { fallback: string }).fallback;
    };
    await say('survey new "Pulse" csat');
    const [survey] = await t.app.db.query<{ id: number }>("SELECT id FROM surveys ORDER BY id DESC LIMIT 1");
    await say(`survey post ${survey?.id}`);
    const res = await http.request(`/playground/api/messages?session=${SESSION}&after=0`);
    const { messages } = (await res.json()) as { messages: { html: string }[] };
    expect(messages).toHaveLength(1);
    const button = /data-action-id="(survey\.answer)" data-value="([^"]+)">5 /.exec(messages[0]?.html ?? "");
    expect(button).not.toBeNull();
    const click = await http.request(
      "/playground/api/interactions",
      json({ session: SESSION, actionId: button?.[1], value: button?.[2] }),
    );
    expect(click.status).toBe(200);
    const answers = await t.app.db.query<{ n: number; v: number }>(
      "SELECT COUNT(*) AS n, MAX(score) AS v FROM survey_answers WHERE survey_id = ?",
      [Number(survey?.id)],
    );
    expect(answers.map((a) => [Number(a.n), Number(a.v)])).toEqual([[1, 5]]);
  });
});
