import { createHmac } from "node:crypto";
import { KpibotError } from "../../errors.js";
import { requireSecret } from "../../surveys/anonymity.js";
import { code, text } from "../fields.js";
import { count, flag, when } from "../local-cells.js";
import type { FieldKinds } from "../mapping-binder.js";
import { parseRows } from "../parse-rows.js";
import { runImport } from "../pipeline.js";
import type { ImportFamily, ImportInput, ImportOptions, ImportSummary, ImportTarget } from "../types.js";
import { defineFamily, type RowOf } from "./define.js";

/** How a mapping reads survey-answer fields. */
export const SURVEY_ANSWER_KINDS: FieldKinds = {
  dates: ["answered_at"],
  flags: ["anonymous"],
  required: ["survey", "question", "respondent", "answered_at"],
};

/** Question types (csat 1–5, nps 0–10, yes_no 1/0, text: no score). */
export const QUESTION_TYPES = ["csat", "nps", "yes_no", "text"] as const;
/** Survey audiences (service_desk surveys feed desk-feedback, the others satisfaction/NPS/awareness). */
export const AUDIENCES = ["users", "service_desk"] as const;

const cells = (zone: string) => ({
  survey: text({ max: 500, required: true }),
  audience: code(AUDIENCES),
  anonymous: flag(true),
  question: count(1),
  type: code(QUESTION_TYPES),
  prompt: text({ max: 2000 }),
  service: text({ max: 200 }),
  respondent: text({ max: 320, required: true }),
  score: text({ max: 20 }),
  text: text({ max: 5000 }),
  answered_at: when(zone, { required: true }),
});

/** One survey-answers row as read (before its survey and question are resolved). */
export type SurveyAnswerCells = RowOf<ReturnType<typeof cells>>;
/** A validated answer: the cells plus the resolved ids and stored identity. */
export type SurveyAnswerRow = SurveyAnswerCells & {
  surveyId: number;
  questionId: number;
  respondentKey: string;
  userId: string | null;
  value: number | null;
};

interface QuestionRef {
  id: number;
  type: string;
  prompt: string;
}
interface SurveyRef {
  id: number;
  anonymous: boolean;
  questions: Map<number, QuestionRef>;
}

const YES = new Set(["1", "yes", "oui", "true", "y", "o"]);
const NO = new Set(["0", "no", "non", "false", "n"]);

/** The score of an answer for its question type, or the reason it is refused. */
function scoreFor(type: string, raw: string | null): number | null | { reason: string } {
  if (raw === null) return type === "text" ? null : { reason: "is required (the cell is empty)" };
  const v = raw.trim().toLowerCase();
  if (type === "text") return { reason: `must be empty for a text question, got "${raw}"` };
  if (type === "yes_no") return YES.has(v) ? 1 : NO.has(v) ? 0 : { reason: `must be yes or no (1/0), got "${raw}"` };
  const [min, max] = type === "nps" ? [0, 10] : [1, 5];
  const n = /^\d{1,2}$/.test(v) ? Number(v) : Number.NaN;
  return n >= min && n <= max
    ? n
    : { reason: `must be a whole number from ${min} to ${max} for a ${type} question, got "${raw}"` };
}

/** The canonical survey-answers header. */
export const SURVEY_ANSWER_HEADER = Object.keys(cells("UTC"));

/** Options of a survey-answers import. */
export interface SurveyAnswerImportOptions extends ImportOptions<SurveyAnswerRow> {
  /** Zone of dates without one (KPIBOT_TIMEZONE). */
  timezone: string;
  /** KPIBOT_SECRET: anonymous surveys store HMAC-SHA256(secret, `import:respondent:surveyId`), never the respondent. */
  secret?: string;
}

/**
 * Finds each survey of the file by title (the latest one with that title) or creates it (closed,
 * open from the first to the last answer), and each question by position or creates it (its
 * type and prompt from the first row that names it). Dry runs create nothing (ids stay 0).
 */
async function resolveSurveys(
  target: ImportTarget,
  rows: SurveyAnswerCells[],
  dryRun: boolean,
  secret: string | undefined,
): Promise<Map<string, SurveyRef>> {
  const store = target.repos.surveyImports;
  const surveys = new Map<string, SurveyRef>();
  const byTitle = new Map<string, SurveyAnswerCells[]>();
  for (const r of rows) byTitle.set(r.survey, [...(byTitle.get(r.survey) ?? []), r]);
  for (const [title, list] of byTitle) {
    const first = list[0] as SurveyAnswerCells;
    const found = await store.latestByTitle(title);
    // Checked before anything is created: an anonymous survey cannot store answers without the secret.
    if (found === null ? first.anonymous : found.anonymous) requireSecret(secret);
    let ref: SurveyRef;
    if (found !== null) ref = { id: found.id, anonymous: found.anonymous, questions: new Map() };
    else if (dryRun) ref = { id: 0, anonymous: first.anonymous, questions: new Map() };
    else {
      const times = list.map((r) => r.answered_at.getTime());
      const id = await store.createImported({
        title,
        audience: first.audience ?? "users",
        anonymous: first.anonymous,
        opensAt: new Date(Math.min(...times)),
        closesAt: new Date(Math.max(...times)),
      });
      ref = { id, anonymous: first.anonymous, questions: new Map() };
    }
    if (ref.id > 0) {
      for (const q of await store.questionsOf(ref.id))
        ref.questions.set(q.position, { id: q.id, type: q.type, prompt: q.prompt });
    }
    for (const r of list) {
      if (ref.questions.has(r.question) || r.type === null || r.prompt === null) continue;
      let id = 0;
      if (!dryRun && ref.id > 0) {
        id = await store.addQuestion({
          surveyId: ref.id,
          position: r.question,
          type: r.type,
          prompt: r.prompt,
          service: r.service,
        });
      }
      ref.questions.set(r.question, { id, type: r.type, prompt: r.prompt });
    }
    surveys.set(title, ref);
  }
  return surveys;
}

/**
 * Imports survey answers (`kpibot import survey-answers FILE`): one row per person and question,
 * upserted by (question, respondent) — a later import of the same answer replaces it. Reads the
 * file twice (surveys and questions first), so the input must be a file.
 */
export async function importSurveyAnswers(
  target: ImportTarget,
  input: ImportInput,
  opts: SurveyAnswerImportOptions,
): Promise<ImportSummary> {
  if (typeof input !== "string")
    throw new KpibotError("INPUT_INVALID", "survey answers are imported from a file (it is read twice)");
  const { timezone, secret, ...rest } = opts;
  const base = defineFamily({
    kind: "survey-answers",
    table: "survey_answers",
    cells: cells(timezone),
    columns: [],
    keyColumns: [],
    toValues: () => [],
  });
  const valid: SurveyAnswerCells[] = [];
  for await (const chunk of parseRows(base, input, {
    label: input,
    read: rest.read,
    bind: rest.mapped?.bind,
    expected: rest.mapped?.columns,
  }))
    for (const item of chunk) if (item.reason === undefined) valid.push(item.row);
  const surveys = await resolveSurveys(target, valid, rest.dryRun ?? false, secret);

  const family: ImportFamily<SurveyAnswerRow> = {
    kind: "survey-answers",
    table: "survey_answers",
    header: base.header,
    parse(raw) {
      const r = base.parse(raw);
      if (!r.ok) return r;
      const row = r.row;
      const survey = surveys.get(row.survey) as SurveyRef;
      const question = survey.questions.get(row.question);
      if (question === undefined)
        return {
          ok: false,
          reason: `question: survey "${row.survey}" has no question ${row.question}; give its type and prompt`,
        };
      if (row.type !== null && row.type !== question.type)
        return {
          ok: false,
          reason: `type: question ${row.question} of "${row.survey}" is ${question.type}, not ${row.type}`,
        };
      const value = scoreFor(question.type, row.score);
      if (value !== null && typeof value === "object") return { ok: false, reason: `score: ${value.reason}` };
      const respondentKey = survey.anonymous
        ? createHmac("sha256", requireSecret(secret)).update(`import:${row.respondent}:${survey.id}`).digest("hex")
        : row.respondent;
      return {
        ok: true,
        row: {
          ...row,
          surveyId: survey.id,
          questionId: question.id,
          respondentKey,
          userId: survey.anonymous ? null : row.respondent,
          value,
        },
      };
    },
    columns: ["survey_id", "question_id", "respondent_key", "user_id", "score", "text", "answered_at"],
    keyColumns: ["question_id", "respondent_key"],
    toValues: (r) => [r.surveyId, r.questionId, r.respondentKey, r.userId, r.value, r.text, r.answered_at],
    touchColumn: "updated_at",
  };
  return runImport(target, family, input, { ...rest, parallel: false });
}
