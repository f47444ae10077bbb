import { toLocale } from "../i18n/index.js";
import type { Db } from "../store/db.js";
import { toBool, toDate, toNum, toStr } from "../store/sql-values.js";
import type {
  Audience,
  Question,
  QuestionType,
  Recurrence,
  ResultsVisibility,
  Survey,
  SurveyDefinition,
} from "./types.js";

const SURVEY_COLUMNS = `id, title, kind, audience, anonymous, status, results_visibility, opens_at, closes_at, closed_at,
  recurrence, reminder_at, reminded_at, parent_id, locale, created_by, conversation_ref_id, created_at`;

function surveyOf(r: Record<string, unknown>, questions: Question[]): Survey {
  return {
    id: toNum(r.id) ?? 0,
    title: String(r.title),
    kind: r.kind === "ticket" ? "ticket" : "standard",
    audience: (r.audience === "service_desk" ? "service_desk" : "users") as Audience,
    anonymous: toBool(r.anonymous) ?? false,
    status: String(r.status) as Survey["status"],
    resultsVisibility: String(r.results_visibility) as ResultsVisibility,
    opensAt: toDate(r.opens_at) ?? new Date(0),
    closesAt: toDate(r.closes_at),
    closedAt: toDate(r.closed_at),
    recurrence: (toStr(r.recurrence) as Recurrence | null) ?? null,
    reminderAt: toDate(r.reminder_at),
    remindedAt: toDate(r.reminded_at),
    parentId: toNum(r.parent_id),
    locale: toLocale(toStr(r.locale)) ?? "en",
    createdBy: toStr(r.created_by),
    conversationRefId: toNum(r.conversation_ref_id),
    createdAt: toDate(r.created_at) ?? new Date(0),
    questions,
  };
}

function questionOf(r: Record<string, unknown>): Question {
  const service = toStr(r.service);
  return {
    id: toNum(r.id) ?? 0,
    position: toNum(r.position) ?? 0,
    type: String(r.type) as QuestionType,
    prompt: String(r.prompt),
    ...(service !== null ? { service } : {}),
  };
}

/**
 * Stores a survey and its questions in one transaction; returns it with its ids. Null only when another
 * survey already repeats `def.parentId` (a recurrence is created once, whoever tries first).
 */
export async function createSurvey(db: Db, def: SurveyDefinition, now: Date): Promise<Survey | null> {
  const id = await db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(
      `INSERT INTO surveys (title, kind, audience, anonymous, status, results_visibility, opens_at, closes_at, recurrence,
         reminder_at, parent_id, locale, created_by, conversation_ref_id, created_at)
       VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (parent_id) DO NOTHING RETURNING id`,
      [
        def.title,
        def.kind ?? "standard",
        def.audience,
        def.anonymous,
        def.resultsVisibility,
        def.opensAt,
        def.closesAt,
        def.recurrence,
        def.reminderAt,
        def.parentId ?? null,
        def.locale,
        def.createdBy,
        def.conversationRefId,
        now,
      ],
    );
    const surveyId = toNum(rows[0]?.id);
    if (surveyId === null) return null;
    for (const [i, q] of def.questions.entries()) {
      await tx.execute(
        "INSERT INTO survey_questions (survey_id, position, type, prompt, service) VALUES (?, ?, ?, ?, ?)",
        [surveyId, i + 1, q.type, q.prompt, q.service ?? null],
      );
    }
    return surveyId;
  });
  if (id === null) return null;
  const survey = await getSurvey(db, id);
  if (!survey) throw new Error(`survey ${id} vanished after it was created`);
  return survey;
}

/** A survey with its questions (in order), or null. */
export async function getSurvey(db: Db, id: number): Promise<Survey | null> {
  const rows = await db.query(`SELECT ${SURVEY_COLUMNS} FROM surveys WHERE id = ?`, [id]);
  const row = rows[0];
  if (!row) return null;
  const questions = await db.query(
    "SELECT id, position, type, prompt, service FROM survey_questions WHERE survey_id = ? ORDER BY position",
    [id],
  );
  return surveyOf(row, questions.map(questionOf));
}

/** Whether survey `id` exists and is anonymous (one small read, for the core to decide before answering). */
export async function surveyIsAnonymous(db: Db, id: number): Promise<boolean> {
  const rows = await db.query("SELECT anonymous FROM surveys WHERE id = ?", [id]);
  return toBool(rows[0]?.anonymous) ?? false;
}

/** Surveys matching a condition (raw WHERE with `?` params), newest first, with their questions. */
export async function findSurveys(
  db: Db,
  where: string,
  params: readonly (string | number | Date | boolean | null)[],
  limit = 50,
): Promise<Survey[]> {
  const rows = await db.query(
    `SELECT ${SURVEY_COLUMNS} FROM surveys WHERE ${where} ORDER BY id DESC LIMIT ${Math.floor(limit)}`,
    params,
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => toNum(r.id) ?? 0);
  const questions = await db.query(
    `SELECT id, survey_id, position, type, prompt, service FROM survey_questions
     WHERE survey_id IN (${ids.map(() => "?").join(", ")}) ORDER BY survey_id, position`,
    ids,
  );
  return rows.map((r) => surveyOf(r, questions.filter((q) => toNum(q.survey_id) === toNum(r.id)).map(questionOf)));
}

/** Closes an open survey; false when it was not open (closed already, by someone else or a replica). */
export async function closeSurvey(db: Db, id: number, now: Date): Promise<boolean> {
  const n = await db.execute("UPDATE surveys SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'", [
    now,
    id,
  ]);
  return n > 0;
}

/** Re-opens a closed survey until `closesAt` (null = until closed by hand); false when it was not closed. */
export async function reopenSurvey(db: Db, id: number, closesAt: Date | null): Promise<boolean> {
  const n = await db.execute(
    "UPDATE surveys SET status = 'open', closed_at = NULL, closes_at = ? WHERE id = ? AND status = 'closed'",
    [closesAt, id],
  );
  return n > 0;
}

/** Claims a survey's one reminder: true for the first caller only (replicas, restarts). */
export async function claimReminder(db: Db, id: number, now: Date): Promise<boolean> {
  const n = await db.execute(
    "UPDATE surveys SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL AND status = 'open'",
    [now, id],
  );
  return n > 0;
}

/** How many people answered at least one question, per survey. */
export async function respondentCounts(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ survey_id: number; n: number }>(
    `SELECT survey_id, COUNT(DISTINCT respondent_key) AS n FROM survey_answers
     WHERE survey_id IN (${ids.map(() => "?").join(", ")}) GROUP BY survey_id`,
    [...ids],
  );
  return new Map(rows.map((r) => [toNum(r.survey_id) ?? 0, toNum(r.n) ?? 0]));
}
