import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { glpiConnector } from "../../src/sync/glpi.js";
import { runSync } from "../../src/sync/run.js";
import { serviceNowConnector } from "../../src/sync/servicenow.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { fakeTool } from "./fake-server.js";

// A busy tool: while kpibot pages through it, someone edits a record it has already read. The record moves to
// the end of the modification-time order, which shifts every later record one place back: with a growing
// offset, the record just after the first page would never be read (and not again until it changes).

const at = (n: number) => `2026-11-0${n} 09:00:00`;

describe.each(await testProviders())("a record edited during a sync on %s", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => t.close());

  const stored = async (source: string) =>
    (
      await t.app.db.query<{ external_id: string; title: string }>(
        "SELECT external_id, title FROM tickets WHERE source = ? ORDER BY external_id",
        [source],
      )
    ).map((r) => `${r.external_id}:${r.title}`);

  it("ServiceNow: every record is read once the first page's record moves to the end", async () => {
    const records = [1, 2, 3, 4, 5, 6].map((n) => ({
      sys_id: `s${n}`,
      number: `INC${n}`,
      short_description: `v1 ${n}`,
      opened_at: at(1),
      sys_updated_on: at(n),
    }));
    let pages = 0;
    const tool = await fakeTool(({ url }) => {
      const since = /sys_updated_on>=([^^]+)\^/.exec(url.searchParams.get("sysparm_query") ?? "")?.[1];
      const rows = records
        .filter((r) => since === undefined || r.sys_updated_on >= since)
        .sort((a, b) => a.sys_updated_on.localeCompare(b.sys_updated_on) || a.sys_id.localeCompare(b.sys_id));
      const offset = Number(url.searchParams.get("sysparm_offset"));
      // Copies: the page is what the tool answered before the edit below.
      const page = rows.slice(offset, offset + Number(url.searchParams.get("sysparm_limit"))).map((r) => ({ ...r }));
      if (++pages === 1) Object.assign(records[0] as object, { short_description: "v2 1", sys_updated_on: at(9) });
      return { headers: { "x-total-count": String(rows.length) }, body: { result: page } };
    });
    try {
      const connector = serviceNowConnector(
        { url: tool.url, user: "u", password: "p", table: "incident" },
        { pageSize: 2 },
      );
      const report = await runSync(t.app, connector);
      expect(await stored("servicenow")).toEqual([
        "INC1:v2 1",
        "INC2:v1 2",
        "INC3:v1 3",
        "INC4:v1 4",
        "INC5:v1 5",
        "INC6:v1 6",
      ]);
      expect(report).toMatchObject({ inserted: 6, updated: 1, cursor: at(9) });
    } finally {
      await tool.close();
    }
  });

  it("GLPI: the same with range paging on date_mod", async () => {
    const rows = [1, 2, 3, 4, 5, 6].map((n) => ({ 2: n, 1: `v1 ${n}`, 14: 1, 15: at(1), 19: at(n) }));
    let pages = 0;
    const tool = await fakeTool(({ url }) => {
      if (url.pathname.endsWith("/initSession")) return { body: { session_token: "s" } };
      if (url.pathname.endsWith("/killSession")) return { body: {} };
      const after = url.searchParams.get("criteria[0][value]");
      const matching = rows
        .filter((r) => after === null || r[19] > after)
        .sort((a, b) => a[19].localeCompare(b[19]) || a[2] - b[2]);
      const [from, to] = (url.searchParams.get("range") ?? "0-1").split("-").map(Number) as [number, number];
      const data = matching.slice(from, to + 1).map((r) => ({ ...r }));
      if (++pages === 1) Object.assign(rows[0] as object, { 1: "v2 1", 19: at(9) });
      return {
        headers: { "content-range": `${from}-${from + data.length - 1}/${matching.length}` },
        body: { totalcount: matching.length, data },
      };
    });
    try {
      const connector = glpiConnector(
        { url: `${tool.url}/apirest.php`, appToken: "a", userToken: "u", timezone: "UTC" },
        { pageSize: 2 },
      );
      const report = await runSync(t.app, connector);
      expect(report).toMatchObject({ inserted: 6, updated: 1, cursor: at(9) });
      expect(await stored("glpi")).toEqual(["1:v2 1", "2:v1 2", "3:v1 3", "4:v1 4", "5:v1 5", "6:v1 6"]);
    } finally {
      await tool.close();
    }
  });
});
