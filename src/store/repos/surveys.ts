import { LRUCache } from "lru-cache";
import type { Locale } from "../../i18n/index.js";
import { toLocale } from "../../i18n/index.js";
import { coalescedReadsByKey } from "../coalesced-reads.js";
import type { Db, SqlParam } from "../db.js";
import { toBool, toDate, toNum, toStr } from "../sql-values.js";

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

/** Surveys and their questions (tables surveys, survey_questions). */
export interface SurveyRepository {
  /**
   * Stores a survey and its questions in one transaction; returns it with its ids. Null only when another
   * survey already repeats `def.parentId` (a recurrence is created once, whoever tries first).
   */
  create(def: SurveyDefinition, now: Date): Promise<Survey | null>;
  /** A survey with its questions (in order), or null. */
  get(id: number): Promise<Survey | null>;
  /** Whether survey `id` exists and is anonymous (for the core to decide before answering; read once per survey). */
  isAnonymous(id: number): Promise<boolean>;
  /** The open ticket surveys, newest first (at most 50). */
  openTicketSurveys(): Promise<Survey[]>;
  /** The latest standard surveys, newest first. */
  latestStandard(limit: number): Promise<Survey[]>;
  /** Open surveys whose close time has come by `now`, newest first (at most 200). */
  dueToClose(now: Date): Promise<Survey[]>;
  /** Open surveys whose reminder is due by `now` and not sent yet, newest first (at most 200). */
  dueForReminder(now: Date): Promise<Survey[]>;
  /** Recurring standard surveys opened by `now` and not repeated yet, newest first (at most 200). */
  dueToRepeat(now: Date): Promise<Survey[]>;
  /** Closes an open survey; false when it was not open (closed already, by someone else or a replica). */
  close(id: number, now: Date): Promise<boolean>;
  /** Re-opens a closed survey until `closesAt` (null = until closed by hand); false when it was not closed. */
  reopen(id: number, closesAt: Date | null): Promise<boolean>;
  /** Ends a survey's series: it is not repeated any more. */
  stopRecurrence(id: number): Promise<void>;
  /** Claims a survey's one reminder: true for the first caller only (replicas, restarts). */
  claimReminder(id: number, now: Date): Promise<boolean>;
  /** How many people answered at least one question, per survey. */
  respondentCounts(ids: readonly number[]): Promise<Map<number, number>>;
}

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

/** Surveys on the shared Db: raw SQL, the same on SQLite and PostgreSQL. */
export function surveyRepository(db: Db): SurveyRepository {
  // A survey's questions, kept once read: every answer click reads its survey, and questions are only ever added
  // (by `create`, or an import of answers naming a new one), never changed or removed — so the count read with the
  // survey's row tells whether the kept list is still whole. Kept under the survey's id and creation time: an id can
  // be given again after the surveys were emptied (`kpibot seed --reset`, from another process).
  const questionsOf = new LRUCache<string, Question[]>({ max: 1000 });
  // The surveys known to be anonymous. Only `true` is kept: a survey's anonymity is written once, at creation, but an
  // id given again may name another survey — taking a named survey for an anonymous one records less than it could,
  // the other way round would record a trace of an anonymous answer's author.
  const anonymous = new LRUCache<number, true>({ max: 10_000 });

  // Every answer click reads its survey (is it open, which questions): the clicks on one survey that arrive while
  // its row is being read share the next read (coalesced-reads.ts; never one that began before them). The callers
  // share the Survey object: it is read-only to them.
  const get = coalescedReadsByKey(readSurvey);

  async function readSurvey(id: number): Promise<Survey | null> {
    // Indexed reads on this thread (a worker hop costs more than the reads).
    const rows = await db.query(
      `SELECT ${SURVEY_COLUMNS}, (SELECT COUNT(*) FROM survey_questions q WHERE q.survey_id = surveys.id) AS question_count
       FROM surveys WHERE id = ?`,
      [id],
      { inline: true },
    );
    const row = rows[0];
    if (!row) return null;
    const key = `${id}:${toDate(row.created_at)?.getTime()}`;
    let questions = questionsOf.get(key);
    if (questions?.length !== toNum(row.question_count)) {
      questions = (
        await db.query(
          "SELECT id, position, type, prompt, service FROM survey_questions WHERE survey_id = ? ORDER BY position",
          [id],
          { inline: true },
        )
      ).map(questionOf);
      questionsOf.set(key, questions);
    }
    const survey = surveyOf(row, questions);
    if (survey.anonymous) anonymous.set(id, true);
    else anonymous.delete(id);
    return survey;
  }

  /** Surveys matching a condition (a WHERE of this module's own, with `?` params), newest first, with their questions. */
  async function find(where: string, params: readonly SqlParam[], limit: number): Promise<Survey[]> {
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

  return {
    async create(def, now) {
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
      const survey = await get(id);
      if (!survey) throw new Error(`survey ${id} vanished after it was created`);
      return survey;
    },
    get,
    async isAnonymous(id) {
      // Asked twice per answer click (by the adapter and the core, before anything is written about the clicker): an
      // anonymous survey is known after the first read (above); a named one, or one not found, is read each time.
      if (anonymous.has(id)) return true;
      const rows = await db.query("SELECT anonymous FROM surveys WHERE id = ?", [id], { inline: true });
      if (!(toBool(rows[0]?.anonymous) ?? false)) return false;
      anonymous.set(id, true);
      return true;
    },
    openTicketSurveys: () => find("kind = 'ticket' AND status = 'open'", [], 50),
    latestStandard: (limit) => find("kind = 'standard'", [], limit),
    dueToClose: (now) => find("status = 'open' AND closes_at IS NOT NULL AND closes_at <= ?", [now], 200),
    dueForReminder: (now) =>
      find("status = 'open' AND reminder_at IS NOT NULL AND reminder_at <= ? AND reminded_at IS NULL", [now], 200),
    dueToRepeat: (now) =>
      find(
        "recurrence IS NOT NULL AND kind = 'standard' AND opens_at <= ? AND NOT EXISTS (SELECT 1 FROM surveys c WHERE c.parent_id = surveys.id)",
        [now],
        200,
      ),
    async close(id, now) {
      const n = await db.execute(
        "UPDATE surveys SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'",
        [now, id],
      );
      return n > 0;
    },
    async reopen(id, closesAt) {
      const n = await db.execute(
        "UPDATE surveys SET status = 'open', closed_at = NULL, closes_at = ? WHERE id = ? AND status = 'closed'",
        [closesAt, id],
      );
      return n > 0;
    },
    async stopRecurrence(id) {
      await db.execute("UPDATE surveys SET recurrence = NULL WHERE id = ?", [id]);
    },
    async claimReminder(id, now) {
      const n = await db.execute(
        "UPDATE surveys SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL AND status = 'open'",
        [now, id],
      );
      return n > 0;
    },
    async respondentCounts(ids) {
      if (ids.length === 0) return new Map();
      const rows = await db.query<{ survey_id: number; n: number }>(
        `SELECT survey_id, COUNT(DISTINCT respondent_key) AS n FROM survey_answers
     WHERE survey_id IN (${ids.map(() => "?").join(", ")}) GROUP BY survey_id`,
        [...ids],
      );
      return new Map(rows.map((r) => [toNum(r.survey_id) ?? 0, toNum(r.n) ?? 0]));
    },
  };
}
