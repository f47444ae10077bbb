import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { commandOfMessage } from "../../adapters/slack/listeners/messages.js";
import { handleInteraction } from "../../src/commands/index.js";
import { testProviders } from "../helpers/databases.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { CONTENT, type Harness, startHarness } from "./harness.js";
import { eventBody } from "./requests.js";

const mention = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "app_mention",
  user: "U5",
  text,
  ts: "1763200000.000100",
  channel: "C9",
  event_ts: "1763200000.000100",
  ...extra,
});
const dm = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "message",
  channel_type: "im",
  user: "U5",
  text,
  ts: "1763200001.000200",
  channel: "D5",
  event_ts: "1763200001.000200",
  ...extra,
});

describe("the command in a message", () => {
  it("drops kpibot's own mention wherever it is and keeps other people's", () => {
    expect(commandOfMessage("<@UBOT> fcr last month", "UBOT")).toBe("fcr last month");
    expect(commandOfMessage("hey <@UBOT|kpibot>   sla q3", "UBOT")).toBe("hey sla q3");
    expect(commandOfMessage("<@UBOT> role grant <@U123> admin", "UBOT")).toBe("role grant <@U123> admin");
    // Before auth.test told kpibot its own id: the leading mention is the bot's (Slack puts it first).
    expect(commandOfMessage("<@UBOT> fcr", undefined)).toBe("fcr");
    expect(commandOfMessage("<@UBOT>", "UBOT")).toBe("");
  });
});

describe.each(await testProviders())("Slack mentions and direct messages (%s)", (provider) => {
  let fake: FakeSlack;
  let h: Harness;
  beforeAll(async () => {
    fake = await startFakeSlack();
    h = await startHarness(provider, { fake });
  });
  afterEach(() => {
    fake.reset();
    h.seen.length = 0;
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  const post = async (event: Record<string, unknown>, eventId?: string) => {
    const res = await h.post(eventBody(event, eventId), CONTENT.json);
    await h.slack.idle();
    return res;
  };

  it("@kpibot in a channel is answered in the thread it started, once however often Slack retries the event", async () => {
    fake.locales.set("U5", "fr-FR");
    expect((await post(mention("<@UBOT> fcr mois dernier"), "EvM1")).status).toBe(200);
    expect((await post(mention("<@UBOT> fcr mois dernier"), "EvM1")).status).toBe(200);
    expect(h.seen).toHaveLength(1);
    expect(h.seen[0]).toMatchObject({
      kind: "command",
      text: "fcr mois dernier",
      locale: "fr-FR",
      user: { platform: "slack", id: "U5" },
      conversation: { platform: "slack", conversationId: "C9", teamId: "T1" },
    });
    const posts = fake.callsOf("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args).toMatchObject({ channel: "C9", thread_ts: "1763200000.000100" });
    expect(String(posts[0]?.args.text)).toContain("fcr mois dernier");
    // The channel is remembered for digests; the thread is not part of it.
    expect(await h.test.app.repos.conversations.find("slack", "C9")).toMatchObject({ conversationId: "C9" });
  });

  it("a mention inside a thread is answered in that thread; a bare mention gets the help", async () => {
    await post(mention("<@UBOT> sla q3", { thread_ts: "1763100000.000001" }), "EvM2");
    await post(mention("<@UBOT>", { ts: "1763200009.000900" }), "EvM3");
    expect(h.seen.map((i) => (i.kind === "command" ? i.text : ""))).toEqual(["sla q3", "help"]);
    expect(fake.callsOf("chat.postMessage").map((c) => c.args.thread_ts)).toEqual([
      "1763100000.000001",
      "1763200009.000900",
    ]);
  });

  it("a direct message is answered in the DM, not in a thread; kpibot's own messages and edits are ignored", async () => {
    await post(dm("mttr last week"), "EvD1");
    await post(dm("an answer kpibot posted", { bot_id: "BBOT" }), "EvD2");
    await post(dm("fcr (edited)", { subtype: "message_changed" }), "EvD3");
    // A message in a channel (not a DM) without a mention is not for kpibot.
    await post({ ...dm("fcr"), channel_type: "channel", channel: "C1" }, "EvD4");
    expect(h.seen.map((i) => (i.kind === "command" ? i.text : ""))).toEqual(["mttr last week"]);
    const posts = fake.callsOf("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe("D5");
    expect(posts[0]?.args.thread_ts).toBeUndefined();
  });

  it("a forged event is refused before anything is answered", async () => {
    const res = await h.post(eventBody(mention("<@UBOT> fcr"), "EvF1"), CONTENT.json, { secret: "wrong-secret" });
    expect(res.status).toBe(401);
    await h.slack.idle();
    expect(h.seen).toEqual([]);
    expect(fake.callsOf("chat.postMessage")).toEqual([]);
  });
});

describe.each(await testProviders())("a DM through the real core (%s)", (provider) => {
  let fake: FakeSlack;
  let h: Harness;
  beforeAll(async () => {
    fake = await startFakeSlack();
    h = await startHarness(provider, { fake, handle: handleInteraction, env: { KPIBOT_ADMINS: "U1" } });
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it("the same role rules as /kpi: a viewer asking for an admin command by DM is refused, in French when asked in French", async () => {
    fake.locales.set("U5", "fr-FR");
    await h.post(eventBody(dm("objectif fcr 80"), "EvR1"), CONTENT.json);
    await h.slack.idle();
    const text = String(fake.callsOf("chat.postMessage")[0]?.args.text);
    expect(text).toMatch(/admin/i);
    expect(await h.test.app.repos.targets.all("fcr")).toEqual([]);
  });
});
