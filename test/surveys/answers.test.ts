import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleInteraction } from "../../src/commands/index.js";
import { testProviders } from "../helpers/databases.js";
import { ADMIN, buttons, SECRET, type SurveyTestApp, surveyTestApp, textOf } from "./helpers.js";

const U1 = { platform: "slack" as const, id: "U0001" };
const U2 = { platform: "slack" as const, id: "U0002" };

describe.each(await testProviders())("answering surveys on %s", (provider) => {
  let s: SurveyTestApp;
  let anonymousId: number;
  let namedId: number;
  const rows = (surveyId: number) =>
    s.app.db.query<Record<string, unknown>>("SELECT * FROM survey_answers WHERE survey_id = ? ORDER BY id", [surveyId]);

  beforeAll(async () => {
    s = await surveyTestApp(provider, { start: "2026-11-16T09:00:00Z" });
    await s.say('survey new "Pulse" csat "How was your last ticket?" know VPN comment closes 2026-11-20');
    await s.say('survey new "Named pulse" csat named closes 2026-11-20');
    const ids = await s.app.db.query<{ id: number; title: string }>("SELECT id, title FROM surveys ORDER BY id");
    anonymousId = Number(ids[0]?.id);
    namedId = Number(ids[1]?.id);
  });
  afterAll(async () => s.close());

  it("an anonymous answer stores no user id anywhere in its row, only the keyed hash", async () => {
    const posted = await s.say(`survey show ${anonymousId}`);
    const four = buttons(posted).find((b) => b.label.startsWith("4"));
    expect(four?.actionId).toBe("survey.answer");
    const reply = await s.click("survey.answer", four?.value ?? "", U1);
    expect(reply.ephemeral).toBe(true);
    expect(textOf(reply)).toContain("you answered **4/5**");
    expect(textOf(reply)).toContain("until Friday 20 November");
    const stored = await rows(anonymousId);
    expect(stored).toHaveLength(1);
    const row = stored[0] ?? {};
    expect(row.user_id).toBeNull();
    // The key is HMAC-SHA256(KPIBOT_SECRET, "platform:userId:surveyId"), computed here independently.
    const expected = createHmac("sha256", SECRET).update(`slack:${U1.id}:${anonymousId}`).digest("hex");
    expect(row.respondent_key).toBe(expected);
    // Nothing in the row (any column) carries the person's id or name.
    for (const value of Object.values(row)) expect(String(value)).not.toContain(U1.id);
    expect(Number(row.score)).toBe(4);
  });

  it("a later click replaces the earlier answer (one row), a delayed older click changes nothing", async () => {
    const base = s.clock.now().getTime();
    const q = (
      await s.app.db.query<{ id: number }>("SELECT id FROM survey_questions WHERE survey_id = ? AND position = 1", [
        anonymousId,
      ])
    )[0];
    const value = (score: number) => `${anonymousId}:${q?.id}:${score}`;
    await s.click("survey.answer", value(2), U2, new Date(base + 1000));
    const later = await s.click("survey.answer", value(5), U2, new Date(base + 2000));
    expect(textOf(later)).toContain("**5/5**");
    // A retry of the first click arriving late (its own, older timestamp) does not undo the change.
    const stale = await s.click("survey.answer", value(2), U2, new Date(base + 1000));
    expect(textOf(stale)).toContain("Your later answer **5/5** is the one kept");
    // A double click on 5: still one row.
    await s.click("survey.answer", value(5), U2, new Date(base + 2500));
    const key = createHmac("sha256", SECRET).update(`slack:${U2.id}:${anonymousId}`).digest("hex");
    const mine = (await rows(anonymousId)).filter((r) => r.respondent_key === key);
    expect(mine.map((r) => Number(r.score))).toEqual([5]);
  });

  it("a named survey keeps the user with the answer", async () => {
    const survey = await s.say(`survey show ${namedId}`);
    expect(textOf(survey)).toContain("Named: your name is kept");
    await s.click("survey.answer", buttons(survey)[2]?.value ?? "", U1);
    const stored = await rows(namedId);
    expect(stored.map((r) => [r.user_id, r.respondent_key, Number(r.score)])).toEqual([
      ["slack:U0001", "slack:U0001", 3],
    ]);
  });

  it("comments are stored on the free-text question and confirmed", async () => {
    const help = await s.click("survey.comment", `${anonymousId}:3`, U1);
    expect(textOf(help)).toContain(`/kpi survey comment ${anonymousId}`);
    const reply = await s.say(`survey comment ${anonymousId} The VPN drops every morning`, U1);
    expect(textOf(reply)).toContain("“The VPN drops every morning”");
    const text = (await rows(anonymousId)).find((r) => r.text !== null);
    expect(text?.text).toBe("The VPN drops every morning");
    expect(text?.user_id).toBeNull();
  });

  it("answers in the person's language (French)", async () => {
    const q = (
      await s.app.db.query<{ id: number }>("SELECT id FROM survey_questions WHERE survey_id = ? AND position = 2", [
        anonymousId,
      ])
    )[0];
    const reply = await handleInteraction(s.app, {
      kind: "action",
      actionId: "survey.answer",
      value: `${anonymousId}:${q?.id}:1`,
      user: { platform: "teams", id: "29:claire" },
      conversation: { platform: "teams", conversationId: "a:personal" },
      locale: "fr-FR",
      at: s.clock.now(),
    });
    expect(textOf(reply)).toContain("Merci — vous avez répondu **Oui** à « Do you know the VPN service? »");
    expect(textOf(reply)).toContain("jusqu'au vendredi 20 novembre");
  });

  it("a forged or unknown button value stores nothing and says so", async () => {
    const before = (await rows(anonymousId)).length;
    const q = (
      await s.app.db.query<{ id: number }>("SELECT id FROM survey_questions WHERE survey_id = ? AND position = 1", [
        anonymousId,
      ])
    )[0];
    for (const value of [`${anonymousId}:${q?.id}:9`, `${anonymousId}:999999:3`, "nonsense", `${namedId}:${q?.id}:3`]) {
      const reply = await s.click("survey.answer", value, U1);
      expect(textOf(reply)).toContain("nothing was stored");
    }
    expect((await rows(anonymousId)).length).toBe(before);
  });

  it("a closed survey refuses answers with a clear message, and reopening takes them again", async () => {
    const close = await s.say(`survey close ${namedId}`);
    expect(textOf(close)).toContain("is closed");
    const survey = await s.say(`survey show ${namedId}`);
    const refused = await s.click("survey.answer", buttons(survey)[4]?.value ?? `${namedId}:0:5`, U2);
    expect(textOf(refused)).toContain(
      "The survey “Named pulse” closed on Monday 16 November, 10:00: answers are no longer taken.",
    );
    expect((await rows(namedId)).map((r) => r.user_id)).toEqual(["slack:U0001"]);
    expect(textOf(await s.say(`survey reopen ${namedId}`))).toContain("is open again");
    const q = (
      await s.app.db.query<{ id: number }>("SELECT id FROM survey_questions WHERE survey_id = ?", [namedId])
    )[0];
    await s.click("survey.answer", `${namedId}:${q?.id}:5`, U2);
    expect((await rows(namedId)).map((r) => r.user_id)).toEqual(["slack:U0001", "slack:U0002"]);
  });

  it("past its close time a survey refuses answers even before the job closes it", async () => {
    const q = (
      await s.app.db.query<{ id: number }>("SELECT id FROM survey_questions WHERE survey_id = ? AND position = 1", [
        anonymousId,
      ])
    )[0];
    const reply = await s.click("survey.answer", `${anonymousId}:${q?.id}:1`, U1, new Date("2026-11-21T08:00:00Z"));
    expect(textOf(reply)).toContain("closed on Friday 20 November");
  });

  it("only admins manage surveys", async () => {
    const denied = await s.say('survey new "Mine" csat', U1);
    expect(textOf(denied)).toContain("Only an admin can manage surveys");
    expect(textOf(await s.say(`survey close ${anonymousId}`, U1))).toContain("Only an admin");
    expect((await s.app.db.query("SELECT id FROM surveys WHERE title = 'Mine'")).length).toBe(0);
    // Everyone may read the list and answer.
    expect(textOf(await s.say("survey list", U1))).toContain("Pulse");
  });

  it("without KPIBOT_SECRET an anonymous survey is refused at creation, with the variable to set", async () => {
    const t2 = await surveyTestApp(provider, { env: { KPIBOT_SECRET: "" } });
    try {
      const reply = await t2.say('survey new "Anon" csat');
      expect(textOf(reply)).toContain("Anonymous surveys need KPIBOT_SECRET");
      expect((await t2.app.db.query("SELECT id FROM surveys")).length).toBe(0);
      const named = await t2.say('survey new "Named" csat named');
      expect(textOf(named)).toContain("created with 1 question");
      // An anonymous survey made elsewhere (or before the secret was removed) cannot take answers either: a copy of
      // the named one, written straight into the database, anonymous.
      await t2.app.db.execute(
        `INSERT INTO surveys (title, kind, audience, anonymous, status, results_visibility, opens_at, closes_at, locale,
           created_by, created_at)
         SELECT 'Made elsewhere', kind, audience, ?, status, results_visibility, opens_at, closes_at, locale, created_by,
           created_at FROM surveys`,
        [true],
      );
      await t2.app.db.execute(
        `INSERT INTO survey_questions (survey_id, position, type, prompt)
         SELECT s.id, q.position, q.type, q.prompt FROM survey_questions q, surveys s WHERE s.title = 'Made elsewhere'`,
      );
      const q = (
        await t2.app.db.query<{ id: number; survey_id: number }>(
          "SELECT q.id, q.survey_id FROM survey_questions q JOIN surveys s ON s.id = q.survey_id WHERE s.anonymous = ?",
          [true],
        )
      )[0];
      const click = await t2.click("survey.answer", `${q?.survey_id}:${q?.id}:4`, U1);
      expect(textOf(click)).toContain("must set KPIBOT_SECRET. Nothing was stored.");
      expect((await t2.app.db.query("SELECT id FROM survey_answers")).length).toBe(0);
    } finally {
      await t2.close();
    }
  });

  it("French commands answer in French", async () => {
    const reply = await s.say('enquête nouvelle "Baromètre" csat ferme 2026-11-30', { ...ADMIN });
    expect(textOf(reply)).toMatch(/Enquête n° \d+ « Baromètre » créée avec 1 question\./);
    expect(textOf(reply)).toContain("jusqu'au lundi 30 novembre");
    const bad = await s.say("sondage fermer");
    expect(textOf(bad)).toContain("Quelle enquête ?");
  });
});
