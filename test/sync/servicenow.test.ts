import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSync } from "../../src/sync/run.js";
import { serviceNowConnector } from "../../src/sync/servicenow.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { type Answer, fakeTool, recordingSleep } from "./fake-server.js";

const inc = (n: number, extra: Record<string, string> = {}) => ({
  sys_id: `sys${n}`,
  number: `INC00${n}`,
  short_description: `Incident ${n}`,
  priority: "3",
  contact_type: "email",
  "assignment_group.name": "Service Desk",
  opened_at: `2026-11-0${n} 08:00:00`,
  resolved_at: "",
  closed_at: "",
  reopen_count: "0",
  reassignment_count: "",
  made_sla: "",
  sla_due: "",
  sys_updated_on: `2026-11-0${n} 09:00:00`,
  ...extra,
});
const RECORDS = [
  // Resolved by the service desk without reassignment (FCR), but ServiceNow says the SLA was missed.
  inc(1, {
    priority: "1",
    contact_type: "phone",
    resolved_at: "2026-11-01 09:00:00",
    reassignment_count: "0",
    made_sla: "false",
    sla_due: "2026-11-01 12:00:00",
  }),
  // Open, reassigned twice to a level-2 group: level 2, FCR unknown until resolved.
  inc(2, {
    priority: "5",
    contact_type: "self-service",
    "assignment_group.name": "Network L2",
    reassignment_count: "2",
    made_sla: "true",
  }),
  inc(3, { opened_at: "yesterday" }),
  inc(4),
  inc(5),
  inc(6),
];
const AUTH = `Basic ${Buffer.from("kpibot:pw").toString("base64")}`;

/** A Table API that filters on sys_updated_on>=, pages with limit/offset, can throttle once and fail after some pages. */
async function serviceNow(control: { throttleOnce: boolean; pagesBeforeFailing: number | null }) {
  let served = 0;
  return fakeTool(({ url, headers }): Answer => {
    if (headers.authorization !== AUTH)
      return {
        status: 401,
        body: {
          error: { message: "User Not Authenticated", detail: "Required to provide Auth information" },
          status: "failure",
        },
      };
    if (control.throttleOnce) {
      control.throttleOnce = false;
      return { status: 429, headers: { "retry-after": "2" }, body: { error: { message: "Rate limit exceeded" } } };
    }
    const offset = Number(url.searchParams.get("sysparm_offset"));
    const limit = Number(url.searchParams.get("sysparm_limit"));
    if (control.pagesBeforeFailing !== null && served >= control.pagesBeforeFailing)
      return { status: 500, body: { error: { message: "Internal error" } } };
    served++;
    const since = /sys_updated_on>=([^^]+)\^/.exec(url.searchParams.get("sysparm_query") ?? "")?.[1];
    const rows = RECORDS.filter((r) => since === undefined || r.sys_updated_on >= since);
    return { headers: { "x-total-count": String(rows.length) }, body: { result: rows.slice(offset, offset + limit) } };
  });
}

describe.each(await testProviders())("ServiceNow sync on %s", (provider) => {
  let t: TestApp;
  const control = { throttleOnce: true, pagesBeforeFailing: 2 as number | null };
  let tool: Awaited<ReturnType<typeof serviceNow>>;
  const connector = (sleep: (ms: number) => Promise<void>) =>
    serviceNowConnector(
      { url: tool.url, user: "kpibot", password: "pw", table: "incident" },
      { pageSize: 2, sleep, attempts: 2, baseDelayMs: 50 },
    );
  const count = async () =>
    (
      await t.app.db.query<{ n: number; d: number }>(
        "SELECT COUNT(*) AS n, COUNT(DISTINCT external_id) AS d FROM tickets",
      )
    )[0];
  beforeAll(async () => {
    t = await createTestApp(provider);
    tool = await serviceNow(control);
  });
  afterAll(async () => {
    await tool.close();
    await t.close();
  });

  it("waits out a 429, keeps the pages committed before a server failing halfway, and reports the failure", async () => {
    const { waits, sleep } = recordingSleep();
    const failures: string[] = [];
    const error = await runSync(t.app, connector(sleep), {
      onFailure: async (name, e) => void failures.push(`${name}: ${e.message}`),
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(waits).toEqual([2000, 50]); // Retry-After, then one backoff before giving up on the 500
    expect(failures).toEqual([expect.stringContaining("servicenow: ")]);
    expect(failures[0]).toContain("HTTP 500");
    expect(await count()).toEqual({ n: 3, d: 3 }); // INC001, INC002, INC004 (INC003 rejected)
    expect(await t.app.repos.syncCursors.read("servicenow")).toMatchObject({
      status: "failed",
      cursor: "2026-11-04 09:00:00",
    });
    const first = tool.requests[1]?.url.searchParams;
    expect(first?.get("sysparm_query")).toBe("ORDERBYsys_updated_on^ORDERBYsys_id");
    expect(first?.get("sysparm_fields")).toContain("assignment_group.name");
    expect(first?.get("sysparm_fields")).toContain("made_sla");
    const rows = await t.app.db.query<Record<string, unknown>>(
      "SELECT external_id, priority, channel, group_name, support_level, first_contact_resolution, sla_met, resolution_due_at FROM tickets ORDER BY external_id",
    );
    // Booleans read back as 0/1 on SQLite: compare as booleans; instants as ISO text.
    const plain = (r: Record<string, unknown>) => ({
      ...r,
      first_contact_resolution: r.first_contact_resolution === null ? null : Boolean(r.first_contact_resolution),
      sla_met: r.sla_met === null ? null : Boolean(r.sla_met),
      resolution_due_at: r.resolution_due_at instanceof Date ? r.resolution_due_at.toISOString() : r.resolution_due_at,
    });
    const base = { first_contact_resolution: null, sla_met: null, resolution_due_at: null };
    expect(rows.map(plain)).toEqual([
      {
        external_id: "INC001",
        priority: 1,
        channel: "phone",
        group_name: "Service Desk",
        support_level: 1,
        first_contact_resolution: true,
        sla_met: false,
        resolution_due_at: "2026-11-01T12:00:00.000Z",
      },
      {
        ...base,
        external_id: "INC002",
        priority: 4,
        channel: "portal",
        group_name: "Network L2",
        support_level: 2,
        sla_met: true,
      },
      { ...base, external_id: "INC004", priority: 3, channel: "email", group_name: "Service Desk", support_level: 1 },
    ]);
  });

  it("the next sync resumes from the stored cursor without duplicating tickets", async () => {
    control.pagesBeforeFailing = null;
    tool.requests.length = 0;
    const { sleep } = recordingSleep();
    const report = await runSync(t.app, connector(sleep));
    expect(tool.requests[0]?.url.searchParams.get("sysparm_query")).toBe(
      "sys_updated_on>=2026-11-04 09:00:00^ORDERBYsys_updated_on^ORDERBYsys_id",
    );
    expect(report).toMatchObject({ inserted: 2, updated: 0, unchanged: 1, rejected: 0, cursor: "2026-11-06 09:00:00" });
    expect(await count()).toEqual({ n: 5, d: 5 });
    expect(await t.app.repos.syncCursors.read("servicenow")).toMatchObject({ status: "done", error: null });
  });

  it("--full reads everything again and changes nothing; a dry run writes nothing", async () => {
    const { sleep } = recordingSleep();
    const full = await runSync(t.app, connector(sleep), { full: true });
    expect(full).toMatchObject({ inserted: 0, updated: 0, unchanged: 5, rejected: 1 });
    const dry = await runSync(t.app, connector(sleep), { full: true, dryRun: true });
    expect(dry).toMatchObject({ inserted: 0, unchanged: 5, dryRun: true });
    expect(await count()).toEqual({ n: 5, d: 5 });
  });
});

describe.each(await testProviders())("sync claims on %s", (provider) => {
  it("refuses a second run while one holds the claim, and lets it through once the claim lapses", async () => {
    const { SYNC_LEASE_MS } = await import("../../src/sync/run.js");
    const t = await createTestApp(provider);
    const claimSync = (connector: string, at: Date) => t.app.repos.syncCursors.claim(connector, at, SYNC_LEASE_MS);
    try {
      const now = new Date("2026-11-20T12:00:00Z");
      expect(await claimSync("glpi", now)).toBe(true);
      expect(await claimSync("glpi", new Date(now.getTime() + 60_000))).toBe(false);
      expect(await claimSync("jira", now)).toBe(true);
      expect(await claimSync("glpi", new Date(now.getTime() + SYNC_LEASE_MS + 1))).toBe(true);
      const error = await runSync(
        t.app,
        serviceNowConnector(
          { url: "http://127.0.0.1:9", user: "u", password: "p", table: "incident" },
          { attempts: 1 },
        ),
      )
        .then(() => null)
        .catch((e: unknown) => e as Error);
      expect(error?.message).not.toContain("already running");
      await claimSync("servicenow", t.app.clock.now());
      const busy = await runSync(
        t.app,
        serviceNowConnector(
          { url: "http://127.0.0.1:9", user: "u", password: "p", table: "incident" },
          { attempts: 1 },
        ),
      )
        .then(() => null)
        .catch((e: unknown) => e as Error);
      expect(busy?.message).toContain("a servicenow sync is already running");
    } finally {
      await t.close();
    }
  });
});
