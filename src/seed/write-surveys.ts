import type { Cell } from "../store/bulk-columns.js";
import type { DemoDataRepository } from "../store/repositories.js";
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
export async function writeSurveys(
  demo: DemoDataRepository,
  ctx: DemoContext,
  population: number,
): Promise<SurveyCounts> {
  const surveys = demoSurveys(ctx, population);
  return demo.inTransaction(async (tx) => {
    const written = await tx.writeRows("surveys", SURVEY_COLUMNS, surveys.map(surveyRow));
    const ids = await tx.surveyIdsBy(DEMO_SURVEY_AUTHOR);

    const questions: Cell[][] = [];
    for (const s of surveys) {
      const id = ids.get(s.title);
      for (const [i, q] of s.questions.entries()) questions.push([id ?? null, i + 1, q.type, q.prompt, q.service]);
    }
    const questionCount = await tx.writeRows("survey_questions", QUESTION_COLUMNS, questions);
    const questionIds = await tx.questionIds();

    let answers = 0;
    for (const s of surveys) {
      const id = ids.get(s.title);
      if (id === undefined) continue;
      answers += await tx.writeRows(
        "survey_answers",
        ANSWER_COLUMNS,
        surveyAnswers(ctx, s, id, questionIds.get(id) ?? []),
      );
    }
    return { surveys: written, survey_questions: questionCount, survey_answers: answers };
  });
}
