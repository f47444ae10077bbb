import { beforeEach, describe, expect, it } from "vitest";
import { testProviders } from "../helpers/databases.js";
import { insert, useKpiApp } from "./fixtures.js";

const OCT = "2026-10-10T10:00:00Z";
const SEP = "2026-09-10T10:00:00Z";

describe.each(await testProviders())("perception KPIs on %s", (provider) => {
  const k = useKpiApp(provider);
  beforeEach(async () => {
    const db = k.t.app.db;
    await insert(db, "surveys", [
      { id: 1, title: "Users", audience: "users", anonymous: true },
      { id: 2, title: "Desk pulse", audience: "service_desk", anonymous: true },
    ]);
    const q = (id: number, survey: number, type: string, prompt: string, service: string | null = null) => ({
      id,
      survey_id: survey,
      position: id,
      type,
      prompt,
      service,
    });
    await insert(db, "survey_questions", [
      q(1, 1, "csat", "How satisfied are you?"),
      q(2, 1, "yes_no", "Was your issue solved?"),
      q(3, 1, "nps", "Would you recommend us?"),
      q(4, 1, "yes_no", "Do you know the VPN service?", "VPN"),
      q(5, 1, "yes_no", "Do you know the Mail service?", "Mail"),
      q(6, 2, "csat", "How is the team doing?"),
      q(7, 1, "text", "Anything else?"),
    ]);
    const answers: Record<string, string | number | null>[] = [];
    const add = (question: number, survey: number, scores: number[], at = OCT, prefix = "r") => {
      scores.forEach((score, i) => {
        answers.push({
          survey_id: survey,
          question_id: question,
          respondent_key: `${prefix}${i + 1}`,
          score,
          answered_at: at,
        });
      });
    };
    add(1, 1, [5, 4, 3, 2, 5, 4]); // csat: 4 positive of 6 (respondents r1..r6)
    add(2, 1, [1, 1, 0]); // yes/no satisfaction: 2 of 3 (r1..r3)
    add(3, 1, [10, 9, 8, 7, 6, 0, 10]); // nps: promoters 10, 9, 10; detractors 6, 0
    add(4, 1, [1, 1, 1, 0, 1]); // VPN awareness: 4 of 5
    add(5, 1, [1, 0]); // Mail awareness: 1 of 2
    add(6, 2, [4, 3, 5, 4, 4]); // desk pulse: 5 respondents, the anonymity floor
    add(1, 1, [5], SEP, "s"); // September: one csat answer, positive
    answers.push({ survey_id: 1, question_id: 7, respondent_key: "r1", score: null, answered_at: OCT });
    await insert(db, "survey_answers", answers);
  });

  it("satisfaction: positive answers / answers to csat and satisfaction yes/no questions", async () => {
    const r = await k.ask({ kpi: "csat" });
    // (4 + 2) / (6 + 3) = 66.67 %, 9 answers from 6 people; the desk pulse and the text question do not count.
    expect(r.kpi).toBe("satisfaction");
    expect(r.value).toBeCloseTo(600 / 9, 9);
    expect(r.n).toBe(9);
    expect(r.extras.respondents).toBe(6);
    // September: 1 answer from 1 respondent, withheld by the anonymity floor: no previous value, no change.
    expect(r.previous.value).toBeNull();
    expect(r.previous.n).toBe(1);
    expect(r.anonymity?.previous).toBe("too_few");
    expect(r.change).toBeNull();
    expect(r.status).toBe("off_target"); // target 85: 66.7 < 76.5
  });

  it("satisfaction by question hides questions with fewer than 5 respondents, and the one that would give them away", async () => {
    const r = await k.ask({ kpi: "satisfaction", breakdown: "question" });
    // yes/no question: 3 respondents → hidden. The csat question has 6, but showing its 4/6 beside the total
    // (6 positive of 9) would give the yes/no question away (2 of 3): it is hidden as well.
    expect(r.value).toBeCloseTo(600 / 9, 9);
    expect(r.breakdown?.rows).toEqual([]);
    expect(r.breakdown?.hidden).toBe(2);
  });

  it("nps: % promoters − % detractors", async () => {
    const r = await k.ask({ kpi: "nps" });
    // 3 promoters, 2 detractors of 7 → (3 − 2) / 7 = 14.29 points.
    expect(r.value).toBeCloseTo(100 / 7, 9);
    expect(r.n).toBe(7);
    expect(r.unit).toBe("points");
    expect(r.changeKind).toBe("points");
    expect(r.previous.value).toBeNull();
  });

  it("awareness: yes / answers to service-awareness questions, by service with the anonymity rule", async () => {
    const r = await k.ask({ kpi: "connaissance", breakdown: "service" });
    // (4 + 1) / (5 + 2) = 71.4 %.
    expect(r.value).toBeCloseTo(500 / 7, 9);
    // Mail: 2 respondents → hidden; VPN (5, 80 %) beside the total would give Mail away (1 of 2): hidden too.
    expect(r.breakdown?.rows).toEqual([]);
    expect(r.breakdown?.hidden).toBe(2);
  });

  it("desk-feedback: mean score of the service desk's pulse surveys", async () => {
    const r = await k.ask({ kpi: "pulse" });
    // (4 + 3 + 5 + 4 + 4) / 5 = 4 → target 4, on target.
    expect(r.value).toBeCloseTo(4, 9);
    expect(r.n).toBe(5);
    expect(r.status).toBe("on_target");
  });
});
