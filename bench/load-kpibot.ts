import { Writable } from "node:stream";
import type { ServerType } from "@hono/node-server";
import { type SlackAdapter, slackAdapterIfConfigured } from "../adapters/slack/index.js";
import { type App, closeApp, createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { metricsFor, metricsRoutes } from "../src/http/metrics.js";
import { createHttp, listen } from "../src/http/server.js";
import { createLogger } from "../src/logger.js";
import { seedIfEmpty } from "../src/seed/index.js";
import type { Provider } from "../src/store/db.js";
import { emptyDatabase } from "./setup.js";

// kpibot as the load bench runs it: the composition root's pieces (createApp on a fresh database, the demo data,
// the Slack adapter in HTTP mode on the shared HTTP server with /metrics) in this process, on 127.0.0.1, talking to
// the fake Slack API. The scheduler, survey jobs and syncs of `kpibot start` are not started (nothing is due).

/** The secret kpibot keys anonymous survey answers with (the bench recomputes the keys to check them). */
export const LOAD_KPIBOT_SECRET = "load-bench-kpibot-secret-0123456789";

/** kpibot's own view of a phase, from its metrics (kpibot_ack_duration_seconds, kpibot_answer_delay_seconds). */
export interface ServerView {
  acks: number;
  acksOver3s: number;
  answers: number;
  answersOver3s: number;
}

/** A running kpibot. */
export interface LoadKpibot {
  app: App;
  url: string;
  slack: SlackAdapter;
  seedMs: number;
  tickets: number;
  /** Counts of kpibot's ack and answer histograms (Slack), to diff around a phase. */
  serverView(): Promise<ServerView>;
  /** Warning lines kpibot logged so far (late acks, late answers, queue depth), by message. */
  warnings: Map<string, number>;
  stop(): Promise<void>;
}

/** Counts warn-level log lines by message: kpibot's own "this replica is overloaded" signals. */
function warnCounter(into: Map<string, number>): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
          const { msg } = JSON.parse(line) as { msg?: string };
          const key = (msg ?? line).replace(/\d+(\.\d+)?/g, "N");
          into.set(key, (into.get(key) ?? 0) + 1);
        } catch {
          into.set(line, (into.get(line) ?? 0) + 1);
        }
      }
      done();
    },
  });
}

async function histogramCounts(app: App, name: string): Promise<{ count: number; within3s: number }> {
  const metric = metricsFor(app).registry.getSingleMetric(name);
  const values = metric ? (await metric.get()).values : [];
  let count = 0;
  let within3s = 0;
  for (const v of values) {
    const labels = v.labels as Record<string, string | number>;
    if (labels.platform !== "slack") continue;
    const metricName = (v as { metricName?: string }).metricName ?? "";
    if (metricName.endsWith("_count")) count += v.value;
    if (metricName.endsWith("_bucket") && String(labels.le) === "3") within3s += v.value;
  }
  return { count, within3s };
}

/** Starts kpibot on a fresh database of `provider`, seeded with the demo data (`tickets` tickets). */
export async function startLoadKpibot(opts: {
  provider: Provider;
  apiUrl: string;
  signingSecret: string;
  tickets: number;
}): Promise<LoadKpibot> {
  const database = await emptyDatabase(opts.provider);
  const warnings = new Map<string, number>();
  const config = loadConfig(
    {
      DATABASE_URL: database.url,
      SLACK_BOT_TOKEN: "xoxb-load-bench",
      SLACK_SIGNING_SECRET: opts.signingSecret,
      SLACK_API_URL: opts.apiUrl,
      KPIBOT_SECRET: LOAD_KPIBOT_SECRET,
      KPIBOT_PLAYGROUND: "off",
      LOG_LEVEL: "warn",
    },
    { dotenv: false },
  );
  let app: App | undefined;
  let server: ServerType | undefined;
  try {
    app = await createApp(config, { logger: createLogger("warn", warnCounter(warnings), "json") });
    const started = performance.now();
    const seeded = await seedIfEmpty(app, { tickets: opts.tickets });
    const seedMs = performance.now() - started;
    // As `kpibot start` does (adapters/main.ts): the chart renderer loaded before the first request.
    await app.charts.warm?.();
    const slack = slackAdapterIfConfigured(app);
    if (!slack) throw new Error("the Slack adapter should be configured");
    app.messengers.slack = slack.messenger;
    const listening = await listen(createHttp(app, [metricsRoutes, slack.routes]), 0, "127.0.0.1");
    server = listening.server;
    await slack.start();
    const running = app;
    const view = async (): Promise<ServerView> => {
      const acks = await histogramCounts(running, "kpibot_ack_duration_seconds");
      const answers = await histogramCounts(running, "kpibot_answer_delay_seconds");
      return {
        acks: acks.count,
        acksOver3s: acks.count - acks.within3s,
        answers: answers.count,
        answersOver3s: answers.count - answers.within3s,
      };
    };
    return {
      app: running,
      url: `http://127.0.0.1:${listening.port}/slack/events`,
      slack,
      seedMs,
      tickets: seeded?.tickets ?? 0,
      serverView: view,
      warnings,
      async stop() {
        await slack.stop();
        await new Promise<void>((resolve) => listening.server.close(() => resolve()));
        await closeApp(running);
        await database.drop();
      },
    };
  } catch (error) {
    if (server) server.close();
    if (app) await closeApp(app);
    await database.drop();
    throw error;
  }
}
