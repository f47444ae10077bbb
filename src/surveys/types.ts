import type { Locale } from "../i18n/index.js";

/** Question types: CSAT 1–5, NPS 0–10, yes/no (awareness when it names a service), free-text comment. */
export type QuestionType = "csat" | "nps" | "yes_no" | "text";

/** Who a survey asks: users (satisfaction, NPS, awareness) or the service-desk team (desk-feedback). */
export type Audience = "users" | "service_desk";

/** When answers are shown in the chat: live, once closed, or never (they still feed the KPIs). */
export type ResultsVisibility = "live" | "after_close" | "never";

/** A survey repeats itself (a pulse): a new instance opens one period after the previous one opened. */
export type Recurrence = "weekly" | "monthly";

/** Survey lifecycle; `draft` is never written by kpibot (kept for imported surveys). */
export type SurveyStatus = "draft" | "open" | "closed";

/** A question as defined, before it is stored. */
export interface QuestionDraft {
  type: QuestionType;
  prompt: string;
  /** Awareness questions: the service asked about. */
  service?: string;
}

/** A stored question. */
export interface Question extends QuestionDraft {
  id: number;
  position: number;
}

/** A stored survey with its questions. */
export interface Survey {
  id: number;
  title: string;
  kind: "standard" | "ticket";
  audience: Audience;
  anonymous: boolean;
  status: SurveyStatus;
  resultsVisibility: ResultsVisibility;
  opensAt: Date;
  closesAt: Date | null;
  closedAt: Date | null;
  recurrence: Recurrence | null;
  reminderAt: Date | null;
  remindedAt: Date | null;
  parentId: number | null;
  locale: Locale;
  createdBy: string | null;
  conversationRefId: number | null;
  createdAt: Date;
  questions: Question[];
}

/** Everything needed to create a survey. */
export interface SurveyDefinition {
  title: string;
  kind?: "standard" | "ticket";
  audience: Audience;
  anonymous: boolean;
  resultsVisibility: ResultsVisibility;
  opensAt: Date;
  closesAt: Date | null;
  recurrence: Recurrence | null;
  reminderAt: Date | null;
  parentId?: number | null;
  locale: Locale;
  createdBy: string | null;
  conversationRefId: number | null;
  questions: QuestionDraft[];
}

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
