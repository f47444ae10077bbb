import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { glpiConnector } from "../../src/sync/glpi.js";
import { SyncError } from "../../src/sync/http.js";
import { runSync } from "../../src/sync/run.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { fakeTool, recordingSleep } from "./fake-server.js";

// GLPI search/Ticket rows are keyed by search option id: 1 name, 2 id, 3 priority, 8 group,
// 9 request type, 12 status, 14 type, 15 date, 16 closedate, 17 solvedate, 18 time_to_resolve, 19 date_mod.
type Row = Record<string, string | number | null>;
const RECORDS: Row[] = [
  {
    2: 1,
    1: "Printer",
    14: 1,
    3: 5,
    9: "Phone",
    8: "N1",
    15: "2026-11-02 09:00:00",
    17: "2026-11-02 11:00:00",
    19: "2026-11-02 11:00:00",
  },
  { 2: 2, 1: "Access", 14: 2, 3: 3, 9: "Helpdesk", 15: "2026-11-03 10:00:00", 17: null, 19: "2026-11-03 10:30:00" },
  { 2: 3, 1: "Odd", 14: 7, 15: "2026-11-04 08:00:00", 19: "2026-11-04 08:00:00" },
  { 2: 4, 1: "VPN", 14: 1, 15: "2026-11-05 08:00:00", 18: "2026-11-05 16:00:00", 19: "2026-11-05 09:00:00" },
  { 2: 5, 1: "Late", 14: 1, 15: "2026-11-06 08:00:00", 17: "2026-11-05 08:00:00", 19: "2026-11-06 09:00:00" },
];

async function glpiServer(records: Row[]) {
  return fakeTool(({ url, headers }) => {
    if (headers["app-token"] !== "app") return { status: 400, body: ["ERROR_WRONG_APP_TOKEN_PARAMETER", ""] };
    if (url.pathname === "/apirest.php/initSession") {
      if (headers.authorization !== "user_token good")
        return { status: 401, body: ["ERROR_GLPI_LOGIN_USER_TOKEN", "parameter user_token seems invalid"] };
      return { body: { session_token: "sess-1" } };
    }
    if (headers["session-token"] !== "sess-1") return { status: 401, body: ["ERROR_SESSION_TOKEN_INVALID", ""] };
    if (url.pathname === "/apirest.php/killSession") return { body: {} };
    const after = url.searchParams.get("criteria[0][value]");
    const rows = records
      .filter((r) => after === null || String(r[19]) > after)
      .sort((a, b) => String(a[19]).localeCompare(String(b[19])));
    const [from, to] = (url.searchParams.get("range") ?? "0-49").split("-").map(Number) as [number, number];
    const data = rows.slice(from, to + 1);
    const last = Math.min(to, rows.length - 1);
    return {
      status: data.length < rows.length ? 206 : 200,
      headers: { "content-range": `${from}-${last}/${rows.length}` },
      body: { totalcount: rows.length, count: data.length, data },
    };
  });
}

describe.each(await testProviders())("GLPI sync on %s", (provider) => {
  let t: TestApp;
  let tool: Awaited<ReturnType<typeof glpiServer>>;
  const records = structuredClone(RECORDS);
  const settings = (token = "good") => ({
    url: `${tool.url}/apirest.php/`,
    appToken: "app",
    userToken: token,
    timezone: "Europe/Paris",
  });
  beforeAll(async () => {
    t = await createTestApp(provider);
    tool = await glpiServer(records);
  });
  afterAll(async () => {
    await tool.close();
    await t.close();
  });

  it("pages through search/Ticket, maps records, rejects malformed ones and stores the cursor", async () => {
    const report = await runSync(t.app, glpiConnector(settings(), { pageSize: 2 }));
    expect(report).toMatchObject({ pages: 3, inserted: 3, updated: 0, rejected: 2, cursor: "2026-11-06 09:00:00" });
    expect(report.rejections.map((r) => r.external_id).sort()).toEqual(["3", "5"]);
    expect(report.rejections.find((r) => r.external_id === "5")?.reason).toContain("before opened_at");
    const searches = tool.requests.filter((r) => r.url.pathname.endsWith("/search/Ticket"));
    // A moving window: each page starts at the latest date_mod read, past those already read at that second.
    expect(searches.map((r) => r.url.searchParams.get("range"))).toEqual(["0-1", "1-2", "1-2"]);
    expect(searches.map((r) => r.url.searchParams.get("criteria[0][value]"))).toEqual([
      null,
      "2026-11-03 10:29:59",
      "2026-11-05 08:59:59",
    ]);
    expect(searches[0]?.url.searchParams.get("forcedisplay[0]")).toBe("1");
    expect(tool.requests.filter((r) => r.url.pathname.endsWith("/killSession"))).toHaveLength(1);
    const rows = await t.app.db.query<Record<string, unknown>>(
      "SELECT external_id, kind, priority, channel, group_name, opened_at, resolved_at, resolution_due_at, support_level, first_contact_resolution FROM tickets WHERE source = 'glpi' ORDER BY external_id",
    );
    expect(rows.map((r) => r.external_id)).toEqual(["1", "2", "4"]);
    expect(rows[0]).toMatchObject({ kind: "incident", priority: 1, channel: "phone", group_name: "N1" });
    expect((rows[0]?.opened_at as Date | undefined)?.toISOString()).toBe("2026-11-02T08:00:00.000Z");
    expect((rows[0]?.resolved_at as Date | undefined)?.toISOString()).toBe("2026-11-02T10:00:00.000Z");
    // As the glpi preset derives them: level 1 from the group "N1", so resolved at first contact.
    expect(rows[0]?.support_level).toBe(1);
    expect(Boolean(rows[0]?.first_contact_resolution)).toBe(true);
    expect(rows[1]).toMatchObject({ kind: "request", priority: 3, channel: "portal" });
    // No group: the level and FCR stay unknown.
    expect(rows[1]).toMatchObject({ support_level: null, first_contact_resolution: null });
    expect((rows[2]?.resolution_due_at as Date | undefined)?.toISOString()).toBe("2026-11-05T15:00:00.000Z");
    expect(await t.app.repos.syncCursors.read("glpi")).toMatchObject({ cursor: "2026-11-06 09:00:00", status: "done" });
  });

  it("next sync asks only for records modified since the cursor and updates changed ones", async () => {
    tool.requests.length = 0;
    Object.assign(records[1] as Row, { 17: "2026-11-07 09:00:00", 19: "2026-11-07 10:00:00" });
    const resolved: number[][] = [];
    const report = await runSync(t.app, glpiConnector(settings(), { pageSize: 2 }), {
      onResolved: async (ids) => void resolved.push(ids),
    });
    const search = tool.requests.find((r) => r.url.pathname.endsWith("/search/Ticket"));
    expect(search?.url.searchParams.get("criteria[0][field]")).toBe("19");
    expect(search?.url.searchParams.get("criteria[0][value]")).toBe("2026-11-06 08:59:59");
    expect(report).toMatchObject({ pages: 1, inserted: 0, updated: 1, rejected: 1, cursor: "2026-11-07 10:00:00" });
    const id = (
      await t.app.db.query<{ id: number }>("SELECT id FROM tickets WHERE source = 'glpi' AND external_id = '2'")
    )[0]?.id;
    expect(resolved).toEqual([[Number(id)]]);
    const n = await t.app.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM tickets WHERE source = 'glpi'");
    expect(Number(n[0]?.n)).toBe(3);
  });

  it("reports a refused user token clearly, without retrying, and records the failure", async () => {
    const { waits, sleep } = recordingSleep();
    const failures: string[] = [];
    const error = await runSync(t.app, glpiConnector(settings("bad"), { sleep }), {
      onFailure: async (name, e) => void failures.push(`${name}: ${e.message}`),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).failure).toBe("auth");
    expect(waits).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain("glpi: ");
    expect(failures[0]).toContain("HTTP 401");
    const state = await t.app.repos.syncCursors.read("glpi");
    expect(state).toMatchObject({ status: "failed", cursor: "2026-11-07 10:00:00" });
    expect(state?.error).toContain("refused the credentials");
  });
});
