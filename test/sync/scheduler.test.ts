import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationRef } from "../../src/core/interaction.js";
import type { Messenger } from "../../src/core/messenger.js";
import { isKpibotError } from "../../src/errors.js";
import type { Reply } from "../../src/reply/types.js";
import { configuredConnectors } from "../../src/sync/connectors.js";
import { startSyncScheduler } from "../../src/sync/scheduler.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { fakeTool, recordingSleep } from "./fake-server.js";

const GOOD = `Basic ${Buffer.from("kpibot:pw").toString("base64")}`;
const record = {
  number: "INC9",
  short_description: "Mail down",
  opened_at: "2026-11-10 08:00:00",
  sys_updated_on: "2026-11-10 09:00:00",
};

describe.each(await testProviders())("sync scheduler on %s", (provider) => {
  let t: TestApp;
  let tool: Awaited<ReturnType<typeof fakeTool>>;
  const posts: { ref: ConversationRef; text: string }[] = [];
  const messenger: Messenger = {
    post: async (ref: ConversationRef, reply: Reply) => {
      posts.push({ ref, text: reply.fallback });
      return { messageId: "m1" };
    },
    update: async () => undefined,
  };
  beforeAll(async () => {
    tool = await fakeTool(({ url, headers }) => {
      if (url.pathname.startsWith("/jira")) return { status: 401, body: { errorMessages: ["Unauthorized"] } };
      if (headers.authorization !== GOOD)
        return { status: 401, body: { error: { message: "User Not Authenticated" } } };
      return { headers: { "x-total-count": "1" }, body: { result: [record] } };
    });
    t = await createTestApp(provider, {
      env: {
        KPIBOT_ADMIN_CHANNEL: "slack:C-ADMIN",
        SERVICENOW_URL: tool.url,
        SERVICENOW_USER: "kpibot",
        SERVICENOW_PASSWORD: "pw",
        JIRA_URL: `${tool.url}/jira`,
        JIRA_EMAIL: "bot@example.org",
        JIRA_API_TOKEN: "expired",
      },
    });
  });
  afterAll(async () => {
    await tool.close();
    await t.close();
  });

  it("syncs every configured connector; a failing one is reported to the admin channel and does not stop the others", async () => {
    expect(configuredConnectors(t.app.config)).toEqual(["servicenow", "jira"]);
    const { sleep } = recordingSleep();
    const scheduler = startSyncScheduler(t.app, { messengers: { slack: messenger }, deps: { sleep } });
    const reports = await scheduler.tick();
    await scheduler.stop();
    expect(reports.map((r) => [r.connector, r.inserted])).toEqual([["servicenow", 1]]);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.ref).toMatchObject({ platform: "slack", conversationId: "C-ADMIN" });
    expect(posts[0]?.text).toContain("kpibot sync jira failed");
    expect(posts[0]?.text).toContain("HTTP 401");
    expect(posts[0]?.text).not.toContain("expired");
    expect(await t.app.repos.syncCursors.read("jira")).toMatchObject({ status: "failed" });
    expect(await t.app.repos.syncCursors.read("servicenow")).toMatchObject({
      status: "done",
      cursor: "2026-11-10 09:00:00",
    });
  });

  it("refuses a schedule that is not a cron expression, and starts/stops a valid one", async () => {
    let error: unknown;
    try {
      startSyncScheduler(t.app, { schedule: "every hour" });
    } catch (e) {
      error = e;
    }
    expect(isKpibotError(error, "CONFIG_INVALID")).toBe(true);
    const scheduler = startSyncScheduler(t.app, { schedule: "*/15 * * * *" });
    await scheduler.stop();
  });
});

describe("KPIBOT_SYNC_SCHEDULE", () => {
  it("is checked when the configuration is loaded", async () => {
    const { loadConfig } = await import("../../src/config.js");
    expect(() => loadConfig({ KPIBOT_SYNC_SCHEDULE: "hourly" }, { dotenv: false })).toThrow(/KPIBOT_SYNC_SCHEDULE/);
    expect(loadConfig({ KPIBOT_SYNC_SCHEDULE: "*/15 * * * *" }, { dotenv: false }).KPIBOT_SYNC_SCHEDULE).toBe(
      "*/15 * * * *",
    );
  });
});
