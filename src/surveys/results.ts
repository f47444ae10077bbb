import { withheldGroups } from "../kpi/anonymity.js";
import type { HiddenReason } from "../kpi/types.js";
import type { SurveyAnswerRepository } from "../store/repositories.js";
import { ANONYMITY_THRESHOLD } from "./anonymity.js";
import type { Question, Survey } from "./types.js";

/** The headline figures of a survey's results (each fed by its own questions, as the perception KPIs are). */
export type SurveyFigure = "satisfaction" | "nps" | "awareness" | "deskMean";

/** The answers to one question, counted by score (computed by the database). */
export interface QuestionStats {
  question: Question;
  /** Answers (one per person, or per ticket for the ticket survey). */
  n: number;
  /** Distinct people who answered it (what the anonymity floor counts). */
  respondents: number;
  /** Answers per score (csat 1–5, nps 0–10, yes_no 0/1); empty for text questions. */
  counts: Map<number, number>;
  /** Whether it may be shown (the survey and the question have at least ANONYMITY_THRESHOLD respondents, and the complement rule allows it). */
  shown: boolean;
  /** Why a question with answers is not shown: too few answers, or the one that would give a too-small one away. */
  hidden?: Exclude<HiddenReason, "overlap">;
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
  /** Headline figures that have answers but fewer than ANONYMITY_THRESHOLD respondents behind them (null above). */
  withheld: SurveyFigure[];
}

/** Which headline figure a question feeds (the perception KPIs' formulas), or null (text, or none for its audience). */
export function figureOf(q: Question, users: boolean): SurveyFigure | null {
  if (!users) return q.type === "csat" ? "deskMean" : null;
  if (q.type === "csat" || (q.type === "yes_no" && !q.service)) return "satisfaction";
  if (q.type === "nps") return "nps";
  return q.type === "yes_no" ? "awareness" : null;
}

function sumWhere(counts: Map<number, number>, keep: (score: number) => boolean): number {
  let total = 0;
  for (const [score, n] of counts) if (keep(score)) total += n;
  return total;
}

/** Counts a survey's answers per question and score in one grouped query, then applies the KPI formulas. */
export async function surveyStats(
  answers: SurveyAnswerRepository,
  survey: Survey,
  recipients: number,
): Promise<SurveyStats> {
  const rows = await answers.scoreCounts(survey.id);
  const people = await answers.respondents(survey.id);
  const respondents = people.total;
  const peopleOf = (question: number) => people.perQuestion.get(question) ?? 0;
  const shown = respondents >= ANONYMITY_THRESHOLD;
  const users = survey.audience !== "service_desk";
  const byFigure = new Map<SurveyFigure, number[]>();
  for (const q of survey.questions) {
    const f = figureOf(q, users);
    if (f) byFigure.set(f, [...(byFigure.get(f) ?? []), q.id]);
  }
  // Distinct respondents behind each headline figure (one person answers several of its questions): one query.
  const behind = shown
    ? ((await answers.groupRespondents(survey.id, byFigure)) as Map<SurveyFigure, number>)
    : new Map<SurveyFigure, number>();
  // A figure shows from 5 people who answered its own questions, not from 5 people who answered the survey:
  // an NPS from a survey of 9 respondents of whom 3 answered the NPS question would be those 3 people's.
  const figureShown = (f: SurveyFigure) => (behind.get(f) ?? 0) >= ANONYMITY_THRESHOLD;
  const counted = survey.questions.map((question) => {
    const counts = new Map<number, number>();
    let n = 0;
    for (const r of rows) {
      if (r.questionId !== question.id) continue;
      const count = r.n;
      n += count;
      const score = r.score;
      if (score !== null && question.type !== "text") counts.set(score, (counts.get(score) ?? 0) + count);
    }
    return { question, n, counts, respondents: peopleOf(question.id) };
  });
  // Per-question lines are a breakdown of their figure: the KPI engine's rule decides which to withhold (1–4
  // answers, plus the smallest other when the figure's total would give a lone hidden one away).
  const hidden = new Map<number, Exclude<HiddenReason, "overlap">>();
  for (const [figure, ids] of byFigure) {
    const groups = counted
      .filter((c) => ids.includes(c.question.id))
      .map((c) => ({ key: String(c.question.id), n: c.n, respondents: c.respondents }));
    for (const [key, reason] of withheldGroups(groups)) {
      // When the figure itself is withheld there is no total to subtract from: only too-small questions hide.
      if (reason === "too_few" || (reason === "complement" && figureShown(figure))) hidden.set(Number(key), reason);
    }
  }
  const questions: QuestionStats[] = counted.map((c) => {
    const reason = c.n > 0 && c.respondents < ANONYMITY_THRESHOLD ? "too_few" : hidden.get(c.question.id);
    const isText = c.question.type === "text";
    return {
      ...c,
      shown: shown && c.respondents >= ANONYMITY_THRESHOLD && (isText || reason === undefined),
      ...(reason && !isText ? { hidden: reason } : {}),
    };
  });
  // Headline figures count every question of the figure once the figure has enough respondents (as the KPIs do).
  const pick = (keep: (q: Question) => boolean) => questions.filter((s) => shown && keep(s.question));
  const ratio = (list: QuestionStats[], positive: (q: Question, score: number) => boolean) => {
    const den = list.reduce((a, s) => a + sumWhere(s.counts, () => true), 0);
    const num = list.reduce((a, s) => a + sumWhere(s.counts, (score) => positive(s.question, score)), 0);
    return den > 0 ? (num / den) * 100 : null;
  };
  const of = (f: SurveyFigure) => (figureShown(f) ? pick((q) => figureOf(q, users) === f) : []);
  const satisfactionQs = of("satisfaction");
  const npsQs = of("nps");
  const npsDen = npsQs.reduce((a, s) => a + sumWhere(s.counts, () => true), 0);
  const npsNet = npsQs.reduce((a, s) => a + sumWhere(s.counts, (x) => x >= 9) - sumWhere(s.counts, (x) => x <= 6), 0);
  const deskQs = of("deskMean");
  const deskDen = deskQs.reduce((a, s) => a + sumWhere(s.counts, () => true), 0);
  const deskSum = deskQs.reduce((a, s) => a + [...s.counts].reduce((x, [score, c]) => x + score * c, 0), 0);
  return {
    respondents,
    recipients,
    responseRate: recipients > 0 ? (respondents / recipients) * 100 : null,
    questions,
    satisfaction: ratio(satisfactionQs, (q, score) => (q.type === "csat" ? score >= 4 : score === 1)),
    nps: npsDen > 0 ? (npsNet / npsDen) * 100 : null,
    awareness: users ? ratio(of("awareness"), (_q, score) => score === 1) : null,
    deskMean: deskDen > 0 ? deskSum / deskDen : null,
    comments: questions.filter((s) => s.question.type === "text").reduce((a, s) => a + s.n, 0),
    shown,
    withheld: [...byFigure.keys()].filter((f) => shown && (behind.get(f) ?? 0) > 0 && !figureShown(f)),
  };
}
