import type { Db } from "../db.js";
import type { Audience } from "./surveys.js";

/** A survey found by title for an import of answers: its id and whether it is anonymous. */
export interface ImportedSurveyRef {
  id: number;
  anonymous: boolean;
}

/** A stored question as an import of answers reads it. */
export interface ImportedQuestion {
  id: number;
  position: number;
  type: string;
  prompt: string;
}

/** What an import of survey answers finds or creates: surveys by title, their questions (imported surveys are closed). */
export interface SurveyImportRepository {
  /** The latest survey with this title, or null. */
  latestByTitle(title: string): Promise<ImportedSurveyRef | null>;
  /** Stores a closed survey (open from the first to the last answer imported); returns its id. */
  createImported(survey: {
    title: string;
    audience: Audience;
    anonymous: boolean;
    opensAt: Date;
    closesAt: Date;
  }): Promise<number>;
  /** The stored questions of a survey. */
  questionsOf(surveyId: number): Promise<ImportedQuestion[]>;
  /** Stores a question; returns its id. */
  addQuestion(q: {
    surveyId: number;
    position: number;
    type: string;
    prompt: string;
    service: string | null;
  }): Promise<number>;
}

/** Survey imports on the shared Db (raw SQL reads, Prisma model calls for the creations). */
export function surveyImportRepository(db: Db): SurveyImportRepository {
  return {
    async latestByTitle(title) {
      const [found] = await db.query<{ id: number; anonymous: unknown }>(
        `SELECT id, anonymous FROM surveys WHERE title = ? ORDER BY id DESC LIMIT 1`,
        [title],
      );
      return found === undefined ? null : { id: Number(found.id), anonymous: Number(found.anonymous) === 1 };
    },
    async createImported(s) {
      const created = await db.prisma.survey.create({
        data: {
          title: s.title,
          audience: s.audience,
          anonymous: s.anonymous,
          status: "closed",
          opensAt: s.opensAt,
          closesAt: s.closesAt,
          closedAt: s.closesAt,
          createdBy: "import",
        },
        select: { id: true },
      });
      return created.id;
    },
    async questionsOf(surveyId) {
      const qs = await db.query<{ id: number; position: number; type: string; prompt: string }>(
        `SELECT id, position, type, prompt FROM survey_questions WHERE survey_id = ?`,
        [surveyId],
      );
      return qs.map((q) => ({ id: Number(q.id), position: Number(q.position), type: q.type, prompt: q.prompt }));
    },
    async addQuestion(q) {
      const created = await db.prisma.surveyQuestion.create({
        data: { surveyId: q.surveyId, position: q.position, type: q.type, prompt: q.prompt, service: q.service },
        select: { id: true },
      });
      return created.id;
    },
  };
}
