import { DateTime } from "luxon";
import type { ServerKeys } from "../core/keys.js";
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
  /** When the person clicked; for an anonymous answer, only the day (see anonymousTimes). */
  answeredAt: Date;
  /**
   * Orders one person's clicks on one question: a later click wins, whatever order requests arrive in. The click
   * time in ms for named answers; shifted by a secret offset for anonymous ones (see anonymousTimes).
   */
  clickOrder: number;
}

/** What is stored for one person and question. */
export interface StoredAnswer {
  score: number | null;
  text: string | null;
  answeredAt: Date;
}

/** The first instant of the day of `at` in `timezone`: how precisely anonymous answers are dated. */
export function dayOf(at: Date, timezone: string): Date {
  return DateTime.fromJSDate(at, { zone: timezone }).startOf("day").toJSDate();
}

/** 2^48 ms (about 8,900 years): the range of the secret offset, far wider than any click time it hides. */
const ORDER_OFFSET_BYTES = 6;

/**
 * The stored times of an anonymous answer, none of which says when the person clicked (issue 14 item 5): a time
 * down to the second could be matched with anything else that happened then (a log line, someone's presence).
 * `answeredAt` and `updatedAt` are cut to the day. `clickOrder` keeps the "latest click wins" rule: the click time
 * plus an offset of up to 2^48 ms drawn from HMAC(server key, respondent key, question), the same for all of one
 * person's clicks on one question (so their order is kept) and unrelated between rows, so a stored value says
 * nothing about the time of day. The sum stays below 2^53: exact as a JavaScript number and as a BIGINT.
 */
export function anonymousTimes(
  keys: ServerKeys,
  answer: { respondentKey: string; questionId: number; at: Date },
  now: Date,
  timezone: string,
): { answeredAt: Date; updatedAt: Date; clickOrder: number } {
  const mac = Buffer.from(
    keys.mac("survey.answer-order", answer.respondentKey, String(answer.questionId)),
    "base64url",
  );
  return {
    answeredAt: dayOf(answer.at, timezone),
    updatedAt: dayOf(now, timezone),
    clickOrder: answer.at.getTime() + mac.readUIntBE(0, ORDER_OFFSET_BYTES),
  };
}

/**
 * Stores an answer exactly once per person and question: an upsert on (question_id, respondent_key), so a
 * retry or a double click writes the same row again and a later click replaces an earlier one. An older click
 * (a smaller click_order) arriving after a newer one (a delayed retry) changes nothing. `updatedAt` is written
 * as given (cut to the day for anonymous answers). Returns "stored" or "stale".
 */
export async function upsertAnswer(db: Db, a: AnswerInput, updatedAt: Date): Promise<"stored" | "stale"> {
  const n = await db.execute(
    `INSERT INTO survey_answers (survey_id, question_id, respondent_key, user_id, score, text, ticket_id, answered_at,
       click_order, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (question_id, respondent_key) DO UPDATE SET
       score = excluded.score, text = excluded.text, user_id = excluded.user_id, ticket_id = excluded.ticket_id,
       answered_at = excluded.answered_at, click_order = excluded.click_order, updated_at = excluded.updated_at
     WHERE survey_answers.click_order <= excluded.click_order`,
    [
      a.surveyId,
      a.questionId,
      a.respondentKey,
      a.userId,
      a.score,
      a.text,
      a.ticketId,
      a.answeredAt,
      a.clickOrder,
      updatedAt,
    ],
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
