import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isKpibotError } from "../../src/errors.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { fakeImager, type Harness, kpiReply, startHarness } from "./harness.js";

describe("Slack Messenger (post/update a Reply in a stored conversation)", () => {
  let fake: FakeSlack;
  let h: Harness;
  let q: Harness;
  beforeAll(async () => {
    fake = await startFakeSlack();
    h = await startHarness("sqlite", { fake });
    q = await startHarness("sqlite", { fake, charts: fakeImager("url") });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await h.close();
    await q.close();
    await fake.close();
  });

  const ref = { platform: "slack" as const, conversationId: "C777", teamId: "T1", threadTs: "1700.1" };

  it("posts with chat.postMessage (chart uploaded, no Share button) and returns the message ts", async () => {
    const posted = await h.slack.messenger.post(ref, kpiReply("2026-10 digest"));
    const calls = fake.callsOf("chat.postMessage");
    expect(calls).toHaveLength(1);
    const args = calls[0]?.args as { channel: string; thread_ts: string; text: string; blocks: { type: string }[] };
    expect(posted).toEqual({ messageId: "1760000001.000100" });
    expect(args.channel).toBe("C777");
    expect(args.thread_ts).toBe("1700.1");
    expect(args.text).toBe("FCR 2026-10 digest: 72.5 %");
    expect(args.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "image", "actions"]);
    expect(JSON.stringify(args.blocks)).not.toContain("kpi.share");
    expect(fake.callsOf("files.completeUploadExternal")).toHaveLength(1);
    expect(calls[0]?.authorization).toBe("Bearer xoxb-test-token");
  });

  it("a post addressed to a user id says which DM channel it landed in (chat.update needs it)", async () => {
    const posted = await h.slack.messenger.post({ platform: "slack", conversationId: "U42" }, kpiReply("dm"));
    expect(fake.callsOf("chat.postMessage")[0]?.args.channel).toBe("U42");
    expect(posted).toEqual({ messageId: expect.any(String), conversationId: "D42" });
  });

  it("updates with chat.update", async () => {
    await h.slack.messenger.update(ref, "1760000001.000100", kpiReply("2026-10 digest (updated)"));
    const args = fake.callsOf("chat.update")[0]?.args;
    expect(args).toMatchObject({
      channel: "C777",
      ts: "1760000001.000100",
      text: "FCR 2026-10 digest (updated): 72.5 %",
    });
  });

  it("in QuickChart mode, shows the chart by image_url without uploading", async () => {
    await q.slack.messenger.post(ref, kpiReply("quickchart"));
    const blocks = fake.callsOf("chat.postMessage")[0]?.args.blocks as { type: string; image_url?: string }[];
    expect(blocks.find((b) => b.type === "image")?.image_url).toBe(
      "https://quickchart.example.com/chart/render/abc123",
    );
    expect(fake.callsOf("files.getUploadURLExternal")).toEqual([]);
  });

  it("maps not_in_channel to 'invite me with /invite @kpibot', in the reply's language", async () => {
    fake.failNext("chat.postMessage", "not_in_channel");
    fake.failNext("chat.postMessage", "not_in_channel");
    const en = await h.slack.messenger.post(ref, kpiReply("a")).catch((e: unknown) => e);
    const fr = await h.slack.messenger.post(ref, kpiReply("b", { locale: "fr" })).catch((e: unknown) => e);
    expect(isKpibotError(en, "PLATFORM_ERROR")).toBe(true);
    expect((en as Error).message).toBe(
      "I'm not in this channel yet: invite me with `/invite @kpibot`, then try again.",
    );
    expect((fr as Error).message).toBe(
      "Je ne suis pas encore dans ce canal : invitez-moi avec `/invite @kpibot`, puis réessayez.",
    );
  });

  it("names the missing scope, and says to check the token on invalid_auth", async () => {
    fake.failNext("chat.update", "missing_scope", { needed: "chat:write" });
    fake.failNext("chat.update", "invalid_auth");
    const scope = await h.slack.messenger.update(ref, "1.2", kpiReply("c")).catch((e: unknown) => e);
    const auth = await h.slack.messenger.update(ref, "1.2", kpiReply("d")).catch((e: unknown) => e);
    expect((scope as Error).message).toContain("(chat:write)");
    expect((auth as Error).message).toContain("SLACK_BOT_TOKEN");
  });

  it("waits out a 429 Retry-After and posts exactly once", async () => {
    fake.rateLimitNext("chat.postMessage", 2);
    const posted = await h.slack.messenger.post(ref, kpiReply("e"));
    expect(posted.messageId).toMatch(/^\d+\.000100$/);
    expect(fake.callsOf("chat.postMessage")).toHaveLength(1);
  });
});
