import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testProviders } from "../helpers/databases.js";
import {
  ALICE,
  BOT,
  botAddedToTeam,
  CHANNEL,
  cardSubmit,
  channelMention,
  installedPersonal,
  PERSONAL,
  personalMessage,
  TEAM,
  TENANT,
} from "./helpers/activities.js";
import { startTeamsHarness, type TeamsHarness } from "./helpers/harness.js";
import { cardProblems } from "./helpers/validate-card.js";

type Attachment = { contentType: string; content: Record<string, unknown> };

function cardOf(body: Record<string, unknown>): Record<string, unknown> {
  const attachments = body.attachments as Attachment[] | undefined;
  expect(attachments?.[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
  return attachments?.[0]?.content ?? {};
}

describe.each(await testProviders())("Teams endpoint in emulator mode (%s)", (provider) => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeamsHarness(provider);
  });
  afterEach(async () => {
    await h.close();
  });

  it("answers a command typed in a personal chat with an Adaptive Card reply to that message", async () => {
    const res = await h.post(personalMessage(h.connector.url, "fcr last month", { id: "act-1", locale: "fr-FR" }));
    expect(res.status).toBe(200);
    expect(h.interactions).toHaveLength(1);
    expect(h.interactions[0]).toMatchObject({
      kind: "command",
      text: "fcr last month",
      locale: "fr-FR",
      user: { platform: "teams", id: ALICE.id, name: ALICE.name },
      conversation: { platform: "teams", conversationId: PERSONAL, tenantId: TENANT, botId: BOT.id },
      at: new Date("2026-11-28T09:15:00.123Z"),
    });
    expect(h.connector.requests).toHaveLength(1);
    const sent = h.connector.requests[0];
    // A reply to the user's message: POST /v3/conversations/{id}/activities/{replyToId}.
    expect(sent).toMatchObject({ method: "POST", conversationId: PERSONAL, activityId: "act-1", status: 201 });
    expect(sent?.body).toMatchObject({ type: "message", replyToId: "act-1", conversation: { id: PERSONAL } });
    const card = cardOf(sent?.body ?? {});
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(sent?.body.summary).toBe(card.fallbackText);
    expect(cardProblems(card)).toEqual([]);
  });

  it("strips the @mention in a channel and remembers the channel for proactive posts", async () => {
    const res = await h.post(channelMention(h.connector.url, "sla q3 by group", { id: "act-2" }));
    expect(res.status).toBe(200);
    expect(h.interactions[0]).toMatchObject({ kind: "command", text: "sla q3 by group", locale: "fr-FR" });
    // The reply goes into the thread of the post that mentioned the bot.
    expect(h.connector.requests[0]).toMatchObject({
      conversationId: `${CHANNEL};messageid=act-2`,
      activityId: "act-2",
    });
    const saved = await h.test.app.repos.conversations.find("teams", CHANNEL);
    expect(saved).toMatchObject({
      platform: "teams",
      conversationId: CHANNEL,
      teamId: TEAM,
      tenantId: TENANT,
      serviceUrl: h.connector.url,
      botId: BOT.id,
      name: "Service desk",
    });
    expect(saved?.data).toMatchObject({
      reference: { channelId: "msteams", serviceUrl: h.connector.url, bot: BOT, conversation: { id: CHANNEL } },
    });
    expect(saved?.data).not.toHaveProperty("reference.activityId");
  });

  it("answers a bare @mention with help instead of silence", async () => {
    const activity = channelMention(h.connector.url, "", { id: "act-3" });
    await h.post(activity);
    expect(h.interactions[0]).toMatchObject({ kind: "command", text: "help" });
    expect(h.connector.requests).toHaveLength(1);
  });

  it("turns a card button click into an action interaction", async () => {
    const submit = cardSubmit(h.connector.url, { actionId: "kpi.previous", value: "fcr 2026-09" }, { id: "click-1" });
    expect((await h.post(submit)).status).toBe(200);
    expect(h.interactions).toHaveLength(1);
    expect(h.interactions[0]).toMatchObject({ kind: "action", actionId: "kpi.previous", value: "fcr 2026-09" });
    expect(h.connector.requests[0]).toMatchObject({ method: "POST", activityId: "click-1" });
  });

  it("answers a double click on the same button once", async () => {
    const data = { actionId: "kpi.breakdown", value: "fcr 2026-10 by group" };
    await h.post(cardSubmit(h.connector.url, data, { id: "click-a", replyToId: "card-7" }));
    await h.post(cardSubmit(h.connector.url, data, { id: "click-b", replyToId: "card-7" }));
    // Another button of the same card, and the same button of another card, are answered.
    await h.post(
      cardSubmit(h.connector.url, { ...data, actionId: "kpi.previous" }, { id: "click-c", replyToId: "card-7" }),
    );
    await h.post(cardSubmit(h.connector.url, data, { id: "click-d", replyToId: "card-8" }));
    expect(h.interactions.map((i) => (i.kind === "action" ? i.actionId : i.text))).toEqual([
      "kpi.breakdown",
      "kpi.previous",
      "kpi.breakdown",
    ]);
    expect(h.connector.requests.map((r) => r.activityId)).toEqual(["click-a", "click-c", "click-d"]);
  });

  it("answers a redelivered activity (same id) once", async () => {
    const activity = personalMessage(h.connector.url, "fcr", { id: "act-dup" });
    expect((await h.post(activity)).status).toBe(200);
    expect((await h.post(activity)).status).toBe(200);
    expect(h.interactions).toHaveLength(1);
    expect(h.connector.requests).toHaveLength(1);
  });

  it("welcomes a team with help when the bot is added, and saves the team channel", async () => {
    expect((await h.post(botAddedToTeam(h.connector.url))).status).toBe(200);
    expect(h.interactions[0]).toMatchObject({ kind: "command", text: "help" });
    expect(h.connector.requests).toHaveLength(1);
    expect(await h.test.app.repos.conversations.find("teams", CHANNEL)).toMatchObject({ teamId: TEAM });
  });

  it("saves the personal chat on installation without posting", async () => {
    expect((await h.post(installedPersonal(h.connector.url))).status).toBe(200);
    expect(h.connector.requests).toHaveLength(0);
    expect(await h.test.app.repos.conversations.find("teams", PERSONAL)).toMatchObject({
      serviceUrl: h.connector.url,
      tenantId: TENANT,
    });
  });

  it("rejects what is not an activity with 400", async () => {
    const notJson = await h.http.request("/api/messages", { method: "POST", body: "hello" });
    expect(notJson.status).toBe(400);
    const noServiceUrl = await h.post({ type: "message", text: "fcr", conversation: { id: "x" } });
    expect(noServiceUrl.status).toBe(400);
    const fileUrl = await h.post(personalMessage("file:///etc/passwd", "fcr"));
    expect(fileUrl.status).toBe(400);
    expect(h.interactions).toHaveLength(0);
  });

  it("refuses, in emulator mode, to send answers to a connector outside this machine or network", async () => {
    const res = await h.post(personalMessage("https://smba.trafficmanager.net/emea/", "fcr"));
    expect(res.status).toBe(403);
    expect(h.interactions).toHaveLength(0);
  });
});
