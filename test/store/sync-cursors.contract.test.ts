import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncCursorRepository } from "../../src/store/repositories.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const LEASE = 30 * 60_000;

describe.each(await testProviders())("sync cursor repository on %s", (provider) => {
  let t: TestApp;
  let cursors: SyncCursorRepository;
  beforeAll(async () => {
    t = await createTestApp(provider);
    cursors = t.app.repos.syncCursors;
  });
  afterAll(async () => t.close());

  it("absent before the first write; partial writes keep the other fields; nulls clear", async () => {
    expect(await cursors.read("glpi")).toBeNull();
    const now = new Date("2026-11-20T12:00:00.123Z");
    await cursors.write("glpi", { cursor: "2026-11-20 11:00:00", status: "done" }, now);
    expect(await cursors.read("glpi")).toEqual({
      connector: "glpi",
      cursor: "2026-11-20 11:00:00",
      status: "done",
      error: null,
      lastRunAt: null,
    });
    await cursors.write("glpi", { status: "failed", error: "HTTP 500" }, now);
    expect(await cursors.read("glpi")).toMatchObject({
      cursor: "2026-11-20 11:00:00",
      status: "failed",
      error: "HTTP 500",
    });
    await cursors.write("glpi", { error: null, lastRunAt: now }, now);
    const state = await cursors.read("glpi");
    expect(state?.error).toBeNull();
    expect(state?.lastRunAt?.getTime()).toBe(now.getTime());
    // Another connector is another row.
    expect(await cursors.read("jira")).toBeNull();
  });

  it("claim: one run at a time per connector, a lapsed lease is taken over, a finished run frees it", async () => {
    const now = new Date("2026-11-21T08:00:00Z");
    expect(await cursors.claim("servicenow", now, LEASE)).toBe(true);
    expect(await cursors.read("servicenow")).toMatchObject({ status: "running" });
    expect(await cursors.claim("servicenow", new Date(now.getTime() + LEASE - 1), LEASE)).toBe(false);
    expect(await cursors.claim("jira", now, LEASE)).toBe(true);
    const later = new Date(now.getTime() + LEASE + 1);
    expect(await cursors.claim("servicenow", later, LEASE)).toBe(true);
    expect((await cursors.read("servicenow"))?.lastRunAt?.getTime()).toBe(later.getTime());
    await cursors.write("servicenow", { status: "done" }, later);
    expect(await cursors.claim("servicenow", later, LEASE)).toBe(true);
  });

  it("concurrent claims of one connector let exactly one through", async () => {
    const now = new Date("2026-11-22T08:00:00Z");
    const results = await Promise.all(Array.from({ length: 6 }, () => cursors.claim("glpi-race", now, LEASE)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
