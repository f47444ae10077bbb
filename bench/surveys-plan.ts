import { anonymousKey, type Survey } from "../src/surveys/index.js";

// The clicks of a survey burst: who clicks what, when (Slack's action_ts), which clicks are double clicks and
// which payloads Slack sends again, in a shuffled (deterministic) order; and the answers that must end up stored.

/** The secret the burst's anonymous survey is keyed with. */
export const BURST_SECRET = "burst-secret-0123456789abcdef";

/** The mix of a burst. */
export interface PlanOptions {
  users: number;
  changeShare: number;
  doubleShare: number;
  retryShare: number;
}

/** One click, as a signed-to-be request body. */
export interface Click {
  user: string;
  questionId: number;
  score: number;
  /** Slack's action_ts (seconds with microseconds), unique and increasing in click order. */
  actionTs: string;
  body: string;
  responsePath: string;
}

/** The block_actions form body Slack posts for a click. */
export function payload(
  c: Omit<Click, "body" | "responsePath">,
  responseUrl: string,
  messageTs: string,
  surveyId: number,
): string {
  const body = {
    type: "block_actions",
    user: { id: c.user, username: c.user.toLowerCase(), name: c.user.toLowerCase(), team_id: "T1" },
    api_app_id: "A1",
    token: "deprecated",
    container: { type: "message", message_ts: messageTs, channel_id: "C-SURVEY", is_ephemeral: false },
    trigger_id: `${c.actionTs}.${c.user}`,
    team: { id: "T1", domain: "acme" },
    channel: { id: "C-SURVEY", name: "general" },
    message: { ts: messageTs },
    response_url: responseUrl,
    actions: [
      {
        action_id: `survey.answer#${c.score}`,
        block_id: `q${c.questionId}`,
        text: { type: "plain_text", text: String(c.score), emoji: true },
        value: `${surveyId}:${c.questionId}:${c.score}`,
        type: "button",
        action_ts: c.actionTs,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(body) }).toString();
}

/** A deterministic pseudo-random sequence (the burst is the same on every run). */
export function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

/** A planned burst. */
export interface BurstPlan {
  clicks: Click[];
  /** `<respondent key>:<question id>` → the score of the person's last click. */
  expected: Map<string, number>;
  /** In sending order: every click once (retry 0), plus Slack's retries of some (retry 1). */
  requests: { click: Click; retry: number }[];
  doubles: number;
  /** Clicks sent after the same person's later (different) click on the same question. */
  outOfOrder: number;
}

/** Plans the clicks of `users` people on every question of `survey`. */
export function planBurst(survey: Survey, opts: PlanOptions, responseBase: string, now: Date): BurstPlan {
  const rnd = random(42);
  const clicks: Click[] = [];
  const expected = new Map<string, number>();
  const ts = Math.floor(now.getTime() / 1000) - 600;
  let doubles = 0;
  let micro = 0;
  const nextTs = () => {
    // 1 ms apart: every click has its own instant, in click order.
    micro += 1000;
    return `${ts + Math.floor(micro / 1_000_000)}.${String(micro % 1_000_000).padStart(6, "0")}`;
  };
  const messageTs = `${ts}.000100`;
  const add = (user: string, questionId: number, score: number) => {
    const c = { user, questionId, score, actionTs: nextTs() };
    const responsePath = `/response/${clicks.length}`;
    clicks.push({
      ...c,
      responsePath,
      body: payload(c, `${responseBase}/${clicks.length}`, messageTs, survey.id),
    });
  };
  const range = { csat: [1, 5], nps: [0, 10], yes_no: [0, 1], text: [0, 0] } as const;
  for (let u = 1; u <= opts.users; u++) {
    const user = `U${String(u).padStart(5, "0")}`;
    for (const q of survey.questions) {
      const [lo, hi] = range[q.type];
      const pick = () => lo + Math.floor(rnd() * (hi - lo + 1));
      if (rnd() < opts.changeShare) add(user, q.id, pick());
      const final = pick();
      add(user, q.id, final);
      if (rnd() < opts.doubleShare) {
        add(user, q.id, final);
        doubles++;
      }
      expected.set(`${anonymousKey(BURST_SECRET, "slack", user, survey.id)}:${q.id}`, final);
    }
  }
  // Requests: every click, plus Slack's retries of some payloads; sent in a shuffled order, so a person's
  // clicks often arrive out of order (the later click must still win).
  const requests: { click: Click; retry: number }[] = clicks.map((click) => ({ click, retry: 0 }));
  for (const click of clicks) if (rnd() < opts.retryShare) requests.push({ click, retry: 1 });
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [requests[i], requests[j]] = [requests[j] as (typeof requests)[number], requests[i] as (typeof requests)[number]];
  }
  // How often a person's last click goes out before one of their earlier clicks.
  const sentAt = new Map<Click, number>();
  requests.forEach((r, i) => {
    if (!sentAt.has(r.click)) sentAt.set(r.click, i);
  });
  const lastClick = new Map<string, Click>();
  for (const c of clicks) lastClick.set(`${c.user}:${c.questionId}`, c);
  const outOfOrder = clicks.filter((c) => {
    const last = lastClick.get(`${c.user}:${c.questionId}`);
    return last !== undefined && last !== c && last.score !== c.score && (sentAt.get(last) ?? 0) < (sentAt.get(c) ?? 0);
  }).length;
  return { clicks, expected, requests, doubles, outOfOrder };
}
