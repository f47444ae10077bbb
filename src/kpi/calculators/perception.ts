import type { DimMap } from "../aggregate.js";
import { personSql } from "../anonymity.js";
import { type AggregateSpec, aggregateCalculator, type KpiCalculator } from "../calculator.js";
import { raw } from "../sql.js";

const PERCEPTION_DIMS: DimMap = {
  question: { expr: "q.prompt", type: "text" },
  service: { expr: "q.service", type: "text" },
};

const FROM = "survey_answers a JOIN survey_questions q ON q.id = a.question_id JOIN surveys s ON s.id = a.survey_id";
const all = () => "COUNT(*)";

/**
 * Answers given in the period (answered_at, on survey_answers_answered_at_idx) to the questions `questions`
 * selects. User surveys feed satisfaction, NPS and awareness; service-desk pulse surveys feed desk-feedback.
 */
function answers(audience: string, questions: string, num: string, scale: number): AggregateSpec {
  return {
    from: FROM,
    time: "a.answered_at",
    where: () => [raw(`${audience} AND a.score IS NOT NULL AND (${questions})`)],
    num: () => num,
    den: all,
    n: all,
    // People, not answers nor tickets: the anonymity floor counts who could be singled out.
    respondents: `COUNT(DISTINCT ${personSql("a")})`,
    scale,
    dims: PERCEPTION_DIMS,
  };
}

const USERS = "s.audience <> 'service_desk'";

/** Perception KPIs by id. */
export const PERCEPTION_CALCULATORS: Record<string, KpiCalculator> = {
  // Satisfaction: 1–5 questions (positive = 4 or 5) and yes/no questions not about one service (positive = yes).
  satisfaction: aggregateCalculator(
    answers(
      USERS,
      "q.type = 'csat' OR (q.type = 'yes_no' AND q.service IS NULL)",
      "SUM(CASE WHEN (q.type = 'csat' AND a.score >= 4) OR (q.type = 'yes_no' AND a.score = 1) THEN 1 ELSE 0 END)",
      100,
    ),
  ),
  // NPS: promoters (9–10) count +1, detractors (0–6) −1, so 100 × sum / answers = % promoters − % detractors.
  nps: aggregateCalculator(
    answers(USERS, "q.type = 'nps'", "SUM(CASE WHEN a.score >= 9 THEN 1 WHEN a.score <= 6 THEN -1 ELSE 0 END)", 100),
  ),
  // Awareness: yes/no questions about one service ("do you know service X?").
  awareness: aggregateCalculator(
    answers(USERS, "q.type = 'yes_no' AND q.service IS NOT NULL", "SUM(CASE WHEN a.score = 1 THEN 1 ELSE 0 END)", 100),
  ),
  // Service-desk pulse: mean of the 1–5 answers of surveys whose audience is the service desk.
  "desk-feedback": aggregateCalculator(answers("s.audience = 'service_desk'", "q.type = 'csat'", "SUM(a.score)", 1)),
};
