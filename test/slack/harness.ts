import type { Hono } from "hono";
import { PNG } from "pngjs";
import type { ChartImagerLike } from "../../adapters/slack/charts.js";
import type { HandleFn } from "../../adapters/slack/deps.js";
import { type SlackAdapter, slackAdapterIfConfigured } from "../../adapters/slack/index.js";
import { fixedClock } from "../../src/core/clock.js";
import type { Interaction } from "../../src/core/interaction.js";
import { createHttp } from "../../src/http/server.js";
import type { Reply } from "../../src/reply/types.js";
import type { Provider } from "../../src/store/db.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { CONTENT, SIGNING_SECRET, slackRequest } from "./requests.js";

/** The instant the tests' clock is fixed at; requests are signed with it. */
export const NOW = new Date("2026-11-15T10:00:00Z");
/** NOW in Slack's timestamp unit (seconds). */
export const NOW_S = Math.floor(NOW.getTime() / 1000);

/** A 2×2 PNG, as the local chart imager would give. */
export function tinyPng(): Buffer {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(200);
  return PNG.sync.write(png);
}

/** An imager giving PNG bytes (local mode) or a URL (QuickChart mode), counting renders. */
export function fakeImager(kind: "png" | "url"): ChartImagerLike & { renders: number } {
  const imager = {
    renders: 0,
    async render() {
      imager.renders += 1;
      return kind === "png"
        ? { kind: "png" as const, bytes: tinyPng(), width: 2, height: 2 }
        : { kind: "url" as const, url: "https://quickchart.example.com/chart/render/abc123" };
    },
  };
  return imager;
}

/** A KPI-like answer, as the core gives it: header, fields, chart, buttons (share only when private). */
export function kpiReply(text: string, opts: { shared?: boolean; locale?: "en" | "fr" } = {}): Reply {
  const locale = opts.locale ?? "en";
  return {
    locale,
    ephemeral: !opts.shared,
    fallback: `FCR ${text}: 72.5 %`,
    blocks: [
      { type: "header", text: `First contact resolution — ${text}` },
      {
        type: "fields",
        status: "on_target",
        fields: [
          { label: "Value", value: "72.5 %" },
          { label: "Target", value: "70 %" },
        ],
      },
      {
        type: "chart",
        altText: "FCR over the last 6 months",
        spec: {
          kind: "trend",
          title: `FCR ${text}`,
          unit: "percent",
          categories: ["2026-10"],
          series: [{ name: "FCR", values: [72.5] }],
          locale,
        },
      },
      {
        type: "actions",
        actions: [
          { actionId: "kpi.previous", label: "Previous period", value: "fcr 2026-09" },
          { actionId: "kpi.explain", label: "Explain", value: "explain fcr" },
          ...(opts.shared ? [] : [{ actionId: "kpi.share", label: "Share in channel", value: `fcr ${text}` }]),
        ],
      },
    ],
  };
}

/** A scripted core: records interactions; "share" in the text or the share button makes the answer shared. */
export function scriptedHandle(seen: Interaction[]): HandleFn {
  return async (_app, interaction) => {
    seen.push(interaction);
    if (interaction.kind === "command") {
      if (interaction.text === "boom") throw new Error("database exploded");
      return kpiReply(interaction.text, { shared: /\b(share|partager)\b/.test(interaction.text) });
    }
    return kpiReply(interaction.value, { shared: interaction.actionId === "kpi.share" });
  };
}

/** kpibot with the Slack adapter on a fresh database, its Hono app, and a fake Slack API. */
export interface Harness {
  fake: FakeSlack;
  test: TestApp;
  slack: SlackAdapter;
  http: Hono;
  seen: Interaction[];
  /** POSTs a signed body to /slack/events in-process. */
  post(
    body: string,
    contentType: string,
    opts?: { retryNum?: number; timestamp?: number; secret?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the harness (HTTP mode) on one provider. */
export async function startHarness(
  provider: Provider,
  opts: {
    handle?: HandleFn;
    charts?: ChartImagerLike;
    env?: Record<string, string>;
    fake?: FakeSlack;
    /** How long a post may take before its outcome is unknown (default 30 s, as in production). */
    postTimeoutMs?: number;
  } = {},
): Promise<Harness> {
  const fake = opts.fake ?? (await startFakeSlack());
  const test = await createTestApp(provider, {
    clock: fixedClock(NOW),
    env: {
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      ...opts.env,
    },
  });
  const seen: Interaction[] = [];
  const slack = slackAdapterIfConfigured(test.app, {
    handle: opts.handle ?? scriptedHandle(seen),
    charts: opts.charts ?? fakeImager("png"),
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 1 },
    ...(opts.postTimeoutMs ? { postTimeoutMs: opts.postTimeoutMs } : {}),
  });
  if (!slack) throw new Error("Slack should be configured");
  await slack.start();
  const http = createHttp(test.app, [slack.routes]);
  return {
    fake,
    test,
    slack,
    http,
    seen,
    post: (body, contentType, o = {}) =>
      Promise.resolve(
        http.request("/slack/events", slackRequest(body, { contentType, timestamp: o.timestamp ?? NOW_S, ...o })),
      ),
    async close() {
      await slack.stop();
      await test.close();
      if (!opts.fake) await fake.close();
    },
  };
}

/** Content types Slack uses, re-exported for the tests. */
export { CONTENT };
