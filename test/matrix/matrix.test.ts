import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addressedToBot } from "../../adapters/matrix/bot.js";
import { createMatrix, type MatrixSurface, matrixSettings } from "../../adapters/matrix/index.js";
import { handleInteraction } from "../../src/commands/index.js";
import type { Interaction } from "../../src/core/interaction.js";
import { userText } from "../../src/reply/markup.js";
import type { Reply } from "../../src/reply/types.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { fakeImager, kpiReply } from "../slack/harness.js";
import { type FakeHomeserver, startFakeHomeserver } from "./fake-homeserver.js";

const ROOM = "!ops:example.org";
const DM = "!dm-alice:example.org";
const ALICE = "@alice:example.org";

let seq = 0;
const message = (_roomId: string, body: string, extra: Record<string, unknown> = {}) => ({
  type: "m.room.message",
  event_id: `$in${++seq}`,
  sender: ALICE,
  origin_server_ts: 1_763_200_000_000,
  content: { msgtype: "m.text", body, ...extra },
});
const joined = (roomId: string, events: ReturnType<typeof message>[], members = 5) => ({
  rooms: { join: { [roomId]: { timeline: { events }, summary: { "m.joined_member_count": members } } } },
});

describe("what in a room is for kpibot", () => {
  const bot = "@kpibot:example.org";
  const ev = (body: string, extra: Record<string, unknown> = {}) => message(ROOM, body, extra);
  it("!kpi, a mention or the bot's name first; everything in a direct chat; never its own messages or edits", () => {
    expect(addressedToBot(ev("!kpi fcr last month"), bot, false)).toEqual({ text: "fcr last month" });
    expect(addressedToBot(ev("kpibot: sla q3"), bot, false)).toEqual({ text: "sla q3" });
    expect(addressedToBot(ev("@kpibot:example.org mttr", { "m.mentions": { user_ids: [bot] } }), bot, false)).toEqual({
      text: "mttr",
    });
    expect(addressedToBot(ev("!kpi"), bot, false)).toEqual({ text: "help" });
    expect(addressedToBot(ev("lunch?"), bot, false)).toBeUndefined();
    expect(addressedToBot(ev("fcr"), bot, true)).toEqual({ text: "fcr" });
    expect(addressedToBot({ ...ev("!kpi fcr"), sender: bot }, bot, false)).toBeUndefined();
    expect(
      addressedToBot(ev("!kpi fcr", { "m.relates_to": { rel_type: "m.replace", event_id: "$x" } }), bot, false),
    ).toBeUndefined();
    expect(
      addressedToBot(ev("!kpi fcr", { "m.relates_to": { rel_type: "m.thread", event_id: "$root" } }), bot, false),
    ).toEqual({ text: "fcr", threadRoot: "$root" });
  });
});

describe.each(await testProviders())("kpibot on Matrix (%s)", (provider) => {
  let hs: FakeHomeserver;
  let t: TestApp;
  let surface: MatrixSurface;
  const seen: Interaction[] = [];
  const sleeps: number[] = [];

  const build = (handle?: (interaction: Interaction) => Reply) =>
    createMatrix(t.app, {
      settings: matrixSettings(t.app.config) ?? { homeserver: "", token: "", minIntervalMs: 0 },
      draw: (spec) => fakeImager("png").render(spec),
      pollMs: 0,
      ...(handle
        ? {
            handle: async (_app: unknown, interaction: Interaction) => {
              seen.push(interaction);
              return handle(interaction);
            },
          }
        : { handle: handleInteraction }),
    });

  beforeAll(async () => {
    hs = await startFakeHomeserver();
    t = await createTestApp(provider, {
      env: {
        MATRIX_HOMESERVER_URL: hs.url,
        MATRIX_ACCESS_TOKEN: hs.token,
        MATRIX_MIN_INTERVAL_MS: "40",
        KPIBOT_SECRET: "matrix-test-secret-0123456789abcdef",
      },
    });
    surface = build((i) =>
      i.kind === "command"
        ? kpiReply(i.text, { shared: true })
        : { locale: "en", fallback: `clicked ${i.value}`, blocks: [{ type: "text", text: `clicked ${i.value}` }] },
    );
    void sleeps;
  });
  afterAll(async () => {
    await t.close();
    await hs.close();
  });

  it("a new bot catches up without answering history, then joins invites and leaves an encrypted room saying why", async () => {
    hs.push(joined(ROOM, [message(ROOM, "!kpi fcr (an old question)")]));
    await surface.bot.syncOnce();
    expect(seen).toEqual([]);
    expect(await t.app.repos.settings.get("matrix.sync.since")).toBe("s1");
    hs.push({
      rooms: {
        invite: {
          "!plain:example.org": { invite_state: { events: [{ type: "m.room.name", content: { name: "IT" } }] } },
          "!secret:example.org": {
            invite_state: {
              events: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
            },
          },
        },
      },
    });
    await surface.bot.syncOnce();
    const joins = hs.calls
      .filter((c) => c.path.startsWith("/_matrix/client/v3/join/"))
      .map((c) => c.path.split("/").pop());
    expect(joins).toEqual(["!plain:example.org", "!secret:example.org"]);
    expect(hs.sent.find((e) => e.roomId === "!secret:example.org")?.content.body).toMatch(/end-to-end encrypted/);
    expect(hs.calls.some((c) => c.path === "/_matrix/client/v3/rooms/!secret:example.org/leave")).toBe(true);
    // The sync resumed from the stored position.
    expect(hs.calls.filter((c) => c.path === "/_matrix/client/v3/sync").map((c) => c.query.since)).toEqual([
      undefined,
      "s1",
    ]);
  });

  it("answers !kpi with an m.notice (plain and HTML, no mention), its chart as an uploaded m.image, in the thread asked", async () => {
    const before = hs.sent.length;
    hs.push(
      joined(ROOM, [
        message(ROOM, "!kpi fcr last month", { "m.relates_to": { rel_type: "m.thread", event_id: "$root" } }),
      ]),
    );
    await surface.bot.syncOnce();
    expect(seen.at(-1)).toMatchObject({
      kind: "command",
      text: "fcr last month",
      user: { platform: "matrix", id: ALICE },
      conversation: { platform: "matrix", conversationId: ROOM },
    });
    const out = hs.sent.slice(before);
    expect(out.map((e) => e.content.msgtype)).toEqual(["m.notice", "m.image"]);
    const [notice, image] = out;
    expect(notice?.content.format).toBe("org.matrix.custom.html");
    expect(String(notice?.content.formatted_body)).toContain("<h4>First contact resolution — fcr last month</h4>");
    expect(String(notice?.content.body)).toContain("Value: 72.5 %");
    expect(notice?.content["m.mentions"]).toEqual({});
    expect(notice?.content["m.relates_to"]).toMatchObject({ rel_type: "m.thread", event_id: "$root" });
    expect(image?.content).toMatchObject({
      body: "FCR over the last 6 months",
      url: expect.stringMatching(/^mxc:\/\//),
    });
    expect(hs.uploads.at(-1)).toBeGreaterThan(0);
  });

  it("in a direct chat anything is a question, and a number picks one of the listed actions", async () => {
    hs.push(joined(DM, [message(DM, "mttr last week")], 2));
    await surface.bot.syncOnce();
    const notice = hs.sent.filter((e) => e.content.msgtype === "m.notice").at(-1);
    expect(String(notice?.content.body)).toMatch(/1\. Previous period\n2\. Explain\nReply !kpi 1–!kpi 2/);
    hs.push(joined(DM, [message(DM, "2")], 2));
    await surface.bot.syncOnce();
    expect(seen.at(-1)).toMatchObject({ kind: "action", actionId: "kpi.explain", value: "explain fcr" });
    expect(hs.sent.at(-1)?.content.body).toBe("clicked explain fcr");
  });

  it("a restart resumes from the stored position; a message delivered again is answered once", async () => {
    const again = message(ROOM, "!kpi volume");
    hs.push(joined(ROOM, [again]));
    await surface.bot.syncOnce();
    const answered = seen.length;
    const stored = await t.app.repos.settings.get("matrix.sync.since");
    const restarted = build((i) => kpiReply(i.kind === "command" ? i.text : i.value, { shared: true }));
    hs.push(joined(ROOM, [again]));
    await restarted.bot.syncOnce();
    expect(seen).toHaveLength(answered);
    const syncs = hs.calls.filter((c) => c.path === "/_matrix/client/v3/sync");
    expect(syncs.at(-1)?.query.since).toBe(stored);
  });

  it("a 429 is waited out as retry_after_ms says and the message sent once; requests are paced apart", async () => {
    const before = hs.sent.length;
    hs.rateLimitNext("/_matrix/client/v3/rooms/", 1, 120);
    // The pacing is the client's: when each request leaves kpibot (the homeserver's arrival times also carry the
    // machine's scheduling jitter, which a loaded CI machine makes larger than the interval's slack).
    const starts: number[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      if (init?.method === "PUT") starts.push(performance.now());
      return realFetch(input, init);
    });
    try {
      const posted = await surface.messenger.post(
        { platform: "matrix", conversationId: ROOM },
        kpiReply("digest", { shared: true }),
        { deliveryId: "d-7" },
      );
      // The same delivery again: the same transaction id, the same event.
      const again = await surface.messenger.post(
        { platform: "matrix", conversationId: ROOM },
        kpiReply("digest", { shared: true }),
        { deliveryId: "d-7" },
      );
      expect(again.messageId).toBe(posted.messageId);
    } finally {
      spy.mockRestore();
    }
    expect(hs.sent.slice(before).filter((e) => e.content.msgtype === "m.notice")).toHaveLength(1);
    expect(hs.calls.filter((c) => c.method === "PUT").length).toBeGreaterThanOrEqual(3);
    const gaps = starts.slice(1).map((at, i) => at - (starts[i] ?? 0));
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    // MATRIX_MIN_INTERVAL_MS=40 between requests (timer rounding allowed), and the 429's 120 ms wait.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(38);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(118);
  });

  it("people's text never mentions the room or becomes a link; DMs are rooms created with the user", async () => {
    const hostile = userText("@room see https://evil.example <b>x</b>");
    await surface.messenger.post(
      { platform: "matrix", conversationId: ROOM },
      {
        locale: "en",
        fallback: hostile,
        blocks: [{ type: "text", text: `Group ${hostile}` }],
      },
    );
    const last = hs.sent.at(-1)?.content;
    expect(String(last?.body)).not.toMatch(/@room|https:\/\//);
    expect(String(last?.formatted_body)).not.toMatch(/<b>|@room|https:\/\//);
    expect(String(last?.body).replace(/\u2060/g, "")).toContain("@room see https://evil.example <b>x</b>");
    expect(await surface.messenger.direct?.("@bob:example.org")).toEqual({
      platform: "matrix",
      conversationId: "!dm-@bob:example.org:example.org",
    });
  });
});
