import { describe, expect, it } from "vitest";
import { commandText, conversationRefOf, inboundOf, rootConversationId } from "../../adapters/teams/activity.js";
import { botReferenceOf } from "../../adapters/teams/messenger.js";
import { isLocalServiceUrl } from "../../adapters/teams/route.js";
import { dedupeKey } from "../../adapters/teams/turn.js";
import { createCommandRouter } from "../../src/commands/router.js";
import { commandModules } from "../../src/modules.js";
import {
  ALICE,
  BOT,
  CHANNEL,
  cardSubmit,
  channelMention,
  PERSONAL,
  personalMessage,
  TENANT,
} from "./helpers/activities.js";

const URL_ = "http://127.0.0.1:9/";

/** The router kpibot builds (the survey buttons are de-duplicated per click). */
const router = createCommandRouter(commandModules());

describe("reading Teams messages", () => {
  it("takes a personal chat message as typed", () => {
    expect(inboundOf(personalMessage(URL_, "  fcr   last month "))).toEqual({
      kind: "command",
      text: "fcr last month",
    });
  });

  it("removes the bot's @mention, the trailing newline and HTML entities of channel posts", () => {
    expect(commandText(channelMention(URL_, "sla&nbsp;q3 by group"))).toBe("sla q3 by group");
    expect(inboundOf(channelMention(URL_, ""))).toEqual({ kind: "empty" });
  });

  it("names other mentioned users as teams:<id> so admin commands can target them", () => {
    const activity = channelMention(URL_, "role grant <at>Bob Durand</at> admin");
    (activity.entities as unknown[]).push({
      type: "mention",
      text: "<at>Bob Durand</at>",
      mentioned: { id: "29:bob", name: "Bob Durand" },
    });
    expect(commandText(activity)).toBe("role grant teams:29:bob admin");
  });

  it("drops a stray <at> tag Teams left without a mention entity", () => {
    expect(commandText({ ...personalMessage(URL_, "<at>kpibot</at> fcr"), entities: [] })).toBe("fcr");
  });

  it("reads kpibot's button data, and treats foreign card data as text", () => {
    expect(inboundOf(cardSubmit(URL_, { actionId: "kpi.explain", value: "explain fcr" }))).toEqual({
      kind: "action",
      actionId: "kpi.explain",
      value: "explain fcr",
    });
    expect(inboundOf({ ...personalMessage(URL_, "hello"), value: { verb: "other" } })).toEqual({
      kind: "command",
      text: "hello",
    });
  });

  it("stores a channel reference for the channel, not for one thread", () => {
    expect(rootConversationId(`${CHANNEL};messageid=1732785400456`)).toBe(CHANNEL);
    const ref = conversationRefOf(channelMention(URL_, "fcr"));
    expect(ref.conversationId).toBe(CHANNEL);
    expect(botReferenceOf(ref)).toMatchObject({
      serviceUrl: URL_,
      bot: BOT,
      conversation: { id: CHANNEL, tenantId: TENANT },
    });
    const personal = conversationRefOf(personalMessage(URL_, "fcr"));
    expect(personal).toMatchObject({ conversationId: PERSONAL, tenantId: TENANT, botId: BOT.id });
    expect((personal.data as { reference: { user: unknown } }).reference.user).toEqual(ALICE);
  });
});

describe("references for proactive posts", () => {
  it("rebuilds the reference from the stored columns when no full reference was saved", () => {
    const reference = botReferenceOf({
      platform: "teams",
      conversationId: CHANNEL,
      serviceUrl: "https://smba.trafficmanager.net/emea/",
      tenantId: TENANT,
      botId: BOT.id,
    });
    expect(reference).toEqual({
      channelId: "msteams",
      serviceUrl: "https://smba.trafficmanager.net/emea/",
      conversation: { id: CHANNEL, tenantId: TENANT },
      bot: { id: BOT.id, name: "kpibot" },
    });
    expect(() => botReferenceOf({ platform: "slack", conversationId: "C1" })).toThrow(/not a Teams conversation/);
    expect(() => botReferenceOf({ platform: "teams", conversationId: "x" })).toThrow(/no service URL/);
  });
});

describe("answer-once keys", () => {
  it("key a message on its id and a click on card + button + value", () => {
    const a = personalMessage(URL_, "fcr", { id: "1" });
    expect(dedupeKey(router, a, { kind: "command", text: "fcr" })).toBe(
      dedupeKey(router, { ...a, text: "other" }, { kind: "command", text: "other" }),
    );
    expect(dedupeKey(router, a, { kind: "command", text: "fcr" })).not.toBe(
      dedupeKey(router, { ...a, id: "2" }, { kind: "command", text: "fcr" }),
    );
    const click = { kind: "action", actionId: "kpi.previous", value: "fcr 2026-09" } as const;
    const k1 = dedupeKey(router, cardSubmit(URL_, click, { id: "c1", replyToId: "card" }), click);
    expect(dedupeKey(router, cardSubmit(URL_, click, { id: "c2", replyToId: "card" }), click)).toBe(k1);
    expect(dedupeKey(router, cardSubmit(URL_, click, { id: "c2", replyToId: "card2" }), click)).not.toBe(k1);
    expect(dedupeKey(router, { ...a, id: undefined }, { kind: "command", text: "fcr" })).toBeUndefined();
  });
});

describe("emulator mode's connector check", () => {
  it("accepts loopback and private networks only", () => {
    for (const url of [
      "http://localhost:3978",
      "http://127.0.0.1:9/",
      "http://[::1]:80/",
      "http://10.1.2.3/",
      "http://172.20.0.5/",
      "http://192.168.1.10/",
    ]) {
      expect(isLocalServiceUrl(url), url).toBe(true);
    }
    for (const url of [
      "https://smba.trafficmanager.net/emea/",
      "http://172.32.0.1/",
      "http://8.8.8.8/",
      "http://127.0.0.1.evil.example/",
      "not a url",
    ]) {
      expect(isLocalServiceUrl(url), url).toBe(false);
    }
  });
});
