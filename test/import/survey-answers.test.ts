import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.js";
import { isKpibotError } from "../../src/errors.js";
import { importSurveyAnswers } from "../../src/import/families/survey-answers.js";
import type { Db } from "../../src/store/db.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { tempDir } from "./fixtures.js";

const SECRET = "0123456789abcdef-test-secret";
const FILE = [
  "survey,audience,anonymous,question,type,prompt,service,respondent,score,text,answered_at",
  "Baromètre 2026,users,true,1,csat,Satisfait du support ?,,alice@example.com,4,,2026-10-05",
  "Baromètre 2026,,,1,,,,bob@example.com,2,,05/10/2026 10:00",
  "Baromètre 2026,,,2,nps,Recommanderiez-vous ?,,alice@example.com,9,,2026-10-05",
  "Baromètre 2026,,,3,yes_no,Connaissez-vous le portail ?,portal,alice@example.com,oui,,2026-10-05",
  "Baromètre 2026,,,3,,,,bob@example.com,peut-être,,2026-10-05",
  "Baromètre 2026,,,4,,,,bob@example.com,3,,2026-10-05",
  "Pulse desk,service_desk,false,1,csat,Charge ok ?,,agent7,5,,2026-10-06",
  "Baromètre 2026,,,1,nps,,,carol,5,,2026-10-05",
  "",
].join("\n");

const hmac = (who: string, surveyId: number) =>
  createHmac("sha256", SECRET).update(`import:${who}:${surveyId}`).digest("hex");

describe.each(await testProviders())("survey-answers import on %s", (provider) => {
  let t: TestApp;
  let db: Db;
  const dir = tempDir();
  const target = () => ({ repos: t.app.repos, clock: fixedClock(new Date("2026-11-28T12:00:00Z")) });

  beforeAll(async () => {
    t = await createTestApp(provider);
    db = t.app.db;
  });
  afterAll(async () => {
    await t.close();
    dir.remove();
  });

  it("creates the surveys and questions, hashes anonymous respondents, rejects bad rows with line and field", async () => {
    const file = dir.write("answers.csv", FILE);
    const s = await importSurveyAnswers(target(), file, { timezone: "Europe/Paris", secret: SECRET });
    expect(s).toMatchObject({ rows: 8, inserted: 5, rejected: 3 });
    expect(s.rejections).toEqual([
      { line: 6, reason: 'score: must be yes or no (1/0), got "peut-être"' },
      { line: 7, reason: 'question: survey "Baromètre 2026" has no question 4; give its type and prompt' },
      { line: 9, reason: 'type: question 1 of "Baromètre 2026" is csat, not nps' },
    ]);
    const surveys = await db.query<{ id: number; title: string; audience: string; anonymous: unknown; status: string }>(
      "SELECT id, title, audience, anonymous, status FROM surveys ORDER BY id",
    );
    expect(surveys.map((x) => [x.title, x.audience, Number(x.anonymous), x.status])).toEqual([
      ["Baromètre 2026", "users", 1, "closed"],
      ["Pulse desk", "service_desk", 0, "closed"],
    ]);
    const [baro, pulse] = surveys.map((x) => Number(x.id)) as [number, number];
    const questions = await db.query(
      "SELECT survey_id, position, type, prompt, service FROM survey_questions ORDER BY survey_id, position",
    );
    expect(questions).toEqual([
      { survey_id: baro, position: 1, type: "csat", prompt: "Satisfait du support ?", service: null },
      { survey_id: baro, position: 2, type: "nps", prompt: "Recommanderiez-vous ?", service: null },
      { survey_id: baro, position: 3, type: "yes_no", prompt: "Connaissez-vous le portail ?", service: "portal" },
      { survey_id: pulse, position: 1, type: "csat", prompt: "Charge ok ?", service: null },
    ]);
    const answers = await db.query<Record<string, unknown>>(
      `SELECT a.survey_id, q.position, a.respondent_key, a.user_id, a.score, a.answered_at
       FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id ORDER BY a.survey_id, q.position, a.answered_at`,
    );
    expect(answers.map((a) => ({ ...a, answered_at: (a.answered_at as Date).toISOString() }))).toEqual([
      {
        survey_id: baro,
        position: 1,
        respondent_key: hmac("alice@example.com", baro),
        user_id: null,
        score: 4,
        answered_at: "2026-10-04T22:00:00.000Z",
      },
      {
        survey_id: baro,
        position: 1,
        respondent_key: hmac("bob@example.com", baro),
        user_id: null,
        score: 2,
        answered_at: "2026-10-05T08:00:00.000Z",
      },
      {
        survey_id: baro,
        position: 2,
        respondent_key: hmac("alice@example.com", baro),
        user_id: null,
        score: 9,
        answered_at: "2026-10-04T22:00:00.000Z",
      },
      {
        survey_id: baro,
        position: 3,
        respondent_key: hmac("alice@example.com", baro),
        user_id: null,
        score: 1,
        answered_at: "2026-10-04T22:00:00.000Z",
      },
      {
        survey_id: pulse,
        position: 1,
        respondent_key: "agent7",
        user_id: "agent7",
        score: 5,
        answered_at: "2026-10-05T22:00:00.000Z",
      },
    ]);

    // Again: nothing new, the surveys are found by title.
    const again = await importSurveyAnswers(target(), file, { timezone: "Europe/Paris", secret: SECRET });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, rejected: 3 });
    expect(await db.query("SELECT COUNT(*) AS n FROM surveys")).toEqual([{ n: 2 }]);
  });

  it("refuses an anonymous survey without KPIBOT_SECRET (nothing stored in clear)", async () => {
    const file = dir.write(
      "anon.csv",
      "survey,audience,anonymous,question,type,prompt,service,respondent,score,text,answered_at\nAnon 2,users,,1,csat,Q,,zed,5,,2026-10-05\n",
    );
    const e = await importSurveyAnswers(target(), file, { timezone: "Europe/Paris" }).catch((x: unknown) => x);
    expect(isKpibotError(e, "CONFIG_INVALID")).toBe(true);
    expect(await db.query("SELECT COUNT(*) AS n FROM survey_answers WHERE respondent_key = 'zed'")).toEqual([{ n: 0 }]);
    expect(await db.query("SELECT COUNT(*) AS n FROM surveys WHERE title = 'Anon 2'")).toEqual([{ n: 0 }]);
  });
});
