import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Messenger } from "../../src/core/messenger.js";
import { isKpibotError } from "../../src/errors.js";
import { testProviders } from "../helpers/databases.js";
import { kpiAnswer } from "./fixtures/replies.js";
import { BOT, CHANNEL, channelMention, personalMessage, TENANT } from "./helpers/activities.js";
import { startTeamsHarness, type TeamsHarness } from "./helpers/harness.js";
import { cardProblems } from "./helpers/validate-card.js";

describe.each(await testProviders())("Teams proactive messages and connector retries (%s)", (provider) => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeamsHarness(provider, { reply: kpiAnswer });
  });
  afterEach(async () => {
    await h.close();
  });

  it("posts through a stored conversation reference as a new channel message, then updates it", async () => {
    await h.post(channelMention(h.connector.url, "fcr", { id: "act-1" }));
    const stored = await h.test.app.repos.conversations.find("teams", CHANNEL);
    if (!stored) throw new Error("the channel reference was not saved");
    h.connector.requests.length = 0;

    const posted = await h.teams.messenger.post(stored, kpiAnswer);
    expect(posted.messageId).toBe("bot-msg-2");
    expect(h.connector.requests).toHaveLength(1);
    const post = h.connector.requests[0];
    // The channel itself (no ;messageid=…), so a digest starts its own thread.
    expect(post).toMatchObject({ method: "POST", conversationId: CHANNEL, status: 201 });
    expect(post?.activityId).toBeUndefined();
    expect(post?.body).toMatchObject({
      type: "message",
      serviceUrl: h.connector.url,
      from: BOT,
      conversation: { id: CHANNEL, tenantId: TENANT },
      summary: kpiAnswer.fallback,
    });
    const card = ((post?.body.attachments ?? []) as { content: unknown }[])[0]?.content;
    expect(cardProblems(card)).toEqual([]);

    await h.teams.messenger.update(stored, posted.messageId, { ...kpiAnswer, fallback: "updated" });
    expect(h.connector.requests[1]).toMatchObject({
      method: "PUT",
      conversationId: CHANNEL,
      activityId: "bot-msg-2",
      status: 200,
    });
    expect(h.connector.requests[1]?.body).toMatchObject({ id: "bot-msg-2", summary: "updated" });
  });

  it("retries a refused answer (429 honouring Retry-After, 412) with exponential back-off, then delivers once", async () => {
    h.connector.fail({ status: 429, headers: { "retry-after": "3" } }, { status: 412 }, { status: 429 });
    const res = await h.post(personalMessage(h.connector.url, "fcr", { id: "act-9" }));
    expect(res.status).toBe(200);
    expect(h.connector.requests.map((r) => r.status)).toEqual([429, 412, 429, 201]);
    // Retry-After 3 s, then 500·2¹ and 500·2² ms (random 0.5 → no jitter); botbuilder's own retries are off.
    expect(h.sleeps).toEqual([3000, 1000, 2000]);
    expect(h.interactions).toHaveLength(1);
  });

  it("an answer the connector answered 5xx is not posted again (Teams may have posted it): the person is told", async () => {
    h.connector.fail({ status: 502 });
    expect((await h.post(personalMessage(h.connector.url, "fcr", { id: "act-14" }))).status).toBe(200);
    expect(h.sleeps).toEqual([]);
    // The card once (502: maybe posted), then the plain-text apology — never the card a second time.
    expect(h.connector.requests.map((r) => r.status)).toEqual([502, 201]);
    expect(h.connector.requests[1]?.body.text).toMatch(/^Sorry, something went wrong while answering/);
  });

  it("retries a transient 412 on a proactive post", async () => {
    await h.post(personalMessage(h.connector.url, "fcr", { id: "act-10" }));
    const stored = await h.test.app.repos.conversations.find("teams", "a:1Yx9personalChatWithAlice");
    if (!stored) throw new Error("the personal chat reference was not saved");
    h.connector.requests.length = 0;
    h.connector.fail({ status: 412 });
    await h.teams.messenger.post(stored, kpiAnswer);
    expect(h.connector.requests.map((r) => r.status)).toEqual([412, 201]);
    expect(h.sleeps).toEqual([500]);
  });

  it("a proactive post answered 5xx is never retried (Teams may have posted it): OUTCOME_UNKNOWN", async () => {
    await h.post(personalMessage(h.connector.url, "fcr", { id: "act-13" }));
    const stored = await h.test.app.repos.conversations.find("teams", "a:1Yx9personalChatWithAlice");
    if (!stored) throw new Error("the personal chat reference was not saved");
    h.connector.requests.length = 0;
    h.connector.fail({ status: 429, headers: { "retry-after": "1" } }, { status: 502 });
    const failed = await h.teams.messenger.post(stored, kpiAnswer).catch((e: unknown) => e);
    expect(isKpibotError(failed, "OUTCOME_UNKNOWN")).toBe(true);
    // The 429 said nothing was posted: retried after Retry-After. The 502 may come after the post: not retried.
    expect(h.connector.requests.map((r) => r.status)).toEqual([429, 502]);
    expect(h.sleeps).toEqual([1000]);
    // Teams cannot list a conversation's messages: the Messenger offers no `find`.
    expect((h.teams.messenger as Messenger).find).toBeUndefined();
  });

  it("gives up after five tries, tells the user, and lets a redelivery answer again", async () => {
    h.connector.fail(...Array.from({ length: 5 }, () => ({ status: 429 })));
    const activity = personalMessage(h.connector.url, "fcr", { id: "act-11" });
    expect((await h.post(activity)).status).toBe(200);
    expect(h.sleeps).toEqual([500, 1000, 2000, 4000]);
    // Five refused tries of the card, then one best-effort plain-text apology that gets through.
    expect(h.connector.requests.map((r) => r.status)).toEqual([429, 429, 429, 429, 429, 201]);
    expect(h.connector.requests[5]?.body.text).toMatch(
      /^Sorry, something went wrong while answering \(reference `[0-9a-f]{8}`\)/,
    );
    // The claim was released: Teams' redelivery of the same activity is answered.
    await h.post(activity);
    expect(h.interactions).toHaveLength(2);
    expect(h.connector.requests.at(-1)?.status).toBe(201);
  });

  it("does not retry a client error", async () => {
    h.connector.fail({ status: 403 });
    await h.post(personalMessage(h.connector.url, "fcr", { id: "act-12" }));
    expect(h.sleeps).toEqual([]);
    expect(h.connector.requests.map((r) => r.status)).toEqual([403, 201]);
  });
});
