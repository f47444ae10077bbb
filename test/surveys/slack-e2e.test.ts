import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleInteraction } from "../../src/commands/index.js";
import { testProviders } from "../helpers/databases.js";
import { holdGroupedWrites } from "../helpers/held-writes.js";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.js";
import { CONTENT, type Harness, NOW_S, startHarness } from "../slack/harness.js";
import { commandBody } from "../slack/requests.js";
import { SECRET } from "./helpers.js";

/** A survey button click as Slack posts it, with its own action_ts. */
function surveyClick(o: {
  user: string;
  actionId: string;
  value: string;
  actionTs: string;
  responseUrl: string;
}): string {
  const payload = {
    type: "block_actions",
    user: { id: o.user, username: o.user.toLowerCase(), team_id: "T1" },
    api_app_id: "A1",
    container: { type: "message", message_ts: "1763200000.000100", channel_id: "C123", is_ephemeral: false },
    trigger_id: `trigger-${o.actionTs}`,
    team: { id: "T1", domain: "acme" },
    channel: { id: "C123", name: "it-ops" },
    response_url: o.responseUrl,
    actions: [{ action_id: o.actionId, block_id: "b", value: o.value, type: "button", action_ts: o.actionTs }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

describe.each(await testProviders())(
  "a survey created, posted and answered through signed Slack requests on %s",
  (provider) => {
    let fake: FakeSlack;
    let h: Harness;
    let blocks: { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[] = [];

    beforeAll(async () => {
      fake = await startFakeSlack();
      h = await startHarness(provider, {
        fake,
        handle: handleInteraction,
        env: { KPIBOT_SECRET: SECRET, KPIBOT_ADMINS: "slack:U42" },
      });
      h.test.app.messengers.slack = h.slack.messenger;
    });
    afterAll(async () => {
      await h.close();
      await fake.close();
    });

    it("/kpi survey new then /kpi survey post: the survey goes to the channel with chat.postMessage", async () => {
      await h.post(
        commandBody('survey new "Pulse" csat "How was it?" closes 2026-11-20', `${fake.responseBase}/c1`),
        CONTENT.form,
      );
      await h.slack.idle();
      expect(fake.responses.at(-1)?.body.text).toContain("Survey #1 “Pulse” created with 1 question");
      await h.post(commandBody("survey post 1", `${fake.responseBase}/c2`), CONTENT.form);
      await h.slack.idle();
      const posted = fake.callsOf("chat.postMessage").at(-1);
      expect(posted?.args.channel).toBe("C123");
      blocks = posted?.args.blocks as typeof blocks;
      const buttons = blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []);
      expect(buttons.map((b) => [b.action_id, b.value, b.text.text])).toEqual([
        ["survey.answer#0", "1:1:1", "1 😞"],
        ["survey.answer#1", "1:1:2", "2 🙁"],
        ["survey.answer#2", "1:1:3", "3 😐"],
        ["survey.answer#3", "1:1:4", "4 🙂"],
        ["survey.answer#4", "1:1:5", "5 😀"],
      ]);
    });

    it("clicks are acknowledged, stored once and confirmed privately, in the person's Slack language", async () => {
      fake.locales.set("U8", "fr-FR");
      const before = fake.responses.length;
      const click = (user: string, n: number, actionTs: string) =>
        surveyClick({
          user,
          actionId: `survey.answer#${n - 1}`,
          value: `1:1:${n}`,
          actionTs,
          responseUrl: `${fake.responseBase}/${user}-${actionTs}`,
        });
      const t = (s: number) => `${NOW_S + s}.000100`;
      expect((await h.post(click("U7", 2, t(1)), CONTENT.form)).status).toBe(200);
      // Slack's retry of the same payload, then the person changes their mind.
      expect((await h.post(click("U7", 2, t(1)), CONTENT.form, { retryNum: 1 })).status).toBe(200);
      await h.post(click("U7", 5, t(2)), CONTENT.form);
      await h.post(click("U8", 4, t(3)), CONTENT.form);
      await h.slack.idle();
      const sent = fake.responses.slice(before);
      expect(sent.map((r) => [r.body.response_type, r.body.replace_original])).toEqual([
        ["ephemeral", false],
        ["ephemeral", false],
        ["ephemeral", false],
      ]);
      // Clicks are processed concurrently: when the later click (5) is stored first, the earlier one (2) is told
      // that the later answer is kept. The stored answer never depends on that order.
      const texts = sent.map((r) => r.body.text ?? "");
      expect(texts).toHaveLength(3);
      expect(texts).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/you answered \*2\/5\*|Your later answer \*5\/5\* is the one kept/),
          expect.stringContaining("you answered *5/5*"),
          expect.stringContaining("Merci — vous avez répondu *4/5*"),
        ]),
      );
      const rows = await h.test.app.db.query<{ score: number; user_id: string | null }>(
        "SELECT score, user_id FROM survey_answers ORDER BY score DESC",
      );
      expect(rows.map((r) => [Number(r.score), r.user_id])).toEqual([
        [5, null],
        [4, null],
      ]);
    });

    it("an answer is acknowledged only once it is stored; one that cannot be stored is acknowledged and said so", async () => {
      const db = h.test.app.db;
      const store = holdGroupedWrites(db, "INSERT INTO survey_answers");
      const url = (n: string) => `${fake.responseBase}/ack-${n}`;
      const click = (user: string, n: number, tag: string) =>
        surveyClick({
          user,
          actionId: `survey.answer#${n - 1}`,
          value: `1:1:${n}`,
          actionTs: `${NOW_S + 50}.000${tag}`,
          responseUrl: url(tag),
        });
      try {
        const acked = h.post(click("U9", 3, "1"), CONTENT.form).then((r) => r.status);
        const first = await Promise.race([acked, new Promise((resolve) => setTimeout(() => resolve("waiting"), 300))]);
        // The store is held: Slack has no answer yet (it would show the person an error after 3 s, never a lie).
        expect(first).toBe("waiting");
        store.release();
        expect(await acked).toBe(200);
        const rows = await db.query("SELECT score FROM survey_answers WHERE score = 3");
        expect(rows).toHaveLength(1);

        store.fail(new Error("disk I/O error"));
        expect((await h.post(click("U10", 1, "2"), CONTENT.form)).status).toBe(200);
        await h.slack.idle();
        const told = fake.responses.filter((r) => r.path.endsWith("/ack-2")).map((r) => r.body.text ?? "");
        expect(told).toHaveLength(1);
        expect(told[0]).toMatch(/went wrong|error/i);
        expect(told[0]).not.toMatch(/Thanks/);
        expect(await db.query("SELECT score FROM survey_answers WHERE score = 1")).toHaveLength(0);
      } finally {
        store.restore();
      }
    });
  },
);
