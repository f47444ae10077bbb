import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createWebClient } from "../../adapters/slack/api.js";
import { userDirectory } from "../../adapters/slack/users.js";
import { executeInteraction } from "../../src/commands/index.js";
import { nextTurn } from "../../src/core/turns.js";
import { recordAck, recordAnswer, recordQueueDepth, watchEventLoop } from "../../src/http/load-watch.js";
import { metricsFor } from "../../src/http/metrics.js";
import { createLogger } from "../../src/logger.js";
import { movableClock } from "../digests/helpers.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { CONTENT, type Harness, startHarness } from "./harness.js";
import { commandBody } from "./requests.js";

const silent = createLogger("silent");

/** A logger whose lines are kept (JSON), for the warnings. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return {
    logger: createLogger("warn", sink, "json"),
    lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** The value of one sample of the app's /metrics text, or undefined. */
async function sample(t: TestApp, line: string): Promise<number | undefined> {
  const text = await metricsFor(t.app).registry.metrics();
  const found = text.split("\n").find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe("Slack profile look-ups never hold an answer back (users.info)", () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterEach(() => fake.reset());
  afterAll(async () => fake.close());

  const client = () =>
    createWebClient(
      "xoxb-test-token",
      { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, timeoutMs: 5000, rejectRateLimitedCalls: true },
      silent,
    );

  it("a 429 with Retry-After 30 s is not waited out: look-ups pause for 30 s, then resume", async () => {
    const clock = movableClock(new Date("2026-11-16T09:00:00Z"));
    const users = userDirectory(clock, client());
    fake.locales.set("U1", "fr-FR");
    fake.rateLimitNext("users.info", 1, 30);
    // Answered without the profile (the core then uses the stored language), not after 30 s. (The fake records
    // only the calls it answers: the refused one is not in callsOf.)
    expect(await users.lookup("U1", silent)).toEqual({});
    // Paused: nobody else's answer makes a call Slack would refuse.
    clock.set("2026-11-16T09:00:29Z");
    expect(await users.lookup("U2", silent)).toEqual({});
    expect(fake.callsOf("users.info")).toHaveLength(0);
    clock.set("2026-11-16T09:00:31Z");
    expect(await users.lookup("U1", silent)).toEqual({ locale: "fr-FR", name: "User U1" });
    expect(fake.callsOf("users.info")).toHaveLength(1);
  });

  it("one call per new user however many clicks at once; a known user is answered from memory, refreshed behind when stale", async () => {
    const clock = movableClock(new Date("2026-11-16T09:00:00Z"));
    const users = userDirectory(clock, client(), { ttlMs: 60_000 });
    fake.locales.set("U7", "en-GB");
    const burst = await Promise.all(Array.from({ length: 20 }, () => users.lookup("U7", silent)));
    expect(new Set(burst.map((b) => JSON.stringify(b)))).toEqual(
      new Set([JSON.stringify({ locale: "en-GB", name: "User U7" })]),
    );
    expect(fake.callsOf("users.info")).toHaveLength(1);
    // Stale: the remembered answer at once, a refresh behind it (the user changed language meanwhile).
    clock.set("2026-11-16T09:02:00Z");
    fake.locales.set("U7", "fr-FR");
    expect(await users.lookup("U7", silent)).toEqual({ locale: "en-GB", name: "User U7" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.callsOf("users.info")).toHaveLength(2);
    expect(await users.lookup("U7", silent)).toEqual({ locale: "fr-FR", name: "User U7" });
  });

  it("a slow Slack delays a new user's answer by waitMs at most, and the late profile is kept for next time", async () => {
    const clock = movableClock(new Date("2026-11-16T09:00:00Z"));
    const users = userDirectory(clock, client(), { waitMs: 50 });
    fake.locales.set("U9", "fr-FR");
    fake.slowAnswers("users.info", 400);
    expect(await users.lookup("U9", silent)).toEqual({});
    fake.slowAnswers("users.info", 0);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await users.lookup("U9", silent)).toEqual({ locale: "fr-FR", name: "User U9" });
    expect(fake.callsOf("users.info")).toHaveLength(1);
  });
});

describe.each(await testProviders())("fewer writes per interaction (%s)", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, { clock: movableClock(new Date("2026-11-16T09:00:00Z")) });
  });
  afterAll(async () => t.close());

  it("the user row is written when something changed, not at every command or click", async () => {
    const users = t.app.repos.users;
    let touches = 0;
    const touch = users.touch.bind(users);
    users.touch = async (u) => {
      touches++;
      return touch(u);
    };
    const from = (text: string, locale?: string) =>
      executeInteraction(t.app, {
        kind: "command",
        text,
        user: { platform: "slack", id: "UW", name: "Wanda" },
        conversation: { platform: "slack", conversationId: "CW" },
        ...(locale ? { locale } : {}),
      });
    for (let i = 0; i < 5; i++) await from("list");
    expect(touches).toBe(1);
    // A new language is written at once, and remembered for the clicks that carry no words.
    await from("list", "fr-FR");
    expect(touches).toBe(2);
    expect((await users.get("slack", "UW"))?.locale).toBe("fr");
    await from("list", "fr-FR");
    expect(touches).toBe(2);
  });
});

describe("say when it is late: metrics and grouped warnings", () => {
  let t: TestApp;
  const clock = movableClock(new Date("2026-11-16T09:00:00Z"));
  const captured = capturingLogger();
  beforeAll(async () => {
    t = await createTestApp("sqlite", { clock });
    t.app.logger = captured.logger;
  });
  afterAll(async () => t.close());

  it("an acknowledgement near Slack's 3 s limit is a warning line, grouped per 10 s, and every ack is in the histogram", async () => {
    recordAck(t.app, "slack", 0.2);
    expect(captured.lines()).toEqual([]);
    recordAck(t.app, "slack", 2.5);
    recordAck(t.app, "slack", 3.4);
    recordAck(t.app, "slack", 2.1);
    const first = captured.lines();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ platform: "slack", late: 1, worstSeconds: 2.5, limitSeconds: 3 });
    clock.set("2026-11-16T09:00:11Z");
    recordAck(t.app, "slack", 2.2);
    expect(captured.lines()).toHaveLength(2);
    // The two grouped since the first line, and this one; the worst of them.
    expect(captured.lines()[1]).toMatchObject({ late: 3, worstSeconds: 3.4 });
    // Teams allows 15 s: 5 s is no warning.
    recordAck(t.app, "teams", 5);
    expect(captured.lines()).toHaveLength(2);
    expect(await sample(t, 'kpibot_ack_duration_seconds_count{platform="slack"}')).toBe(5);
    expect(await sample(t, 'kpibot_ack_duration_seconds_bucket{le="3",platform="slack"}')).toBe(4);
  });

  it("a blocked event loop (which no acknowledgement timer can see) is measured and warned about", async () => {
    const stop = watchEventLoop(t.app, 100);
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const before = captured.lines().length;
      // A synchronous stall, as a big synchronous query or chart drawing makes.
      const until = Date.now() + 1_200;
      while (Date.now() < until) {
        /* busy */
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      const line = captured
        .lines()
        .slice(before)
        .find((l) => String(l.msg).includes("event loop was blocked"));
      expect(line?.worstSeconds).toBeGreaterThanOrEqual(1);
      expect(await sample(t, "kpibot_event_loop_blocked_seconds")).toBeGreaterThanOrEqual(0);
    } finally {
      stop();
    }
  });

  it("answers' CPU steps waiting their turn are a queue: measured at their deepest, and warned about from 100", async () => {
    const stop = watchEventLoop(t.app, 50);
    try {
      const before = captured.lines().length;
      // 150 steps queued at once (a burst of answers resuming together), each holding the thread a little.
      await Promise.all(
        Array.from({ length: 150 }, () =>
          nextTurn().then(() => {
            const until = performance.now() + 1;
            while (performance.now() < until) {
              /* busy */
            }
          }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 120));
      const line = captured
        .lines()
        .slice(before)
        .find((l) => l.queue === "turns");
      expect(line?.depth).toBeGreaterThanOrEqual(100);
      // Drained: the gauge comes back down at the next look.
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await sample(t, 'kpibot_queue_depth{queue="turns"}')).toBe(0);
    } finally {
      stop();
    }
  });

  it("an answer later than 3 s is a warning; a queue warns at 100 waiting and at each doubling, again after draining", async () => {
    const before = captured.lines().length;
    recordAnswer(t.app, "slack", 1.5);
    expect(captured.lines()).toHaveLength(before);
    recordAnswer(t.app, "slack", 4.2);
    expect(captured.lines().at(-1)).toMatchObject({ platform: "slack", late: 1, worstSeconds: 4.2 });
    const queueLines = () => captured.lines().filter((l) => l.queue === "clicks");
    for (const depth of [10, 99, 100, 150, 199, 200, 390, 400, 120, 90, 40, 100])
      recordQueueDepth(t.app, "clicks", depth);
    expect(queueLines().map((l) => l.depth)).toEqual([100, 200, 400, 100]);
    expect(await sample(t, 'kpibot_queue_depth{queue="clicks"}')).toBe(100);
  });
});

describe.each(await testProviders())("Slack requests on /metrics (%s)", (provider) => {
  let fake: FakeSlack;
  let h: Harness;
  beforeAll(async () => {
    fake = await startFakeSlack();
    h = await startHarness(provider, { fake });
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it("each slash command's acknowledgement and answer delay are measured, and nothing stays in flight", async () => {
    const res = await h.post(commandBody("fcr last month", `${fake.responseBase}/r1`), CONTENT.form);
    expect(res.status).toBe(200);
    await fake.waitForResponses(1);
    await h.slack.idle();
    expect(await sample(h.test, 'kpibot_ack_duration_seconds_count{platform="slack"}')).toBe(1);
    expect(await sample(h.test, 'kpibot_answer_delay_seconds_count{platform="slack"}')).toBe(1);
    expect(await sample(h.test, 'kpibot_interactions_in_flight{platform="slack"}')).toBe(0);
  });
});
