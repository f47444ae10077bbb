import type { LoadRequest } from "./load-client.js";
import { commandBody, surveyClickBody } from "./load-wire.js";

// What the load bench sends: a Monday morning's slash commands (a realistic mix of questions from team leads in a
// few channels) and a survey's clicks (people answering, some changing their minds, some double-clicking, some
// payloads sent again by Slack), in a deterministic shuffled order, with the answers that must end up stored.

/**
 * The questions team leads ask after the 08:30 digest: mostly the digest's own KPIs, some by group or priority,
 * the scorecard, and one in French. Repeated questions are what the answer cache is for. Each concurrency level
 * asks its own set (other periods), so no level is served from the cache the previous level filled.
 */
export const QUESTION_MIXES = [
  [
    "fcr last month",
    "sla this quarter by group",
    "mttr last week",
    "volume this month",
    "fcr last month",
    "scorecard",
    "sla mois dernier par priorité",
    "escalation last month by service",
    "backlog",
    "csat last month",
    "mtta this week by channel",
    "fcr last month by group",
  ],
  [
    "fcr last 30 days",
    "sla last quarter by group",
    "mttr last month",
    "volume last week",
    "fcr last 30 days",
    "scorecard last quarter",
    "sla trimestre dernier par priorité",
    "escalation last quarter by service",
    "backlog by group",
    "csat last quarter",
    "mtta last month by channel",
    "fcr last 30 days by group",
  ],
] as const;

/** A deterministic pseudo-random sequence (xorshift32): the same plan on every run and for both apps. */
export function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` slash commands from the questions of `mix`, by `people` team leads (`<userPrefix><n>`) in 8 channels;
 * each answers to `${responseBase}/${run}/${i}`.
 */
export function planCommands(opts: {
  count: number;
  people: number;
  userPrefix: string;
  mix: readonly string[];
  run: string;
  responseBase: string;
}): LoadRequest[] {
  return Array.from({ length: opts.count }, (_, i) => {
    const path = `/r/${opts.run}/${i}`;
    return {
      path,
      retry: 0,
      body: commandBody({
        text: opts.mix[i % opts.mix.length] ?? "help",
        user: `${opts.userPrefix}${String(i % opts.people).padStart(4, "0")}`,
        channel: `CIT${i % 8}`,
        responseUrl: `${opts.responseBase}/${opts.run}/${i}`,
        triggerId: `${opts.run}.${i}.${Math.floor(Math.random() * 1e9)}`,
      }),
    };
  });
}

/** The survey a click plan answers: its id, and each question's id and score range. */
export interface PlanSurvey {
  id: number;
  questions: { id: number; min: number; max: number }[];
}

/** A planned survey burst. */
export interface ClickPlan {
  /** In sending order: every click once (retry 0), plus Slack's retries of some (retry 1). */
  requests: LoadRequest[];
  /** Distinct clicks: each must be confirmed once, at `/r/<run>/<click>`. */
  clicks: number;
  doubles: number;
  retries: number;
  /** `<user>:<question id>` → the score of the person's last click (what must be stored). */
  expected: Map<string, number>;
}

/** The mix of a burst, as in bench/surveys.ts: 30 % change their minds, 15 % double-click, 20 % of payloads resent. */
export const CLICK_MIX = { changeShare: 0.3, doubleShare: 0.15, retryShare: 0.2 } as const;

/**
 * `people` people (user ids `<userPrefix><n>`) answering every question of the survey: clicks 1 ms apart in click
 * order (Slack's action_ts), sent shuffled, so a person's later click often arrives before an earlier one.
 */
export function planClicks(opts: {
  survey: PlanSurvey;
  people: number;
  userPrefix: string;
  run: string;
  responseBase: string;
  now: Date;
}): ClickPlan {
  const rnd = random(42);
  const ts = Math.floor(opts.now.getTime() / 1000) - 600;
  const messageTs = `${ts}.000100`;
  const clicks: LoadRequest[] = [];
  const expected = new Map<string, number>();
  let doubles = 0;
  const add = (user: string, questionId: number, score: number) => {
    const micro = (clicks.length + 1) * 1000;
    const actionTs = `${ts + Math.floor(micro / 1_000_000)}.${String(micro % 1_000_000).padStart(6, "0")}`;
    const n = clicks.length;
    const responseUrl = `${opts.responseBase}/${opts.run}/${n}`;
    const body = surveyClickBody({
      user,
      surveyId: opts.survey.id,
      questionId,
      score,
      actionTs,
      messageTs,
      responseUrl,
    });
    clicks.push({ path: `/r/${opts.run}/${n}`, retry: 0, body });
  };
  for (let p = 1; p <= opts.people; p++) {
    const user = `${opts.userPrefix}${String(p).padStart(5, "0")}`;
    for (const q of opts.survey.questions) {
      const pick = () => q.min + Math.floor(rnd() * (q.max - q.min + 1));
      if (rnd() < CLICK_MIX.changeShare) add(user, q.id, pick());
      const final = pick();
      add(user, q.id, final);
      if (rnd() < CLICK_MIX.doubleShare) {
        add(user, q.id, final);
        doubles++;
      }
      expected.set(`${user}:${q.id}`, final);
    }
  }
  const requests = [...clicks];
  for (const c of clicks) if (rnd() < CLICK_MIX.retryShare) requests.push({ ...c, retry: 1 });
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [requests[i], requests[j]] = [requests[j] as LoadRequest, requests[i] as LoadRequest];
  }
  return { requests, clicks: clicks.length, doubles, retries: requests.length - clicks.length, expected };
}
