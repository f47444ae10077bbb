import type { QuestionType, Survey } from "../store/repositories.js";

/** The survey types as stored (defined with their repository, src/store/repos/surveys.ts). */
export type {
  Audience,
  Question,
  QuestionDraft,
  QuestionType,
  Recurrence,
  ResultsVisibility,
  Survey,
  SurveyDefinition,
  SurveyStatus,
} from "../store/repositories.js";

/** At most this many questions per survey: each is a row of buttons, and chat messages have block limits. */
export const MAX_QUESTIONS = 10;

/** The score range of each scored question type (text questions have none). */
export const SCORE_RANGE: Record<Exclude<QuestionType, "text">, { min: number; max: number }> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  yes_no: { min: 0, max: 1 },
};

/**
 * Whether the survey takes a click made at `at`: open, not past its close time at the click. `serverNow` also
 * counts as opened: a survey created a moment ago takes a click whose platform clock runs slightly behind.
 */
export function isAnswerable(survey: Survey, at: Date, serverNow: Date = at): boolean {
  if (survey.status !== "open") return false;
  if (Math.max(at.getTime(), serverNow.getTime()) < survey.opensAt.getTime()) return false;
  return survey.closesAt === null || at.getTime() < survey.closesAt.getTime();
}
