import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeams, type TeamsSurface } from "../../adapters/teams/index.js";
import { createHttp } from "../../src/http/server.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { cardOf, type SurveyConnector, startSurveyConnector } from "./fake-connector.js";
import { movableClock, SECRET } from "./helpers.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const BOT = { id: "28:kpibot-app", name: "kpibot" };
const CHANNEL = "19:surveys@thread.tacv2";
const ADMIN = { id: "29:admin", name: "Ada Admin" };
const ALICE = { id: "29:alice", name: "Alice" };
const BOB = { id: "29:bob", name: "Bob" };

describe.each(await testProviders())(
  "surveys in Microsoft Teams (activities through POST /api/messages) on %s",
  (provider) => {
    let t: TestApp;
    let http: Hono;
    let connector: SurveyConnector;
    let teams: TeamsSurface;
    let seq = 0;
    const clock = movableClock("2026-11-16T09:00:00Z");

    /** An activity in the channel (a message mentioning the bot, or a card click). */
    function channelActivity(from: { id: string; name: string }, extra: Record<string, unknown>, id = `act-${++seq}`) {
      return {
        type: "message",
        id,
        timestamp: new Date(clock.now().getTime() + seq * 1000).toISOString(),
        channelId: "msteams",
        serviceUrl: connector.url,
        from,
        recipient: BOT,
        conversation: {
          isGroup: true,
          conversationType: "channel",
          tenantId: TENANT,
          id: `${CHANNEL};messageid=root-1`,
        },
        channelData: { tenant: { id: TENANT }, channel: { id: CHANNEL, name: "Surveys" }, team: { id: "19:team" } },
        locale: "en-US",
        ...extra,
      };
    }
    const say = (from: { id: string; name: string }, text: string) =>
      post(
        channelActivity(from, {
          text: `<at>kpibot</at> ${text}`,
          entities: [{ type: "mention", text: "<at>kpibot</at>", mentioned: BOT }],
        }),
      );
    const click = (from: { id: string; name: string }, value: string, id?: string) =>
      post(channelActivity(from, { value: { actionId: "survey.answer", value }, replyToId: "activity-1" }, id));
    const post = async (activity: unknown) => {
      const res = await http.request("/api/messages", {
        method: "POST",
        body: JSON.stringify(activity),
        headers: { "content-type": "application/json" },
      });
      expect(res.status).toBe(200);
    };
    const answers = () =>
      t.app.db.query<{ score: number; user_id: string | null }>(
        "SELECT score, user_id FROM survey_answers ORDER BY id",
      );

    beforeAll(async () => {
      connector = await startSurveyConnector();
      t = await createTestApp(provider, {
        clock,
        env: { KPIBOT_SECRET: SECRET, KPIBOT_ADMINS: `teams:${ADMIN.id}` },
      });
      teams = createTeams(t.app, { retry: { sleep: async () => undefined, random: () => 0.5 } });
      t.app.messengers.teams = teams.messenger;
      http = createHttp(t.app, [teams.routes]);
    });
    afterAll(async () => {
      await connector.close();
      await t.close();
    });

    it("an admin creates a survey and posts it in the channel as an Adaptive Card with Action.Submit buttons", async () => {
      await say(ADMIN, 'survey new "Teams pulse" csat "How was your last ticket?" closes 2026-11-20');
      await say(ADMIN, "survey post 1");
      const posted = connector.calls.find(
        (c) =>
          c.conversationId === CHANNEL &&
          cardOf(c.body).submits.length > 0 &&
          cardOf(c.body).texts.some((x) => x.includes("Teams pulse")),
      );
      expect(posted).toBeDefined();
      const card = cardOf(posted?.body ?? {});
      expect(card.submits.filter((s) => s.actionId === "survey.answer").map((s) => s.value)).toEqual([
        "1:1:1",
        "1:1:2",
        "1:1:3",
        "1:1:4",
        "1:1:5",
      ]);
    });

    it("a click in the channel is stored and confirmed in a private 1:1 chat, never in the channel", async () => {
      const before = connector.calls.length;
      await click(ALICE, "1:1:4", "click-alice-1");
      const calls = connector.calls.slice(before);
      expect(calls.map((c) => c.method)).toEqual(["CREATE", "POST"]);
      expect(((calls[0]?.body.members ?? []) as { id: string }[]).map((m) => m.id)).toEqual([ALICE.id]);
      expect(calls[1]?.conversationId).toBe("a:private-1");
      expect(cardOf(calls[1]?.body ?? {}).texts.join(" ")).toContain("you answered **4/5**");
      expect(calls.some((c) => c.conversationId.startsWith(CHANNEL))).toBe(false);
      expect(await answers()).toEqual([{ score: 4, user_id: null }]);
    });

    it("a redelivered click is answered once; another person's click on the same card counts", async () => {
      const before = connector.calls.length;
      await click(ALICE, "1:1:4", "click-alice-1");
      expect(connector.calls.length).toBe(before);
      await click(BOB, "1:1:2", "click-bob-1");
      expect((await answers()).map((a) => a.score)).toEqual([4, 2]);
    });

    it("4, then 5, then 4 again: three answers, the last one kept", async () => {
      await click(ALICE, "1:1:5", "click-alice-2");
      await click(ALICE, "1:1:4", "click-alice-3");
      expect((await answers()).map((a) => a.score)).toEqual([4, 2]);
      const confirmations = connector.calls.filter(
        (c) => c.method === "POST" && c.conversationId.startsWith("a:private"),
      );
      expect(
        confirmations.map(
          (c) =>
            cardOf(c.body)
              .texts.join(" ")
              .match(/\*\*(\d)\/5\*\*/)?.[1],
        ),
      ).toEqual(["4", "2", "5", "4"]);
    });

    it("when no private chat can be opened, the channel gets a receipt naming neither the person nor the answer", async () => {
      connector.refuseCreate = 1;
      const before = connector.calls.length;
      await click(BOB, "1:1:3", "click-bob-2");
      const posted = connector.calls.slice(before).filter((c) => c.method === "POST");
      // In the channel (the thread of the card).
      expect(posted.map((c) => c.conversationId.split(";")[0])).toEqual([CHANNEL]);
      const text = cardOf(posted[0]?.body ?? {}).texts.join(" ");
      expect(text).toContain("Answer recorded");
      expect(text).not.toContain("3/5");
      expect(text).not.toContain("Bob");
      expect((await answers()).map((a) => a.score)).toEqual([4, 3]);
    });
  },
);
