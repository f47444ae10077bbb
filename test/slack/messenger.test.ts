import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createWebClient } from "../../adapters/slack/api.js";
import { slackMessenger } from "../../adapters/slack/messenger.js";
import { isKpibotError } from "../../src/errors.js";
import { createLogger } from "../../src/logger.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { fakeImager, type Harness, kpiReply, startHarness } from "./harness.js";

/** A message someone else posts in a channel (straight to the fake's API, as another app would). */
async function fakePost(fake: FakeSlack, channel: string): Promise<void> {
  await fetch(`${fake.apiUrl}chat.postMessage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ channel, text: "chatter" }),
  });
}

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

  it("a post whose answer is lost is sent once, fails as OUTCOME_UNKNOWN, and is found again by its delivery id", async () => {
    const channel = { platform: "slack" as const, conversationId: "C888", teamId: "T1" };
    // Slack posts the message, then the connection drops before the answer: the client cannot know.
    fake.loseAnswerNext("chat.postMessage", "drop");
    const lost = await h.slack.messenger
      .post(channel, kpiReply("lost"), { deliveryId: "digest:41" })
      .catch((e: unknown) => e);
    expect(isKpibotError(lost, "OUTCOME_UNKNOWN")).toBe(true);
    // No automatic retry: one call reached Slack, one message is in the channel, carrying the delivery id.
    expect(fake.callsOf("chat.postMessage")).toHaveLength(1);
    expect(fake.history("C888").map((m) => m.metadata)).toEqual([
      { event_type: "kpibot_delivery", event_payload: { delivery_id: "digest:41" } },
    ]);
    const find = h.slack.messenger.find;
    if (!find) throw new Error("the Slack Messenger can look for a message");
    const since = new Date("2026-11-16T07:30:00Z");
    expect(await find(channel, "digest:41", since)).toEqual({ messageId: fake.history("C888")[0]?.ts });
    expect(await find(channel, "digest:42", since)).toBeUndefined();
    expect(fake.callsOf("conversations.history")[0]?.args).toMatchObject({
      channel: "C888",
      include_all_metadata: "true",
      oldest: `${since.getTime() / 1000}.000000`,
    });
  });

  it("find pages through the conversation, and says so when it cannot look through everything", async () => {
    const channel = { platform: "slack" as const, conversationId: "C999", teamId: "T1" };
    await h.slack.messenger.post(channel, kpiReply("old"), { deliveryId: "alert:7" });
    for (let i = 0; i < 250; i++) await fakePost(fake, "C999");
    const since = new Date("2026-11-16T07:30:00Z");
    expect(await h.slack.messenger.find?.(channel, "alert:7", since)).toEqual({
      messageId: fake.history("C999")[0]?.ts,
    });
    expect(fake.callsOf("conversations.history")).toHaveLength(2);
    await expect(h.slack.messenger.find?.(channel, "alert:8", since)).resolves.toBeUndefined();
    // Allowed one page only, it does not pretend the message is absent: it cannot tell.
    const client = createWebClient("xoxb-test-token", { slackApiUrl: fake.apiUrl }, createLogger("silent"));
    const charts = { prepare: async () => [] };
    const short = slackMessenger({
      client,
      postClient: client,
      charts,
      logger: createLogger("silent"),
      maxHistoryPages: 1,
    });
    await expect(short.find?.(channel, "alert:8", since)).rejects.toThrow("more than 1 pages of messages");
  });
});
