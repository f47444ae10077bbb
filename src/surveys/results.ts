import type { Db } from "../store/db.js";
import { toNum } from "../store/sql-values.js";
import { ANONYMITY_THRESHOLD } from "./anonymity.js";
import type { Question, Survey } from "./types.js";

/** The answers to one question, counted by score (computed by the database). */
export interface QuestionStats {
  question: Question;
  /** Answers (one per person): the question's respondents. */
  n: number;
  /** Answers per score (csat 1–5, nps 0–10, yes_no 0/1); empty for text questions. */
  counts: Map<number, number>;
  /** Whether it may be shown (at least ANONYMITY_THRESHOLD answers). */
  shown: boolean;
}

/** A survey's results, with the same conventions as the perception KPIs. */
export interface SurveyStats {
  /** People who answered at least one question. */
  respondents: number;
  /** People it was sent to directly (0 when only posted in channels). */
  recipients: number;
  /** Respondents / recipients × 100, when it was sent directly. */
  responseRate: number | null;
  questions: QuestionStats[];
  /** % of 4–5 on csat plus "yes" on yes/no questions without a service (user surveys), when shown. */
  satisfaction: number | null;
  /** % promoters − % detractors on nps questions, when shown. */
  nps: number | null;
  /** % "yes" on the awareness questions (yes/no with a service), when shown. */
  awareness: number | null;
  /** Mean csat score (service-desk pulse surveys), when shown. */
  deskMean: number | null;
  /** Comments (text answers), counted only. */
  comments: number;
  /** Whether the whole result may be shown (at least ANONYMITY_THRESHOLD respondents). */
  shown: boolean;
}

function sumWhere(counts: Map<number, number>, keep: (score: number) => boolean): number {
  let total = 0;
  for (const [score, n] of counts) if (keep(score)) total += n;
  return total;
}

/** Counts a survey's answers per question and score in one grouped query, then applies the KPI formulas. */
export async function surveyStats(db: Db, survey: Survey, recipients: number): Promise<SurveyStats> {
  const rows = await db.query(
    `SELECT question_id, score, COUNT(*) AS n FROM survey_answers WHERE survey_id = ? GROUP BY question_id, score`,
    [survey.id],
  );
  const people = await db.query<{ n: number }>(
    "SELECT COUNT(DISTINCT respondent_key) AS n FROM survey_answers WHERE survey_id = ?",
    [survey.id],
  );
  const respondents = toNum(people[0]?.n) ?? 0;
  const shown = respondents >= ANONYMITY_THRESHOLD;
  const questions: QuestionStats[] = survey.questions.map((question) => {
    const counts = new Map<number, number>();
    let n = 0;
    for (const r of rows) {
      if (toNum(r.question_id) !== question.id) continue;
      const count = toNum(r.n) ?? 0;
      n += count;
      const score = toNum(r.score);
      if (score !== null && question.type !== "text") counts.set(score, (counts.get(score) ?? 0) + count);
    }
    return { question, n, counts, shown: shown && n >= ANONYMITY_THRESHOLD };
  });
  const users = survey.audience !== "service_desk";
  // Headline figures count every question once the survey has enough respondents (as the KPIs do);
  // only the per-question lines are hidden below the threshold.
  const pick = (keep: (q: Question) => boolean) => questions.filter((s) => shown && keep(s.question));
  const ratio = (list: QuestionStats[], positive: (q: Question, score: number) => boolean) => {
    const den = list.reduce((a, s) => a + sumWhere(s.counts, () => true), 0);
    const num = list.reduce((a, s) => a + sumWhere(s.counts, (score) => positive(s.question, score)), 0);
    return den > 0 ? (num / den) * 100 : null;
  };
  const satisfactionQs = users ? pick((q) => q.type === "csat" || (q.type === "yes_no" && !q.service)) : [];
  const npsQs = users ? pick((q) => q.type === "nps") : [];
  const npsDen = npsQs.reduce((a, s) => a + sumWhere(s.counts, () => true), 0);
  const npsNet = npsQs.reduce((a, s) => a + sumWhere(s.counts, (x) => x >= 9) - sumWhere(s.counts, (x) => x <= 6), 0);
  const deskQs = users ? [] : pick((q) => q.type === "csat");
  const deskDen = deskQs.reduce((a, s) => a + sumWhere(s.counts, () => true), 0);
  const deskSum = deskQs.reduce((a, s) => a + [...s.counts].reduce((x, [score, c]) => x + score * c, 0), 0);
  return {
    respondents,
    recipients,
    responseRate: recipients > 0 ? (respondents / recipients) * 100 : null,
    questions,
    satisfaction: ratio(satisfactionQs, (q, score) => (q.type === "csat" ? score >= 4 : score === 1)),
    nps: npsDen > 0 ? (npsNet / npsDen) * 100 : null,
    awareness: users
      ? ratio(
          pick((q) => q.type === "yes_no" && Boolean(q.service)),
          (_q, score) => score === 1,
        )
      : null,
    deskMean: deskDen > 0 ? deskSum / deskDen : null,
    comments: questions.filter((s) => s.question.type === "text").reduce((a, s) => a + s.n, 0),
    shown,
  };
}
