import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePeriod } from "../../src/periods/index.js";
import { surveyStats } from "../../src/surveys/index.js";
import { testProviders } from "../helpers/databases.js";
import { type SurveyTestApp, surveyTestApp, textOf } from "./helpers.js";

const user = (n: number) => ({ platform: "slack" as const, id: `U${n}` });

describe.each(await testProviders())("perception KPIs from answers given in the chat on %s", (provider) => {
  let s: SurveyTestApp;
  let usersSurvey = 0;
  let deskSurvey = 0;
  let smallSurvey = 0;
  const october = () => {
    const r = parsePeriod("2026-10", { now: s.clock.now(), timezone: "Europe/Paris" });
    if (!r.ok) throw new Error("period");
    return r.period;
  };

  /** Clicks `scores[i]` for user i+1 on question `position` of `survey`. */
  async function answer(survey: number, position: number, scores: number[]): Promise<void> {
    const q = (
      await s.app.db.query<{ id: number }>("SELECT id FROM survey_questions WHERE survey_id = ? AND position = ?", [
        survey,
        position,
      ])
    )[0];
    for (const [i, score] of scores.entries()) {
      const reply = await s.click("survey.answer", `${survey}:${q?.id}:${score}`, user(i + 1));
      expect(textOf(reply)).toContain("Thanks");
    }
  }

  beforeAll(async () => {
    s = await surveyTestApp(provider, { start: "2026-10-05T09:00:00Z" });
    await s.say(
      'survey new "Users" csat "How satisfied are you?" nps "Recommend us?" know VPN,Mail yesno "Was your issue solved?" results live closes 2026-10-30',
    );
    await s.say(
      'survey new "Desk pulse" csat "How is the team doing?" audience service-desk named results live closes 2026-10-30',
    );
    await s.say('survey new "Tiny" csat "Small group?" results live closes 2026-10-30');
    const ids = (await s.app.db.query<{ id: number }>("SELECT id FROM surveys ORDER BY id")).map((r) => Number(r.id));
    [usersSurvey, deskSurvey, smallSurvey] = ids as [number, number, number];
    // U1 first answers 1, then changes its mind: only the 5 counts.
    await answer(usersSurvey, 1, [1]);
    s.clock.set("2026-10-06T09:00:00Z");
    await answer(usersSurvey, 1, [5, 4, 3, 2, 5, 4]); // csat: 4 positive of 6
    await answer(usersSurvey, 2, [10, 9, 8, 7, 6, 0, 10]); // nps: 3 promoters, 2 detractors of 7
    await answer(usersSurvey, 3, [1, 1, 1, 0, 1]); // VPN: 4 of 5
    await answer(usersSurvey, 4, [1, 0]); // Mail: 1 of 2
    await answer(usersSurvey, 5, [1, 1, 0, 1, 0]); // solved: 3 of 5
    await answer(deskSurvey, 1, [4, 3, 5]); // desk: mean 4
    await answer(smallSurvey, 1, [5, 5, 4, 1]); // 4 respondents only
    s.clock.set("2026-11-02T09:00:00Z");
  });
  afterAll(async () => s.close());

  it("satisfaction = (csat 4–5 + yes) / (csat + yes/no without a service) answers", async () => {
    const r = await s.app.kpi.answer({ kpi: "satisfaction", period: october() });
    // Users survey: (4 + 3) / (6 + 5); tiny survey: 3 positive of 4. Total (7 + 3) / (11 + 4) = 10 / 15.
    expect(r.value).toBeCloseTo((10 / 15) * 100, 9);
    expect(r.n).toBe(15);
  });

  it("nps = % promoters − % detractors", async () => {
    const r = await s.app.kpi.answer({ kpi: "nps", period: october() });
    expect(r.value).toBeCloseTo(((3 - 2) / 7) * 100, 9);
    expect(r.n).toBe(7);
  });

  it("awareness by service hides services with fewer than 5 respondents, and the one that would give them away", async () => {
    const r = await s.app.kpi.answer({ kpi: "awareness", period: october(), breakdown: "service" });
    expect(r.value).toBeCloseTo((5 / 7) * 100, 9);
    // Mail: 2 respondents. VPN (4 of 5) beside the total (5 of 7) would give Mail's 1 of 2 away: both hidden.
    expect(r.breakdown?.rows).toEqual([]);
    expect(r.breakdown?.hidden).toBe(2);
  });

  it("desk-feedback from the service-desk survey's 3 respondents is withheld (the formula: test/kpi/perception)", async () => {
    const r = await s.app.kpi.answer({ kpi: "desk-feedback", period: october() });
    expect(r.value).toBeNull();
    expect(r.n).toBe(3);
    expect(r.anonymity?.value).toBe("too_few");
  });

  it("the survey's own results agree with the KPIs (same conventions)", async () => {
    const survey = await s.app.repos.surveys.get(usersSurvey);
    if (!survey) throw new Error("no survey");
    const stats = await surveyStats(s.app.repos.surveyAnswers, survey, 0);
    expect(stats.respondents).toBe(7);
    expect(stats.satisfaction).toBeCloseTo((7 / 11) * 100, 9);
    expect(stats.nps).toBeCloseTo((1 / 7) * 100, 9);
    expect(stats.awareness).toBeCloseTo((5 / 7) * 100, 9);
    const reply = await s.say(`survey results ${usersSurvey}`, user(3));
    const text = textOf(reply);
    expect(text).toContain("Respondents: 7");
    expect(text).toContain("Satisfaction: 63.6\u00a0%");
    expect(text).toContain("NPS: +14");
    expect(text).toContain("Awareness: 71.4\u00a0%");
    // 4 of 6 answers are 4–5: 66.666… % shows 66.7 % (the percent rule, as the KPIs); mean 23 / 6 = 3.833… → 3.8 / 5.
    expect(text).toContain(
      "**1. How satisfied are you?** — 6 answers · 66.7\u00a0% positive (4–5) · mean 3.8\u00a0/\u00a05",
    );
    expect(text).toContain("**4. Do you know the Mail service?** — 2 answers · not shown (fewer than 5)");
    // VPN's 4 of 5 beside the awareness total (5 of 7) would give Mail's 1 of 2 away: VPN is not shown either,
    // nor its bar in the awareness chart (which then has nothing to draw).
    expect(text).toContain(
      "**3. Do you know the VPN service?** — 5 answers · not shown (with the total, it would give away a question with fewer than 5 answers)",
    );
    const charts = reply.blocks.filter((b) => b.type === "chart");
    expect(charts.map((c) => (c.type === "chart" ? c.spec.kind : ""))).toEqual(["doughnut", "doughnut"]);
    const csat = charts[0];
    expect(csat?.type === "chart" && csat.spec.series[0]?.values).toEqual([0, 1, 1, 2, 2]);
    const desk = textOf(await s.say(`survey results ${deskSurvey}`));
    // 3 respondents: under the threshold, so no figure at all.
    expect(desk).toContain("Results appear from 5 respondents");
    expect(desk).not.toContain("Service desk mean");
  });

  it("fewer than 5 respondents: no results, and the KPI breakdown by question hides it", async () => {
    const text = textOf(await s.say(`survey results ${smallSurvey}`));
    expect(text).toContain("Respondents: 4");
    expect(text).toContain("Results appear from 5 respondents");
    expect(text).not.toContain("Small group?** —");
    const r = await s.app.kpi.answer({ kpi: "satisfaction", period: october(), breakdown: "question" });
    // "Small group?" (4 respondents) is hidden, and so is the next smallest, "Was your issue solved?" (5), so that
    // the total minus the shown questions is never the tiny survey's answers alone.
    expect(r.breakdown?.rows.map((b) => b.key)).toEqual(["How satisfied are you?"]);
    expect(r.breakdown?.hidden).toBe(2);
  });

  it("results hidden until close show only counts, then everything once closed", async () => {
    await s.say('survey new "Later" csat "Q?" closes 2026-11-30');
    const id = Number((await s.app.db.query<{ id: number }>("SELECT MAX(id) AS id FROM surveys"))[0]?.id);
    const q = (await s.app.db.query<{ id: number }>("SELECT id FROM survey_questions WHERE survey_id = ?", [id]))[0];
    for (let i = 1; i <= 5; i++) await s.click("survey.answer", `${id}:${q?.id}:5`, user(i));
    const before = textOf(await s.say(`survey results ${id}`, user(9)));
    expect(before).toContain("Respondents: 5");
    expect(before).toContain("Answers are shown once the survey closes.");
    expect(before).not.toContain("Satisfaction");
    await s.say(`survey close ${id}`);
    const after = textOf(await s.say(`survey results ${id}`, user(9)));
    expect(after).toContain("Satisfaction: 100\u00a0%");
  });
});
