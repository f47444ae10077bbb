import { createHmac } from "node:crypto";
import type { Cell, Column } from "../store/bulk-columns.js";
import type { DemoMonth } from "./calendar.js";
import type { DemoContext } from "./context.js";
import { chance, forkRng, intBetween, normalish, pick, type Rng, Weighted } from "./random.js";
import { SERVICES } from "./vocabulary.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Who created the demo surveys (lets the seed find its own rows again). */
export const DEMO_SURVEY_AUTHOR = "kpibot-demo";

/** A question of a demo survey, with how a respondent answers it. */
interface DemoQuestion {
  type: "csat" | "nps" | "yes_no" | "text";
  prompt: string;
  service: string | null;
  answer(rng: Rng): { score: number | null; text: string | null } | null;
}

/** A demo survey with its questions and respondents (indexes into the population). */
export interface DemoSurvey {
  title: string;
  audience: "users" | "service_desk";
  status: "open" | "closed";
  opensAt: number;
  closesAt: number;
  questions: DemoQuestion[];
  respondents: number;
  population: number;
}

const AWARENESS: Record<string, number> = {
  "Poste de travail": 0.85,
  Messagerie: 0.92,
  VPN: 0.8,
  ERP: 0.62,
  Réseau: 0.45,
  Téléphonie: 0.6,
  CRM: 0.55,
  Intranet: 0.7,
};
const COMMENTS = [
  "Très bonne réactivité du support.",
  "Délais trop longs sur les demandes de matériel.",
  "Le portail est pratique mais difficile à trouver.",
  "Merci pour l'aide sur le VPN !",
  "Il faudrait plus d'informations sur l'avancement des tickets.",
  "Le chat est très efficace.",
];

function csat(t: number): Weighted<number> {
  return new Weighted([
    [5, 0.36 + 0.08 * t],
    [4, 0.4],
    [3, 0.12 - 0.02 * t],
    [2, 0.07 - 0.03 * t],
    [1, 0.05 - 0.03 * t],
  ]);
}

function nps(t: number): Weighted<number> {
  const promoters = 0.38 + 0.1 * t;
  const detractors = 0.25 - 0.1 * t;
  return new Weighted([
    [10, promoters * 0.45],
    [9, promoters * 0.55],
    [8, 0.22],
    [7, 0.15],
    [6, detractors * 0.4],
    [5, detractors * 0.3],
    [4, detractors * 0.15],
    [2, detractors * 0.1],
    [0, detractors * 0.05],
  ]);
}

const pulse = (mean: number) => (rng: Rng) => ({
  score: Math.min(5, Math.max(1, Math.round(normalish(rng, mean, 0.9)))),
  text: null,
});

function userSurvey(ctx: DemoContext, m: DemoMonth, index: number, rng: Rng, population: number): DemoSurvey {
  const t = m.progress;
  const scores = csat(t);
  const promoters = nps(t);
  const aware = [SERVICES[(2 * index) % SERVICES.length], SERVICES[(2 * index + 1) % SERVICES.length]];
  const opensAt = m.start + 2 * DAY + 9 * HOUR;
  const closesAt = opensAt + 22 * DAY;
  return {
    title: `Baromètre satisfaction IT — ${m.label}`,
    audience: "users",
    status: closesAt <= ctx.calendar.now ? "closed" : "open",
    opensAt,
    closesAt,
    respondents: Math.round(Math.min(1500, Math.max(25, 110 * ctx.scale)) * normalish(rng, 1, 0.1)),
    population,
    questions: [
      {
        type: "csat",
        prompt: "Globalement, êtes-vous satisfait(e) du support informatique ce mois-ci ?",
        service: null,
        answer: (r) => ({ score: scores.draw(r), text: null }),
      },
      {
        type: "nps",
        prompt: "Recommanderiez-vous le support informatique à un collègue (0 à 10) ?",
        service: null,
        answer: (r) => ({ score: promoters.draw(r), text: null }),
      },
      ...aware.map(
        (s): DemoQuestion => ({
          type: "yes_no",
          prompt: `Saviez-vous que le service « ${s?.name} » peut être demandé depuis le portail self-service ?`,
          service: s?.name ?? null,
          answer: (r) => ({
            score: chance(r, Math.min(0.98, (AWARENESS[s?.name ?? ""] ?? 0.6) + 0.12 * t)) ? 1 : 0,
            text: null,
          }),
        }),
      ),
      {
        type: "text",
        prompt: "Que devrions-nous améliorer ?",
        service: null,
        answer: (r) => (chance(r, 0.2) ? { score: null, text: pick(r, COMMENTS) } : null),
      },
    ],
  };
}

function deskPulse(ctx: DemoContext, m: DemoMonth, agents: number): DemoSurvey {
  const t = m.progress;
  // The busy months (September, January) weigh on the desk's workload score.
  const busy = m.month === 9 || m.month === 1 ? -0.5 : 0;
  const opensAt = m.start + 7 * DAY + 9 * HOUR;
  const closesAt = opensAt + 10 * DAY;
  return {
    title: `Pulse équipe Service Desk — ${m.label}`,
    audience: "service_desk",
    status: closesAt <= ctx.calendar.now ? "closed" : "open",
    opensAt,
    closesAt,
    respondents: agents,
    population: agents,
    questions: [
      {
        type: "csat",
        prompt: "Comment vivez-vous votre charge de travail ?",
        service: null,
        answer: pulse(3.3 + busy),
      },
      {
        type: "csat",
        prompt: "Vos outils vous permettent-ils de bien travailler ?",
        service: null,
        answer: pulse(3.6 + 0.5 * t),
      },
      {
        type: "csat",
        prompt: "Vous sentez-vous soutenu(e) par les équipes N2/N3 ?",
        service: null,
        answer: pulse(3.7),
      },
    ],
  };
}

/** The monthly user barometer (csat, nps, awareness of two services, a comment) and the desk's pulse. */
export function demoSurveys(ctx: DemoContext, population: number): DemoSurvey[] {
  const rng = forkRng(ctx.seed, "survey-plan");
  const agents = Math.max(6, Math.round(8 * ctx.scale));
  const list: DemoSurvey[] = [];
  ctx.calendar.months.forEach((m, i) => {
    for (const survey of [userSurvey(ctx, m, i, rng, population), deskPulse(ctx, m, agents)]) {
      if (survey.opensAt < ctx.calendar.now) list.push(survey);
    }
  });
  return list;
}

/** Survey columns written by the seed. */
export const SURVEY_COLUMNS: readonly Column[] = [
  { name: "title", type: "text" },
  { name: "audience", type: "text" },
  { name: "anonymous", type: "bool" },
  { name: "status", type: "text" },
  { name: "results_visibility", type: "text" },
  { name: "opens_at", type: "instant" },
  { name: "closes_at", type: "instant" },
  { name: "recurrence", type: "text" },
  { name: "created_by", type: "text" },
];

/** Question columns written by the seed. */
export const QUESTION_COLUMNS: readonly Column[] = [
  { name: "survey_id", type: "int" },
  { name: "position", type: "int" },
  { name: "type", type: "text" },
  { name: "prompt", type: "text" },
  { name: "service", type: "text" },
];

/** Answer columns written by the seed (anonymous: no user id). */
export const ANSWER_COLUMNS: readonly Column[] = [
  { name: "survey_id", type: "int" },
  { name: "question_id", type: "int" },
  { name: "respondent_key", type: "text" },
  { name: "user_id", type: "text" },
  { name: "score", type: "int" },
  { name: "text", type: "text" },
  { name: "answered_at", type: "instant" },
];

/**
 * A survey row (SURVEY_COLUMNS order). Demo surveys are past monthly instances with no recurrence: a
 * recurrence would make the survey jobs spawn a new instance of each one at start, posted nowhere.
 */
export function surveyRow(s: DemoSurvey): Cell[] {
  return [s.title, s.audience, true, s.status, "after_close", s.opensAt, s.closesAt, null, DEMO_SURVEY_AUTHOR];
}

/**
 * The answers of one survey, given the stored ids. Respondents are distinct people; the key is an
 * HMAC of the person (as the real survey flow stores it), so the demo holds no identity.
 */
export function surveyAnswers(
  ctx: DemoContext,
  s: DemoSurvey,
  surveyId: number,
  questionIds: readonly number[],
): Cell[][] {
  const rng = forkRng(ctx.seed, `answers/${s.title}`);
  const key = `kpibot-demo:${ctx.seed}`;
  const closes = Math.min(s.closesAt, ctx.calendar.now);
  const people = new Set<number>();
  const wanted = Math.min(s.respondents, s.population);
  while (people.size < wanted) people.add(intBetween(rng, 0, s.population - 1));
  const rows: Cell[][] = [];
  for (const person of people) {
    const respondentKey = createHmac("sha256", key).update(`${s.title}:${person}`).digest("hex");
    // Most people answer in the first days after the survey is posted.
    const answeredAt = s.opensAt + Math.floor(rng.next() ** 2 * Math.max(1, closes - s.opensAt));
    s.questions.forEach((q, i) => {
      const answer = q.answer(rng);
      const questionId = questionIds[i];
      if (answer === null || questionId === undefined) return;
      rows.push([surveyId, questionId, respondentKey, null, answer.score, answer.text, answeredAt]);
    });
  }
  return rows;
}
