import type { LoadRequest, Sent } from "./load-client.js";
import type { LoadClient } from "./load-driver.js";
import type { Arrival } from "./load-fake-slack.js";
import type { ClickPlan } from "./load-plan.js";

// One phase of the load bench: a batch of requests sent at one concurrency to one app (kpibot or the bare Bolt
// app), its answers collected at the fake response_url, and the figures: acknowledgement times (the HTTP round
// trip), answer times (arrival at the response_url − the request's start), throughput, and for survey clicks what
// the database holds against the plan.

/** Slack's acknowledgement limit: later, the person sees an error (and Slack retries what it retries). */
export const SLACK_ACK_LIMIT_MS = 3000;

/** The app a phase is sent to. */
export interface Target {
  app: "kpibot" | "bare";
  url: string;
  /** Resolves when the app has finished every request it received (kpibot); else answers are awaited until quiet. */
  idle?: () => Promise<void>;
}

/** Acknowledgement and delivery figures common to commands and clicks. */
export interface PhaseStats {
  app: Target["app"];
  concurrency: number;
  requests: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  /** Acknowledgements that took longer than Slack's 3 s. */
  acksOver3s: number;
  /** Requests that got no HTTP 200 (refused, failed or timed out after 60 s). */
  httpErrors: number;
  /** Distinct response paths that must get one answer (commands, or distinct clicks). */
  expectedAnswers: number;
  /** Distinct response paths answered. */
  answered: number;
  /** Answers beyond one per response path. */
  extraAnswers: number;
  /** Answers that are error or refusal messages instead of the answer (kpibot: ⚠️, rate limit, "went wrong"). */
  errorAnswers: number;
  answerP50: number;
  answerP99: number;
  answerMax: number;
  /** Answered paths per second, from the first request to the last answer. */
  answersPerSecond: number;
  seconds: number;
  /** The first answers' texts (up to 12, cut at 160 characters): what the people got. */
  samples: string[];
  /** CPU of the whole bench process (the app under test, the load generator's thread) per request, in ms. */
  cpuMsPerRequest: number;
}

/** Survey-click figures: what is stored, against the plan. */
export interface ClickStats extends PhaseStats {
  clicks: number;
  retries: number;
  doubles: number;
  expectedRows: number;
  storedRows: number;
  /** Planned answers missing from the table. */
  lost: number;
  /** Rows beyond one per person and question. */
  doubled: number;
  /** Rows whose score is not the person's last click. */
  wrong: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Text that is not an answer: kpibot's failure and refusal replies. */
const NOT_AN_ANSWER = /⚠️|went wrong|faster than I can answer|erreur est survenue/i;

async function runPhase(
  client: LoadClient,
  target: Target,
  run: string,
  requests: LoadRequest[],
  concurrency: number,
  isError: (a: Arrival) => boolean,
): Promise<PhaseStats> {
  const cpu = process.cpuUsage();
  const sent = await client.send(target.url, requests, concurrency);
  await target.idle?.();
  const paths = new Set(requests.map((r) => r.path));
  const arrivals = await client.settle(run, paths.size, target.idle ? 2000 : 10_000);
  const used = process.cpuUsage(cpu);
  return phaseStats(target.app, concurrency, sent, paths, arrivals, isError, (used.user + used.system) / 1000);
}

function phaseStats(
  app: Target["app"],
  concurrency: number,
  sent: Sent[],
  paths: Set<string>,
  arrivals: Arrival[],
  isError: (a: Arrival) => boolean,
  cpuMs: number,
): PhaseStats {
  const acks = sent.map((s) => s.ackMs).sort((a, b) => a - b);
  const firstSent = new Map<string, number>();
  for (const s of sent) firstSent.set(s.path, Math.min(firstSent.get(s.path) ?? Number.POSITIVE_INFINITY, s.sentAt));
  const firstArrival = new Map<string, Arrival>();
  for (const a of arrivals) if (!firstArrival.has(a.path)) firstArrival.set(a.path, a);
  const delays = [...firstArrival.values()]
    .filter((a) => firstSent.has(a.path))
    .map((a) => a.at - (firstSent.get(a.path) as number))
    .sort((x, y) => x - y);
  const start = Math.min(...sent.map((s) => s.sentAt));
  const end = Math.max(...arrivals.map((a) => a.at), ...sent.map((s) => s.sentAt + s.ackMs));
  const seconds = (end - start) / 1000;
  return {
    app,
    concurrency,
    requests: sent.length,
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    ackMax: acks.at(-1) ?? Number.NaN,
    acksOver3s: acks.filter((ms) => ms > SLACK_ACK_LIMIT_MS).length,
    httpErrors: sent.filter((s) => s.status !== 200).length,
    expectedAnswers: paths.size,
    answered: firstArrival.size,
    extraAnswers: arrivals.length - firstArrival.size,
    errorAnswers: [...firstArrival.values()].filter(isError).length,
    answerP50: percentile(delays, 50),
    answerP99: percentile(delays, 99),
    answerMax: delays.at(-1) ?? Number.NaN,
    answersPerSecond: firstArrival.size / seconds,
    seconds,
    cpuMsPerRequest: cpuMs / Math.max(1, sent.length),
    samples: [...firstArrival.values()].slice(0, 12).map((a) => a.text.slice(0, 160)),
  };
}

/** Slash commands at one concurrency; each must get one answer that is not an error. */
export function commandPhase(
  client: LoadClient,
  target: Target,
  run: string,
  requests: LoadRequest[],
  concurrency: number,
): Promise<PhaseStats> {
  return runPhase(client, target, run, requests, concurrency, (a) => NOT_AN_ANSWER.test(a.text));
}

/**
 * Survey clicks at one concurrency; each distinct click must be confirmed ("Thanks"), and the table must hold each
 * person's last click once per question. `stored` reads the rows as `<user>:<question id>` → score (kpibot's
 * anonymous keys mapped back to the planned people by the caller).
 */
export async function clickPhase(
  client: LoadClient,
  target: Target,
  run: string,
  plan: ClickPlan,
  concurrency: number,
  stored: () => Promise<{ key: string; score: number }[]>,
): Promise<ClickStats> {
  const stats = await runPhase(
    client,
    target,
    run,
    plan.requests,
    concurrency,
    (a) => !/Thanks|is the one kept/.test(a.text),
  );
  const rows = await stored();
  const seen = new Map<string, number>();
  let wrong = 0;
  for (const r of rows) {
    seen.set(r.key, (seen.get(r.key) ?? 0) + 1);
    if (plan.expected.get(r.key) !== r.score) wrong++;
  }
  return {
    ...stats,
    clicks: plan.clicks,
    retries: plan.retries,
    doubles: plan.doubles,
    expectedRows: plan.expected.size,
    storedRows: rows.length,
    lost: [...plan.expected.keys()].filter((k) => !seen.has(k)).length,
    doubled: [...seen.values()].reduce((sum, n) => sum + n - 1, 0),
    wrong,
  };
}
