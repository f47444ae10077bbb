import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SLACK_API_METHODS } from "../../adapters/slack/api.js";
import { testProviders } from "../helpers/databases.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { CONTENT, type Harness, startHarness } from "./harness.js";
import { clickBody, eventBody } from "./requests.js";

describe.each(await testProviders())("Slack over HTTP: buttons and events (%s)", (provider) => {
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
    expect([...fake.allMethods].filter((m) => !(m in SLACK_API_METHODS))).toEqual([]);
    await h.close();
    await fake.close();
  });

  it("answers 'previous period' on a private answer by replacing it in place", async () => {
    const res = await h.post(
      clickBody({
        actionId: "kpi.previous#0",
        value: "fcr 2026-09",
        responseUrl: `${fake.responseBase}/a1`,
        messageTs: "1.1",
      }),
      CONTENT.form,
    );
    expect(res.status).toBe(200);
    await h.slack.idle();
    // The `#n` uniqueness suffix is gone: the core sees the neutral action id and the command in the value.
    expect(h.seen[0]).toMatchObject({ kind: "action", actionId: "kpi.previous", value: "fcr 2026-09" });
    expect(fake.responses).toHaveLength(1);
    expect(fake.responses[0]?.body).toMatchObject({ response_type: "ephemeral", replace_original: true });
    expect(fake.responses[0]?.body.blocks?.[0]).toMatchObject({ type: "header" });
  });

  it("follows up privately under a message everyone sees, instead of rewriting it", async () => {
    await h.post(
      clickBody({
        actionId: "kpi.explain",
        value: "explain fcr",
        responseUrl: `${fake.responseBase}/a2`,
        messageTs: "1.2",
        ephemeral: false,
      }),
      CONTENT.form,
    );
    await h.slack.idle();
    expect(fake.responses[0]?.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
  });

  it("shares in the channel with the Share button, without a Share button in the shared copy", async () => {
    await h.post(
      clickBody({
        actionId: "kpi.share#2",
        value: "fcr 2026-10",
        responseUrl: `${fake.responseBase}/a3`,
        messageTs: "1.3",
      }),
      CONTENT.form,
    );
    await h.slack.idle();
    expect(fake.responses).toHaveLength(1);
    expect(fake.responses[0]?.body).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(JSON.stringify(fake.responses[0]?.body.blocks)).not.toContain("kpi.share");
  });

  it("a double click (two payloads, different trigger ids) produces exactly one message", async () => {
    const click = (triggerId: string) =>
      clickBody({
        actionId: "kpi.share#2",
        value: "fcr 2026-08",
        responseUrl: `${fake.responseBase}/a4`,
        messageTs: "1.4",
        triggerId,
      });
    const [a, b] = await Promise.all([h.post(click("t-1"), CONTENT.form), h.post(click("t-2"), CONTENT.form)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.slack.idle();
    expect(h.seen).toHaveLength(1);
    expect(fake.responses).toHaveLength(1);
  });

  it("a retried click (X-Slack-Retry-Num: 1) produces exactly one message", async () => {
    const body = clickBody({
      actionId: "kpi.previous",
      value: "fcr 2026-07",
      responseUrl: `${fake.responseBase}/a5`,
      messageTs: "1.5",
    });
    await h.post(body, CONTENT.form);
    await h.post(body, CONTENT.form, { retryNum: 1 });
    await h.slack.idle();
    expect(fake.responses).toHaveLength(1);
  });

  it("the same button on another message is answered too (the key is the message, the button and its value)", async () => {
    const click = (messageTs: string) =>
      clickBody({ actionId: "kpi.previous", value: "fcr 2026-06", responseUrl: `${fake.responseBase}/a6`, messageTs });
    await h.post(click("2.1"), CONTENT.form);
    await h.post(click("2.2"), CONTENT.form);
    await h.slack.idle();
    expect(fake.responses).toHaveLength(2);
  });

  it("two people clicking the same button of a shared message each get their answer", async () => {
    const click = (userId: string) =>
      clickBody({
        actionId: "kpi.explain",
        value: "explain sla",
        responseUrl: `${fake.responseBase}/a7`,
        messageTs: "3.1",
        ephemeral: false,
        userId,
      });
    await Promise.all([h.post(click("U1"), CONTENT.form), h.post(click("U2"), CONTENT.form)]);
    await h.slack.idle();
    expect(h.seen.map((i) => i.user.id).sort()).toEqual(["U1", "U2"]);
    expect(fake.responses).toHaveLength(2);
  });

  it("routes buttons other than kpi.* to the core too (e.g. a later survey answer)", async () => {
    await h.post(
      clickBody({ actionId: "survey.answer", value: "q1:5", responseUrl: `${fake.responseBase}/a8`, messageTs: "3.2" }),
      CONTENT.form,
    );
    await h.slack.idle();
    expect(h.seen[0]).toMatchObject({ kind: "action", actionId: "survey.answer", value: "q1:5" });
  });

  it("publishes the user's scorecard on the Home tab when it is opened, once per event even if Slack retries", async () => {
    const body = eventBody(
      { type: "app_home_opened", user: "U42", channel: "D42", tab: "home", event_ts: "1.0" },
      "EvHOME1",
    );
    const first = await h.post(body, CONTENT.json);
    const retry = await h.post(body, CONTENT.json, { retryNum: 1 });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await h.slack.idle();
    expect(h.seen).toHaveLength(1);
    expect(h.seen[0]).toMatchObject({ kind: "command", text: "scorecard", user: { id: "U42" } });
    const publishes = fake.callsOf("views.publish");
    expect(publishes).toHaveLength(1);
    const args = publishes[0]?.args as { user_id: string; view: { type: string; blocks: { type: string }[] } };
    expect(args.user_id).toBe("U42");
    expect(args.view.type).toBe("home");
    // Header, status, fields, chart (uploaded PNG), then the divider and the how-to-ask context; no buttons.
    expect(args.view.blocks.map((b) => b.type)).toEqual([
      "header",
      "section",
      "section",
      "image",
      "divider",
      "context",
    ]);
  });

  it("a new Home tab open (new event id) refreshes it", async () => {
    await h.post(eventBody({ type: "app_home_opened", user: "U42", tab: "home" }, "EvHOME2"), CONTENT.json);
    await h.post(eventBody({ type: "app_home_opened", user: "U42", tab: "home" }, "EvHOME3"), CONTENT.json);
    await h.post(eventBody({ type: "app_home_opened", user: "U42", tab: "messages" }, "EvHOME4"), CONTENT.json);
    await h.slack.idle();
    expect(fake.callsOf("views.publish")).toHaveLength(2);
  });

  it("saves the conversation reference when the bot is invited to a channel, not when someone else joins", async () => {
    await h.post(
      eventBody({ type: "member_joined_channel", user: "UBOT", channel: "C900", channel_type: "C", team: "T1" }),
      CONTENT.json,
    );
    await h.post(
      eventBody({ type: "member_joined_channel", user: "U5", channel: "C901", channel_type: "C", team: "T1" }),
      CONTENT.json,
    );
    await h.slack.idle();
    expect(await h.test.app.repos.conversations.find("slack", "C900")).toMatchObject({
      conversationId: "C900",
      teamId: "T1",
    });
    expect(await h.test.app.repos.conversations.find("slack", "C901")).toBeNull();
  });
});
