import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directConversation, runSurveyJobs } from "../../src/surveys/index.js";
import { testProviders } from "../helpers/databases.js";
import {
  buttons,
  type RecordingMessenger,
  recordingMessenger,
  type SurveyTestApp,
  surveyTestApp,
  textOf,
} from "./helpers.js";

const U = (id: string) => ({ platform: "slack" as const, id });

describe.each(await testProviders())("posting, sending, closing, reminding, repeating on %s", (provider) => {
  let s: SurveyTestApp;
  let teams: RecordingMessenger;
  const lastId = async () => Number((await s.app.db.query<{ id: number }>("SELECT MAX(id) AS id FROM surveys"))[0]?.id);
  const deliveries = (id: number) =>
    s.app.db.query<Record<string, unknown>>(
      "SELECT kind, platform, user_id, message_id, status FROM survey_deliveries WHERE survey_id = ? ORDER BY id",
      [id],
    );

  beforeAll(async () => {
    teams = recordingMessenger();
    s = await surveyTestApp(provider, { start: "2026-11-16T09:00:00Z", messengers: (slack) => ({ slack, teams }) });
  });
  afterAll(async () => s.close());

  it("posts in the conversation and sends by direct message, once per person, reporting each recipient", async () => {
    await s.say('survey new "Pulse" csat "How was it?" closes 2026-11-20 remind 2d');
    const id = await lastId();
    expect(textOf(await s.say(`survey post ${id}`))).toContain("posted");
    expect(s.slack.posts[0]?.ref.conversationId).toBe("C-IT-OPS");
    expect(buttons(s.slack.posts[0]?.reply ?? { blocks: [], fallback: "", locale: "en" })).toHaveLength(5);
    s.slack.failFor.add("U3");
    const sent = textOf(await s.say(`survey send ${id} to <@U1> <@U2|bob> <@U3> teams:29:nobody`));
    expect(sent).toContain("sent to 2 people");
    expect(sent).toContain("Not sent to <@U3>: channel_not_found (U3)");
    expect(sent).toContain("Not sent to teams:29:nobody: no direct chat with kpibot yet");
    expect(s.slack.posts.slice(1).map((p) => p.ref.conversationId)).toEqual(["U1", "U2"]);
    // Again: U1 and U2 are not asked twice; U3's failed send is tried again (and works now).
    s.slack.failFor.clear();
    const again = textOf(await s.say(`survey send ${id} to <@U1> <@U2> <@U3>`));
    expect(again).toContain("sent to 1 person");
    expect(again).toContain("Already sent to: <@U1>, <@U2>.");
    expect((await deliveries(id)).map((d) => [d.kind, d.user_id, d.status])).toEqual([
      ["channel", null, "sent"],
      ["direct", "U1", "sent"],
      ["direct", "U2", "sent"],
      ["direct", "U3", "sent"],
      ["direct", "29:nobody", "failed"],
    ]);
  });

  it("reminds once, only those who have not answered, and the channel", async () => {
    const id = await lastId();
    const q = (await s.app.db.query<{ id: number }>("SELECT id FROM survey_questions WHERE survey_id = ?", [id]))[0];
    await s.click("survey.answer", `${id}:${q?.id}:4`, U("U1"));
    const before = s.slack.posts.length;
    s.clock.set("2026-11-18T08:59:00Z");
    expect((await runSurveyJobs(s.app, { slack: s.slack }, s.clock.now())).reminded).toEqual([]);
    s.clock.set("2026-11-18T09:00:00Z");
    const [a, b] = await Promise.all([
      runSurveyJobs(s.app, { slack: s.slack }, s.clock.now()),
      runSurveyJobs(s.app, { slack: s.slack }, s.clock.now()),
    ]);
    expect([...a.reminded, ...b.reminded]).toEqual([id]);
    const reminders = s.slack.posts.slice(before);
    // Reminders go to the direct-message channels the first messages landed in.
    expect(reminders.map((p) => p.ref.conversationId).sort()).toEqual(["C-IT-OPS", "D2", "D3"]);
    expect(reminders[0]?.reply.blocks[0]).toEqual({ type: "header", text: "⏰ Reminder — Pulse" });
    expect(textOf(await s.say(`survey remind ${id}`))).toContain("already had its reminder");
  });

  it("closes at its close time: messages lose their buttons, results go where it was created", async () => {
    const id = await lastId();
    s.clock.set("2026-11-20T23:00:00Z");
    const before = s.slack.posts.length;
    const report = await runSurveyJobs(s.app, { slack: s.slack }, s.clock.now());
    expect(report.closed).toEqual([id]);
    // Channel post m1 and the three DMs are turned into the closed version, without buttons.
    expect(s.slack.updates.map((u) => u.messageId).sort()).toEqual(["m1", "m2", "m3", "m4"]);
    // The direct messages are updated where Slack put them (chat.update refuses a user id).
    expect(s.slack.updates.map((u) => u.ref.conversationId).sort()).toEqual(["C-IT-OPS", "D1", "D2", "D3"]);
    for (const u of s.slack.updates) expect(buttons(u.reply)).toEqual([]);
    expect(textOf(s.slack.updates[0]?.reply ?? { blocks: [], fallback: "", locale: "en" })).toContain(
      "This survey is closed",
    );
    const results = s.slack.posts.slice(before);
    expect(results.map((p) => p.ref.conversationId)).toEqual(["C-IT-OPS"]);
    expect(textOf(results[0]?.reply ?? { blocks: [], fallback: "", locale: "en" })).toContain(
      "Response rate: 33.3\u00a0% (1 of 3 asked)",
    );
    expect((await runSurveyJobs(s.app, { slack: s.slack }, s.clock.now())).closed).toEqual([]);
  });

  it("a monthly survey repeats once per month where it went, skipping months missed while down", async () => {
    s.clock.set("2026-11-23T09:00:00Z");
    await s.say('survey new "Monthly pulse" csat recur monthly remind 3d');
    const parent = await lastId();
    await s.say(`survey post ${parent}`);
    await s.say(`survey send ${parent} to <@U7>`);
    const stored = (
      await s.app.db.query<Record<string, unknown>>("SELECT closes_at, reminder_at FROM surveys WHERE id = ?", [parent])
    )[0];
    // Without a close date a monthly survey closes a month later; the reminder is 3 days after opening.
    expect(new Date(stored?.closes_at as string | number | Date).toISOString()).toBe("2026-12-23T09:00:00.000Z");
    expect(new Date(stored?.reminder_at as string | number | Date).toISOString()).toBe("2026-11-26T09:00:00.000Z");
    s.clock.set("2026-12-23T09:00:00Z");
    const posts = s.slack.posts.length;
    const [a, b] = await Promise.all([
      runSurveyJobs(s.app, { slack: s.slack }, s.clock.now()),
      runSurveyJobs(s.app, { slack: s.slack }, s.clock.now()),
    ]);
    const children = [...a.repeated, ...b.repeated];
    expect(children).toHaveLength(1);
    const child = (
      await s.app.db.query<Record<string, unknown>>("SELECT * FROM surveys WHERE parent_id = ?", [parent])
    )[0];
    expect(Number(child?.id)).toBe(children[0]);
    expect(new Date(child?.opens_at as string).toISOString()).toBe("2026-12-23T09:00:00.000Z");
    expect(new Date(child?.closes_at as string).toISOString()).toBe("2027-01-23T09:00:00.000Z");
    expect(new Date(child?.reminder_at as string).toISOString()).toBe("2026-12-26T09:00:00.000Z");
    const newPosts = s.slack.posts
      .slice(posts)
      .filter((p) => p.reply.blocks[0]?.type === "header" && textOf(p.reply).includes("📋 Monthly pulse"));
    expect(newPosts.map((p) => p.ref.conversationId).sort()).toEqual(["C-IT-OPS", "U7"]);
    // Down from January to April: the next instance is April's, not four catching up.
    s.clock.set("2027-04-25T09:00:00Z");
    const report = await runSurveyJobs(s.app, { slack: s.slack }, s.clock.now());
    expect(report.repeated).toHaveLength(1);
    const april = (
      await s.app.db.query<Record<string, unknown>>("SELECT opens_at FROM surveys WHERE id = ?", [
        report.repeated[0] ?? 0,
      ])
    )[0];
    // Still 10:00 in Paris, which is 08:00 UTC in summer time.
    expect(new Date(april?.opens_at as string).toISOString()).toBe("2027-04-23T08:00:00.000Z");
    // `survey stop` ends the series.
    expect(textOf(await s.say(`survey stop ${report.repeated[0]}`))).toContain("will not repeat any more");
    s.clock.set("2027-06-25T09:00:00Z");
    expect((await runSurveyJobs(s.app, { slack: s.slack }, s.clock.now())).repeated).toEqual([]);
  });

  it("finds the personal Teams chat of a user for direct messages", async () => {
    await s.app.repos.conversations.save({
      platform: "teams",
      conversationId: "a:personal-claire",
      serviceUrl: "https://smba.example/emea/",
      data: {
        reference: {
          user: { id: "29:claire" },
          conversation: { id: "a:personal-claire", conversationType: "personal" },
        },
      },
    });
    await s.app.repos.conversations.save({
      platform: "teams",
      conversationId: "19:channel@thread.tacv2",
      data: {
        reference: { user: { id: "29:claire" }, conversation: { id: "19:channel", conversationType: "channel" } },
      },
    });
    const ref = await directConversation(s.app, { platform: "teams", id: "29:claire" });
    expect(ref?.conversationId).toBe("a:personal-claire");
    expect(await directConversation(s.app, { platform: "teams", id: "29:someone-else" })).toBeUndefined();
    await s.say('survey new "Teams pulse" csat');
    const id = await lastId();
    expect(textOf(await s.say(`survey send ${id} to teams:29:claire`))).toContain("sent to 1 person");
    expect(teams.posts.at(-1)?.ref.conversationId).toBe("a:personal-claire");
  });
});

describe.each(await testProviders())("a direct message whose outcome is unknown on %s", (provider) => {
  let s: SurveyTestApp;
  const lastId = async () => Number((await s.app.db.query<{ id: number }>("SELECT MAX(id) AS id FROM surveys"))[0]?.id);
  const deliveries = (id: number) =>
    s.app.db.query<Record<string, unknown>>(
      "SELECT user_id, status FROM survey_deliveries WHERE survey_id = ? AND kind = 'direct' ORDER BY id",
      [id],
    );
  beforeAll(async () => {
    s = await surveyTestApp(provider, { start: "2026-11-16T09:00:00Z", messengers: (slack) => ({ slack }) });
  });
  afterAll(async () => s.close());

  it("a direct message whose outcome is unknown (a timeout) is reported and never sent again", async () => {
    await s.say('survey new "Timeout" csat "How was it?" closes 2026-11-20');
    const id = await lastId();
    s.slack.unknownFor.add("U6");
    const first = textOf(await s.say(`survey send ${id} to <@U5> <@U6>`));
    expect(first).toContain("sent to 1 person");
    expect(first).toContain("<@U6>: the platform did not say whether the survey arrived");
    s.slack.unknownFor.clear();
    const posts = s.slack.posts.length;
    const again = textOf(await s.say(`survey send ${id} to <@U6>`));
    // Not asked twice: the first message may have reached them.
    expect(s.slack.posts.length).toBe(posts);
    expect(again).toContain("sent to 0 people");
    expect((await deliveries(id)).map((d) => [d.user_id, d.status])).toEqual([
      ["U5", "sent"],
      ["U6", "unknown"],
    ]);
  });
});
