import { Worker } from "node:worker_threads";
import { type SlackAdapter, slackAdapterIfConfigured } from "../adapters/slack/index.js";
import { createTestApp, type TestApp } from "../kit/app.js";
import { SIGNING_SECRET } from "../kit/slack-requests.js";
import type { App } from "../src/app.js";
import { handleInteraction } from "../src/commands/index.js";
import { createHttp, listen } from "../src/http/server.js";
import type { Provider } from "../src/store/db.js";
import type { FromClient, ToClient } from "./surveys-client.js";
import { BURST_SECRET, planBurst } from "./surveys-plan.js";

// A burst of survey clicks over real signed HTTP requests to the Slack adapter on 127.0.0.1, with Slack's
// retries (the same payload again, X-Slack-Retry-Num) and double clicks, counted against the stored answers.
// Shared by the test (moderate size) and `npx tsx bench/surveys.ts` (thousands).

/** Size and mix of a burst. */
export interface BurstOptions {
  provider: Provider;
  /** Distinct people answering. */
  users: number;
  /** Share of people who first click another score, then change their mind (a later click). */
  changeShare: number;
  /** Share of clicks clicked twice (a double click: two payloads, same value). */
  doubleShare: number;
  /** Share of payloads Slack sends again (same payload, X-Slack-Retry-Num: 1). */
  retryShare: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Also time the database's own single-row answer upserts (the bench's baseline); default false. */
  baseline?: boolean;
}

/** What a burst did and what the database holds afterwards. */
export interface BurstResult {
  provider: Provider;
  /** Requests sent (clicks + double clicks + retries). */
  requests: number;
  /** Distinct clicks (each must be confirmed once). */
  clicks: number;
  retries: number;
  doubles: number;
  /** (person, question) pairs expected in the table. */
  expectedAnswers: number;
  storedAnswers: number;
  /** Expected answers missing from the table. */
  lost: number;
  /** Rows beyond one per person and question. */
  duplicated: number;
  /** Stored rows whose score is not the person's last click. */
  wrong: number;
  /** Rows that carry a user id (must be 0: the survey is anonymous). */
  withUserId: number;
  /** Answers whose last click was sent before an earlier click of the same person (the later click must still win). */
  outOfOrder: number;
  /** Requests never acknowledged, even after Slack's 3 retries. */
  httpErrors: number;
  /** Retries the client made as Slack does (no acknowledgement within 3 s), on top of the planned ones. */
  slackRetries: number;
  /** Confirmations posted to response_urls: one per distinct click expected. */
  confirmations: number;
  /** Confirmations that were not "thanks" (errors, refusals). */
  failedConfirmations: number;
  /** Acknowledgement times (ms): median and worst. */
  ackP50Ms: number;
  ackMaxMs: number;
  /** From the first request to the last confirmation. */
  seconds: number;
  /** Distinct clicks per second, end to end (HTTP, verification, core, database, confirmation). */
  answersPerSecond: number;
  /** The same upsert statement run alone, one at a time, on the same database (when asked). */
  rawUpsertsPerSecond: number | null;
}

/** Times `count` single-row upserts of survey_answers (the statement a click ends in), one at a time. */
async function rawUpsertRate(app: App, surveyId: number, questionId: number, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    await app.db.execute(
      `INSERT INTO survey_answers (survey_id, question_id, respondent_key, user_id, score, text, ticket_id, answered_at, updated_at)
       VALUES (?, ?, ?, NULL, ?, NULL, NULL, ?, ?)
       ON CONFLICT (question_id, respondent_key) DO UPDATE SET score = excluded.score, answered_at = excluded.answered_at,
         updated_at = excluded.updated_at WHERE survey_answers.answered_at <= excluded.answered_at`,
      [surveyId, questionId, `baseline-${i}`, i % 5, new Date(), new Date()],
    );
  }
  const rate = count / ((performance.now() - started) / 1000);
  await app.db.execute("DELETE FROM survey_answers WHERE respondent_key LIKE 'baseline-%'");
  return rate;
}

/** The worker thread holding the fake Slack API and the load generator. */
interface Client {
  ready: { apiUrl: string; responseBase: string };
  send(
    url: string,
    requests: { body: string; retry: number }[],
    concurrency: number,
  ): Promise<{ ackTimes: number[]; httpErrors: number; slackRetries: number }>;
  collect(): Promise<{ path: string; text: string }[]>;
  stop(): Promise<void>;
}

async function startClient(): Promise<Client> {
  // The worker loads TypeScript through tsx's loader, registered inside the worker itself.
  const file = new URL("./surveys-client.ts", import.meta.url).href;
  const worker = new Worker(
    `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(file)}); });`,
    { eval: true },
  );
  const next = <T extends FromClient["type"]>(type: T) =>
    new Promise<Extract<FromClient, { type: T }>>((resolve, reject) => {
      const onMessage = (m: FromClient) => {
        if (m.type !== type) return;
        worker.off("message", onMessage);
        worker.off("error", reject);
        resolve(m as Extract<FromClient, { type: T }>);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
  const ready = await next("ready");
  const post = (m: ToClient) => worker.postMessage(m);
  return {
    ready,
    async send(url, requests, concurrency) {
      const sent = next("sent");
      post({ type: "send", url, requests, concurrency });
      return sent;
    },
    async collect() {
      const got = next("responses");
      post({ type: "collect" });
      return (await got).responses;
    },
    async stop() {
      await worker.terminate();
    },
  };
}

/** The running pieces of a burst. */
interface Stage {
  test: TestApp;
  app: App;
  client: Client;
  slack: SlackAdapter;
  close(): Promise<void>;
  url: string;
}

async function stage(provider: Provider): Promise<Stage> {
  const client = await startClient();
  const test = await createTestApp(provider, {
    env: {
      SLACK_BOT_TOKEN: "xoxb-burst",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: client.ready.apiUrl,
      KPIBOT_SECRET: BURST_SECRET,
    },
  });
  const app = test.app;
  if (process.env.BURST_LOG) app.logger = (await import("../src/logger.js")).createLogger("error");
  const slack = slackAdapterIfConfigured(app, { handle: handleInteraction, retryConfig: { retries: 0 } });
  if (!slack) throw new Error("Slack should be configured");
  app.messengers.slack = slack.messenger;
  await slack.start();
  const { server, port } = await listen(createHttp(app, [slack.routes]), 0, "127.0.0.1");
  return {
    test,
    app,
    client,
    slack,
    url: `http://127.0.0.1:${port}/slack/events`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await slack.stop();
      await test.close();
      await client.stop();
    },
  };
}

/** Runs one burst and counts. */
export async function runSurveyBurst(opts: BurstOptions): Promise<BurstResult> {
  const st = await stage(opts.provider);
  try {
    const now = new Date();
    const survey = await st.app.repos.surveys.create(
      {
        title: "Burst",
        audience: "users",
        anonymous: true,
        resultsVisibility: "live",
        opensAt: new Date(now.getTime() - 3_600_000),
        closesAt: new Date(now.getTime() + 3_600_000),
        recurrence: null,
        reminderAt: null,
        locale: "en",
        createdBy: "bench",
        conversationRefId: null,
        questions: [
          { type: "csat", prompt: "How was your last ticket?" },
          { type: "nps", prompt: "Recommend us?" },
          { type: "yes_no", prompt: "Do you know the VPN service?", service: "VPN" },
        ],
      },
      now,
    );
    if (!survey) throw new Error("no survey");
    const rawUpsertsPerSecond = opts.baseline
      ? await rawUpsertRate(st.app, survey.id, survey.questions[0]?.id ?? 0, 1000)
      : null;
    const plan = planBurst(survey, opts, st.client.ready.responseBase, now);
    const { clicks, expected, requests, doubles, outOfOrder } = plan;
    const started = performance.now();
    const sent = await st.client.send(
      st.url,
      requests.map((r) => ({ body: r.click.body, retry: r.retry })),
      opts.concurrency,
    );
    await st.slack.idle();
    const seconds = (performance.now() - started) / 1000;
    const rows = await st.app.db.query<{
      question_id: number;
      respondent_key: string;
      score: number;
      user_id: string | null;
    }>("SELECT question_id, respondent_key, score, user_id FROM survey_answers WHERE survey_id = ?", [survey.id]);
    const seen = new Map<string, number>();
    let wrong = 0;
    for (const r of rows) {
      const key = `${r.respondent_key}:${Number(r.question_id)}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (expected.get(key) !== Number(r.score)) wrong++;
    }
    const lost = [...expected.keys()].filter((k) => !seen.has(k)).length;
    const duplicated = [...seen.values()].reduce((a, n) => a + n - 1, 0);
    const responses = (await st.client.collect()).filter((r) => r.path.startsWith("/response/"));
    const failedConfirmations = responses.filter((r) => !/Thanks|is the one kept/.test(r.text)).length;
    const ackTimes = [...sent.ackTimes].sort((a, b) => a - b);
    return {
      provider: opts.provider,
      requests: requests.length,
      clicks: clicks.length,
      retries: requests.length - clicks.length,
      doubles,
      expectedAnswers: expected.size,
      storedAnswers: rows.length,
      lost,
      duplicated,
      wrong,
      withUserId: rows.filter((r) => r.user_id !== null).length,
      outOfOrder,
      httpErrors: sent.httpErrors,
      slackRetries: sent.slackRetries,
      confirmations: responses.length,
      failedConfirmations,
      ackP50Ms: ackTimes[Math.floor(ackTimes.length / 2)] ?? 0,
      ackMaxMs: ackTimes.at(-1) ?? 0,
      seconds,
      answersPerSecond: clicks.length / seconds,
      rawUpsertsPerSecond,
    };
  } finally {
    await st.close();
  }
}
