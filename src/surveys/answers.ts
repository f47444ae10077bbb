import type { Db } from "../store/db.js";
import { toDate, toNum, toStr } from "../store/sql-values.js";

/** One answer to store. */
export interface AnswerInput {
  surveyId: number;
  questionId: number;
  respondentKey: string;
  /** `platform:id` for named surveys; null for anonymous ones. */
  userId: string | null;
  score: number | null;
  text: string | null;
  ticketId: number | null;
  /** When the person clicked (the platform's timestamp): a later click wins, whatever order requests arrive in. */
  answeredAt: Date;
}

/** What is stored for one person and question. */
export interface StoredAnswer {
  score: number | null;
  text: string | null;
  answeredAt: Date;
}

/**
 * Stores an answer exactly once per person and question: an upsert on (question_id, respondent_key), so a
 * retry or a double click writes the same row again and a later click replaces an earlier one. An older click
 * arriving after a newer one (a delayed retry) changes nothing. Returns "stored" or "stale".
 */
export async function upsertAnswer(db: Db, a: AnswerInput, now: Date): Promise<"stored" | "stale"> {
  const n = await db.execute(
    `INSERT INTO survey_answers (survey_id, question_id, respondent_key, user_id, score, text, ticket_id, answered_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (question_id, respondent_key) DO UPDATE SET
       score = excluded.score, text = excluded.text, user_id = excluded.user_id, ticket_id = excluded.ticket_id,
       answered_at = excluded.answered_at, updated_at = excluded.updated_at
     WHERE survey_answers.answered_at <= excluded.answered_at`,
    [a.surveyId, a.questionId, a.respondentKey, a.userId, a.score, a.text, a.ticketId, a.answeredAt, now],
  );
  return n > 0 ? "stored" : "stale";
}

/** The stored answer of one person to one question, or null. */
export async function storedAnswer(db: Db, questionId: number, respondentKey: string): Promise<StoredAnswer | null> {
  const rows = await db.query(
    "SELECT score, text, answered_at FROM survey_answers WHERE question_id = ? AND respondent_key = ?",
    [questionId, respondentKey],
  );
  const r = rows[0];
  if (!r) return null;
  return { score: toNum(r.score), text: toStr(r.text), answeredAt: toDate(r.answered_at) ?? new Date(0) };
}

/** Whether a respondent answered at least one question of a survey (reminders skip them). */
export async function hasAnswered(db: Db, surveyId: number, respondentKey: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 AS x FROM survey_answers WHERE survey_id = ? AND respondent_key = ? LIMIT 1", [
    surveyId,
    respondentKey,
  ]);
  return rows.length > 0;
}
