import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKpibot } from "../../adapters/main.js";
import { loadConfig } from "../../src/config.js";
import { createHttp, listen } from "../../src/http/server.js";
import type { Reply } from "../../src/reply/types.js";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { kpiReply, NOW_S, startHarness } from "./harness.js";
import { CONTENT, commandBody, SIGNING_SECRET, sign, slackRequest } from "./requests.js";

// kpibot as `kpibot start` runs it, with the Slack variables pointing at a recording fake Slack API,
// driven over 127.0.0.1 with signed requests in Slack's formats (the real command language answers).
describe("kpibot start with Slack configured (end to end over 127.0.0.1)", () => {
  let fake: FakeSlack;
  let database: TestDatabase;
  let kpibot: Awaited<ReturnType<typeof startKpibot>>;
  let url: string;
  beforeAll(async () => {
    fake = await startFakeSlack();
    database = await createTestDatabase("sqlite");
    const config = loadConfig(
      {
        DATABASE_URL: database.url,
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "silent",
        KPIBOT_SEED_DEMO: "false",
        SLACK_BOT_TOKEN: "xoxb-e2e",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
      },
      { dotenv: false },
    );
    kpibot = await startKpibot(config);
    url = `http://127.0.0.1:${kpibot.port}/slack/events`;
  });
  afterAll(async () => {
    await kpibot?.stop();
    await database?.drop();
    await fake?.close();
  });

  it("refuses a forged slash command with 401", async () => {
    const body = commandBody("fcr last month", `${fake.responseBase}/e0`);
    const now = Math.floor(Date.now() / 1000);
    const res = await fetch(
      url,
      slackRequest(body, { contentType: CONTENT.form, timestamp: now, signature: sign("wrong", now, body) }),
    );
    expect(res.status).toBe(401);
  });

  it("acks a signed /kpi with an empty 200, then posts the answer privately to the response_url", async () => {
    const body = commandBody("help", `${fake.responseBase}/e1`);
    const res = await fetch(
      url,
      slackRequest(body, { contentType: CONTENT.form, timestamp: Math.floor(Date.now() / 1000) }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    const [answer] = await fake.waitForResponses(1);
    expect(answer?.path).toBe("/response/e1");
    expect(answer?.body.response_type).toBe("ephemeral");
    expect(answer?.body.text?.length).toBeGreaterThan(0);
    expect(answer?.body.blocks?.length).toBeGreaterThan(0);
    // auth.test at start (identity), users.info for the asker's locale: both declared methods.
    expect(fake.callsOf("auth.test")).toHaveLength(1);
    expect(fake.callsOf("users.info")[0]?.args.user).toBe("U42");
  });
});

describe("the acknowledgement over a real socket does not wait for the answer", () => {
  it("returns 200 while the core is still computing, then the answer reaches the response_url", async () => {
    const fake = await startFakeSlack();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let finished = false;
    const h = await startHarness("sqlite", {
      fake,
      handle: async (): Promise<Reply> => {
        await gate;
        finished = true;
        return kpiReply("2026-10");
      },
    });
    const { server, port } = await listen(createHttp(h.test.app, [h.slack.routes]), 0, "127.0.0.1");
    try {
      const body = commandBody("fcr 2026-10", `${fake.responseBase}/sock`);
      const res = await fetch(
        `http://127.0.0.1:${port}/slack/events`,
        slackRequest(body, { contentType: CONTENT.form, timestamp: NOW_S }),
      );
      expect(res.status).toBe(200);
      expect(finished).toBe(false);
      expect(fake.responses).toEqual([]);
      release();
      const [answer] = await fake.waitForResponses(1);
      expect(answer?.path).toBe("/response/sock");
    } finally {
      release();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await h.close();
      await fake.close();
    }
  });
});
