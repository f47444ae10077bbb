import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { SPREADSHEET_SAFE } from "../format/spreadsheet.js";
import type { Db } from "../store/db.js";
import { toDate, toNum, toStr } from "../store/sql-values.js";
import { ANONYMITY_THRESHOLD } from "./anonymity.js";
import type { Survey } from "./types.js";

/** The CSV header of a survey export. */
export const EXPORT_COLUMNS = [
  "survey_id",
  "survey_title",
  "respondent",
  "question_position",
  "question_type",
  "question",
  "service",
  "score",
  "comment",
  "answered",
  "ticket_id",
] as const;

/** A survey export, or why it is refused. */
export type SurveyExport =
  | { ok: true; csv: string; rows: number; respondents: number }
  | { ok: false; reason: "too_few"; respondents: number };

/**
 * The answers of a survey as CSV (csv-stringify). Anonymous surveys carry no identity: respondents are
 * numbered R1, R2… in the order of their (keyed, meaningless) hash, answer times are cut to the day so a
 * click cannot be matched with someone's presence, and fewer than 5 respondents means no export at all.
 * Named surveys carry the user (`platform:id`) and the exact time.
 */
export async function exportSurveyCsv(db: Db, survey: Survey, timezone: string): Promise<SurveyExport> {
  const rows = await db.query(
    `SELECT a.respondent_key, a.user_id, a.score, a.text, a.answered_at, a.ticket_id, q.position, q.type, q.prompt, q.service
     FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
     WHERE a.survey_id = ? ORDER BY a.respondent_key, q.position`,
    [survey.id],
  );
  const pseudonyms = new Map<string, string>();
  for (const r of rows) {
    const key = String(r.respondent_key);
    if (!pseudonyms.has(key)) pseudonyms.set(key, `R${pseudonyms.size + 1}`);
  }
  if (survey.anonymous && pseudonyms.size < ANONYMITY_THRESHOLD) {
    return { ok: false, reason: "too_few", respondents: pseudonyms.size };
  }
  const records = rows.map((r) => {
    const at = toDate(r.answered_at) ?? new Date(0);
    const when = DateTime.fromJSDate(at, { zone: timezone });
    return [
      survey.id,
      survey.title,
      survey.anonymous ? pseudonyms.get(String(r.respondent_key)) : (toStr(r.user_id) ?? ""),
      toNum(r.position),
      String(r.type),
      String(r.prompt),
      toStr(r.service) ?? "",
      toNum(r.score) ?? "",
      toStr(r.text) ?? "",
      survey.anonymous ? when.toISODate() : when.toISO({ suppressMilliseconds: true }),
      survey.anonymous ? "" : (toNum(r.ticket_id) ?? ""),
    ];
  });
  // Titles, questions and comments are typed by people: escaped so a spreadsheet never runs them as formulas.
  const csv = stringify(records, { header: true, columns: [...EXPORT_COLUMNS], ...SPREADSHEET_SAFE });
  return { ok: true, csv, rows: records.length, respondents: pseudonyms.size };
}
