import type { Db } from "../store/db.js";
import { type Cell, writeRows } from "./bulk-columns.js";
import type { DemoContext } from "./context.js";
import {
  ANSWER_COLUMNS,
  DEMO_SURVEY_AUTHOR,
  demoSurveys,
  QUESTION_COLUMNS,
  SURVEY_COLUMNS,
  surveyAnswers,
  surveyRow,
} from "./surveys.js";

/** Row counts of the survey tables. */
export interface SurveyCounts {
  surveys: number;
  survey_questions: number;
  survey_answers: number;
}

/** Writes the demo surveys, their questions and answers in one transaction (ids are read back by title). */
export async function writeSurveys(db: Db, ctx: DemoContext, population: number): Promise<SurveyCounts> {
  const surveys = demoSurveys(ctx, population);
  return db.transaction(async (tx) => {
    const written = await writeRows(tx, "surveys", SURVEY_COLUMNS, surveys.map(surveyRow));
    const ids = new Map<string, number>();
    for (const r of await tx.query<{ id: number; title: string }>(
      'SELECT "id", "title" FROM "surveys" WHERE "created_by" = ?',
      [DEMO_SURVEY_AUTHOR],
    ))
      ids.set(r.title, Number(r.id));

    const questions: Cell[][] = [];
    for (const s of surveys) {
      const id = ids.get(s.title);
      for (const [i, q] of s.questions.entries()) questions.push([id ?? null, i + 1, q.type, q.prompt, q.service]);
    }
    const questionCount = await writeRows(tx, "survey_questions", QUESTION_COLUMNS, questions);
    const questionIds = new Map<number, number[]>();
    for (const r of await tx.query<{ id: number; survey_id: number; position: number }>(
      'SELECT "id", "survey_id", "position" FROM "survey_questions" ORDER BY "survey_id", "position"',
    )) {
      const list = questionIds.get(Number(r.survey_id)) ?? [];
      list[Number(r.position) - 1] = Number(r.id);
      questionIds.set(Number(r.survey_id), list);
    }

    let answers = 0;
    for (const s of surveys) {
      const id = ids.get(s.title);
      if (id === undefined) continue;
      answers += await writeRows(
        tx,
        "survey_answers",
        ANSWER_COLUMNS,
        surveyAnswers(ctx, s, id, questionIds.get(id) ?? []),
      );
    }
    return { surveys: written, survey_questions: questionCount, survey_answers: answers };
  });
}
