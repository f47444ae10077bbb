import { personSql } from "../../kpi/anonymity.js";
import type { Db } from "../db.js";
import { toDate, toNum, toStr } from "../sql-values.js";

/** One person among survey_answers (see personSql). */
const PERSON = personSql("survey_answers");

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
  /** When the person clicked; for an anonymous answer, only the day. */
  answeredAt: Date;
  /** Orders one person's clicks on one question: a later click wins, whatever order requests arrive in. */
  clickOrder: number;
}

/** What is stored for one person and question. */
export interface StoredAnswer {
  score: number | null;
  text: string | null;
  answeredAt: Date;
}

/** How many answers of one question gave one score (score null: text answers). */
export interface ScoreCount {
  questionId: number;
  score: number | null;
  n: number;
}

/** One answer with its question, as a survey export lists it. */
export interface ExportedAnswer {
  respondentKey: string;
  userId: string | null;
  score: number | null;
  text: string | null;
  answeredAt: Date;
  ticketId: number | null;
  position: number | null;
  type: string;
  prompt: string;
  service: string | null;
}

/** Survey answers (table survey_answers): one row per person and question. */
export interface SurveyAnswerRepository {
  /**
   * Stores an answer exactly once per person and question: an upsert on (question_id, respondent_key), so a
   * retry or a double click writes the same row again and a later click replaces an earlier one. An older click
   * (a smaller click_order) arriving after a newer one changes nothing: "stale". `updatedAt` is written as given.
   */
  upsert(a: AnswerInput, updatedAt: Date): Promise<"stored" | "stale">;
  /** The stored answer of one person to one question, or null. */
  stored(questionId: number, respondentKey: string): Promise<StoredAnswer | null>;
  /** Whether a respondent answered at least one question of a survey. */
  hasAnswered(surveyId: number, respondentKey: string): Promise<boolean>;
  /** A survey's answers counted per question and score (one grouped query). */
  scoreCounts(surveyId: number): Promise<ScoreCount[]>;
  /** Distinct people who answered a survey, in all and per question (one query). */
  respondents(surveyId: number): Promise<{ total: number; perQuestion: Map<number, number> }>;
  /**
   * Distinct people who gave a score to any question of each group (one query). Group names are the caller's own
   * constants (letters, digits and _ only: they are written into the SQL).
   */
  groupRespondents(surveyId: number, groups: ReadonlyMap<string, readonly number[]>): Promise<Map<string, number>>;
  /** A survey's answers with their questions, by respondent key then question position. */
  exportRows(surveyId: number): Promise<ExportedAnswer[]>;
}

/** Survey answers on the shared Db (raw SQL, the same on SQLite and PostgreSQL). */
export function surveyAnswerRepository(db: Db): SurveyAnswerRepository {
  return {
    async upsert(a, updatedAt) {
      // Group commit: a burst of clicks is stored in a few transactions; resolves once this answer is committed.
      const n = await db.executeGrouped(
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
    },
    async stored(questionId, respondentKey) {
      const rows = await db.query(
        "SELECT score, text, answered_at FROM survey_answers WHERE question_id = ? AND respondent_key = ?",
        [questionId, respondentKey],
      );
      const r = rows[0];
      if (!r) return null;
      return { score: toNum(r.score), text: toStr(r.text), answeredAt: toDate(r.answered_at) ?? new Date(0) };
    },
    async hasAnswered(surveyId, respondentKey) {
      const rows = await db.query(
        "SELECT 1 AS x FROM survey_answers WHERE survey_id = ? AND respondent_key = ? LIMIT 1",
        [surveyId, respondentKey],
      );
      return rows.length > 0;
    },
    async scoreCounts(surveyId) {
      const rows = await db.query(
        `SELECT question_id, score, COUNT(*) AS n FROM survey_answers WHERE survey_id = ? GROUP BY question_id, score`,
        [surveyId],
      );
      return rows.map((r) => ({ questionId: toNum(r.question_id) ?? 0, score: toNum(r.score), n: toNum(r.n) ?? 0 }));
    },
    async respondents(surveyId) {
      // The survey's people (q NULL), then each question's.
      const people = await db.query(
        `SELECT NULL AS q, COUNT(DISTINCT ${PERSON}) AS n FROM survey_answers WHERE survey_id = ?
     UNION ALL SELECT question_id AS q, COUNT(DISTINCT ${PERSON}) AS n FROM survey_answers WHERE survey_id = ? GROUP BY question_id`,
        [surveyId, surveyId],
      );
      const perQuestion = new Map<number, number>();
      for (const r of people) {
        const q = toNum(r.q);
        if (r.q !== null && q !== null && !perQuestion.has(q)) perQuestion.set(q, toNum(r.n) ?? 0);
      }
      return { total: toNum(people.find((r) => r.q === null)?.n) ?? 0, perQuestion };
    },
    async groupRespondents(surveyId, groups) {
      const parts: string[] = [];
      const params: number[] = [];
      for (const [group, ids] of groups) {
        if (!/^\w+$/.test(group)) throw new Error(`groupRespondents: "${group}" is not a group name`);
        parts.push(
          `SELECT '${group}' AS f, COUNT(DISTINCT ${PERSON}) AS n FROM survey_answers WHERE survey_id = ? AND score IS NOT NULL AND question_id IN (${ids.map(() => "?").join(", ")})`,
        );
        params.push(surveyId, ...ids);
      }
      if (parts.length === 0) return new Map();
      const rows = await db.query(parts.join(" UNION ALL "), params);
      return new Map(rows.map((r) => [String(r.f), toNum(r.n) ?? 0]));
    },
    async exportRows(surveyId) {
      const rows = await db.query(
        `SELECT a.respondent_key, a.user_id, a.score, a.text, a.answered_at, a.ticket_id, q.position, q.type, q.prompt, q.service
     FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
     WHERE a.survey_id = ? ORDER BY a.respondent_key, q.position`,
        [surveyId],
      );
      return rows.map((r) => ({
        respondentKey: String(r.respondent_key),
        userId: toStr(r.user_id),
        score: toNum(r.score),
        text: toStr(r.text),
        answeredAt: toDate(r.answered_at) ?? new Date(0),
        ticketId: toNum(r.ticket_id),
        position: toNum(r.position),
        type: String(r.type),
        prompt: String(r.prompt),
        service: toStr(r.service),
      }));
    },
  };
}
