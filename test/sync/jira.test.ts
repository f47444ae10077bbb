import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jiraConnector, jqlTime, slaTimes } from "../../src/sync/jira.js";
import { runSync } from "../../src/sync/run.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { fakeTool } from "./fake-server.js";

const issue = (key: string, fields: Record<string, unknown>) => ({ id: key.replace(/\D/g, ""), key, fields });
const ISSUES = [
  issue("SD-1", {
    summary: "Laptop broken",
    issuetype: { name: "Incident" },
    priority: { name: "High" },
    created: "2026-11-02T09:00:00.000+0100",
    updated: "2026-11-02T10:05:30.000+0100",
    resolutiondate: "2026-11-02T12:00:00.000+0100",
    reporter: { displayName: "Ann", emailAddress: "ann@example.org" },
  }),
  issue("SD-2", {
    summary: "New account",
    issuetype: { name: "Service Request" },
    priority: { name: "Low" },
    created: "2026-11-03T09:00:00.000+0000",
    updated: "2026-11-03T09:30:00.000+0000",
    resolutiondate: null,
  }),
  issue("SD-3", {
    summary: "No creation date",
    issuetype: { name: "Incident" },
    updated: "2026-11-04T08:00:00.000+0000",
  }),
];
const SLA_SD1 = {
  size: 2,
  start: 0,
  limit: 50,
  isLastPage: true,
  values: [
    {
      id: "1",
      name: "Time to first response",
      completedCycles: [
        {
          startTime: { iso8601: "2026-11-02T09:00:00+0100", epochMillis: 0 },
          stopTime: { iso8601: "2026-11-02T09:20:00+0100", epochMillis: 0 },
          breachTime: { iso8601: "2026-11-02T10:00:00+0100", epochMillis: 0 },
          breached: false,
        },
      ],
    },
    {
      id: "2",
      name: "Time to resolution",
      completedCycles: [],
      ongoingCycle: { breachTime: { iso8601: "2026-11-02T17:00:00+0100", epochMillis: 0 }, breached: false },
    },
  ],
};
const AUTH = `Basic ${Buffer.from("bot@example.org:tok").toString("base64")}`;

async function jira() {
  return fakeTool(({ url, headers }) => {
    if (headers.authorization !== AUTH) return { status: 401, body: { errorMessages: ["Unauthorized"] } };
    if (url.pathname === "/rest/servicedeskapi/request/SD-1/sla") return { body: SLA_SD1 };
    if (url.pathname.startsWith("/rest/servicedeskapi/request/"))
      return { status: 404, body: { errorMessage: "Request not found" } };
    const max = Number(url.searchParams.get("maxResults"));
    const start = Number(url.searchParams.get("nextPageToken") ?? "0");
    const page = ISSUES.slice(start, start + max);
    const more = start + max < ISSUES.length;
    return { body: { issues: page, ...(more ? { nextPageToken: String(start + max) } : {}), isLast: !more } };
  });
}

describe("slaTimes", () => {
  const at = (iso: string) => ({ iso8601: iso });
  const resolution = (cycles: { breached: boolean }[], ongoing?: { breached: boolean }) =>
    slaTimes([
      {
        name: "Time to resolution",
        completedCycles: cycles.map((c) => ({ ...c, breachTime: at("2026-11-02T17:00:00+0100") })),
        ...(ongoing ? { ongoingCycle: { ...ongoing, breachTime: at("2026-11-09T17:00:00+0100") } } : {}),
      },
    ]);
  it("takes Jira's verdict on the resolution SLA: any breached cycle is a breach, completed cycles met are met", () => {
    expect(resolution([{ breached: false }]).sla_met).toBe(true);
    expect(resolution([{ breached: false }, { breached: true }]).sla_met).toBe(false);
    expect(resolution([{ breached: false }], { breached: true }).sla_met).toBe(false);
    // Still running and not breached: no verdict yet.
    expect(resolution([], { breached: false }).sla_met).toBeNull();
    expect(resolution([{ breached: false }]).resolution_due_at).toBe("2026-11-02T17:00:00+0100");
  });
});

describe("jqlTime", () => {
  it("writes the cursor in the API user's zone, to the minute", () => {
    expect(jqlTime("2026-11-02T10:05:30.000+0100", "UTC")).toBe("2026/11/02 09:05");
    expect(jqlTime("2026-11-02T10:05:30.000+0100", "Europe/Paris")).toBe("2026/11/02 10:05");
  });
});

describe.each(await testProviders())("Jira Service Management sync on %s", (provider) => {
  let t: TestApp;
  let tool: Awaited<ReturnType<typeof jira>>;
  const connector = () =>
    jiraConnector(
      { url: tool.url, email: "bot@example.org", apiToken: "tok", jql: "project = SD", timezone: "UTC" },
      { pageSize: 2 },
    );
  beforeAll(async () => {
    t = await createTestApp(provider);
    tool = await jira();
  });
  afterAll(async () => {
    await tool.close();
    await t.close();
  });

  it("pages with nextPageToken, reads each request's SLAs and rejects issues it cannot map", async () => {
    const report = await runSync(t.app, connector());
    expect(report).toMatchObject({ pages: 2, inserted: 2, rejected: 1, cursor: "2026-11-04T08:00:00.000+0000" });
    expect(report.rejections[0]).toMatchObject({ external_id: "SD-3" });
    expect(report.rejections[0]?.reason).toContain("opened_at");
    const searches = tool.requests.filter((r) => r.url.pathname === "/rest/api/3/search/jql");
    expect(searches.map((r) => r.url.searchParams.get("nextPageToken"))).toEqual([null, "2"]);
    expect(searches[0]?.url.searchParams.get("jql")).toBe("(project = SD) ORDER BY updated ASC");
    const rows = await t.app.db.query<Record<string, unknown>>(
      "SELECT external_id, kind, priority, requester, opened_at, first_response_at, response_due_at, resolution_due_at FROM tickets ORDER BY external_id",
    );
    const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
    expect(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, iso(v)])))).toEqual([
      {
        external_id: "SD-1",
        kind: "incident",
        priority: 2,
        requester: "ann@example.org",
        opened_at: "2026-11-02T08:00:00.000Z",
        first_response_at: "2026-11-02T08:20:00.000Z",
        response_due_at: "2026-11-02T09:00:00.000Z",
        resolution_due_at: "2026-11-02T16:00:00.000Z",
      },
      {
        external_id: "SD-2",
        kind: "request",
        priority: 4,
        requester: null,
        opened_at: "2026-11-03T09:00:00.000Z",
        first_response_at: null,
        response_due_at: null,
        resolution_due_at: null,
      },
    ]);
  });

  it("the next search is bounded by the stored cursor", async () => {
    tool.requests.length = 0;
    await runSync(t.app, connector());
    const jql = tool.requests.find((r) => r.url.pathname === "/rest/api/3/search/jql")?.url.searchParams.get("jql");
    expect(jql).toBe('(project = SD) AND updated >= "2026/11/04 08:00" ORDER BY updated ASC');
    expect(await t.app.repos.syncCursors.read("jira")).toMatchObject({ status: "done" });
  });
});
