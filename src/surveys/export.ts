import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { SPREADSHEET_SAFE } from "../format/spreadsheet.js";
import type { SurveyAnswerRepository } from "../store/repositories.js";
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
export async function exportSurveyCsv(
  answers: SurveyAnswerRepository,
  survey: Survey,
  timezone: string,
): Promise<SurveyExport> {
  const rows = await answers.exportRows(survey.id);
  const pseudonyms = new Map<string, string>();
  for (const r of rows) {
    const key = r.respondentKey;
    if (!pseudonyms.has(key)) pseudonyms.set(key, `R${pseudonyms.size + 1}`);
  }
  if (survey.anonymous && pseudonyms.size < ANONYMITY_THRESHOLD) {
    return { ok: false, reason: "too_few", respondents: pseudonyms.size };
  }
  const records = rows.map((r) => {
    const when = DateTime.fromJSDate(r.answeredAt, { zone: timezone });
    return [
      survey.id,
      survey.title,
      survey.anonymous ? pseudonyms.get(r.respondentKey) : (r.userId ?? ""),
      r.position,
      r.type,
      r.prompt,
      r.service ?? "",
      r.score ?? "",
      r.text ?? "",
      survey.anonymous ? when.toISODate() : when.toISO({ suppressMilliseconds: true }),
      survey.anonymous ? "" : (r.ticketId ?? ""),
    ];
  });
  // Titles, questions and comments are typed by people: escaped so a spreadsheet never runs them as formulas.
  const csv = stringify(records, { header: true, columns: [...EXPORT_COLUMNS], ...SPREADSHEET_SAFE });
  return { ok: true, csv, rows: records.length, respondents: pseudonyms.size };
}
