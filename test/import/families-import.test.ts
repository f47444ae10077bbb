import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.js";
import { importFamily, type TableFamilyName } from "../../src/import/families/index.js";
import type { Db } from "../../src/store/db.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { tempDir } from "./fixtures.js";

const ZONE = "Europe/Paris"; // CEST (+02:00) until 2026-10-25, CET (+01:00) after

/** Rows of a table (id left out), instants as ISO strings, booleans as 0/1, ordered by `order`. */
async function rows(db: Db, table: string, columns: string, order: string): Promise<Record<string, unknown>[]> {
  const found = await db.query(`SELECT ${columns} FROM "${table}" ORDER BY ${order}`);
  return found.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        v instanceof Date ? v.toISOString() : typeof v === "boolean" ? Number(v) : v,
      ]),
    ),
  );
}

describe.each(await testProviders())("family imports on %s", (provider) => {
  let t: TestApp;
  let db: Db;
  let dir: ReturnType<typeof tempDir>;
  const run = (name: TableFamilyName, file: string) =>
    importFamily({ repos: t.app.repos, clock: fixedClock(new Date("2026-11-28T12:00:00Z")) }, name, file, {
      timezone: ZONE,
    });

  beforeAll(async () => {
    t = await createTestApp(provider);
    db = t.app.db;
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    for (const table of [
      "cost_lines",
      "asset_counts",
      "staff_allocations",
      "time_entries",
      "portal_usage",
      "changes",
      "shadow_it_findings",
    ])
      await db.execute(`DELETE FROM "${table}"`);
    dir?.remove();
    dir = tempDir();
  });

  it("costs: `;` file, calendar and French dates in the zone, decimal commas, default period end and currency", async () => {
    const file = dir.write(
      "costs.csv",
      "period_start;period_end;category;service;actual;budget;currency\n" +
        "2026-10-01;;infrastructure;;1 234,56;1500;\n" +
        "01/11/2026;30/11/2026;Service_Desk;Messagerie;800;;usd\n",
    );
    const s = await run("costs", file);
    expect(s).toMatchObject({ rows: 2, inserted: 2, rejected: 0 });
    expect(
      await rows(
        db,
        "cost_lines",
        "period_start, period_end, category, service, actual, budget, currency",
        "period_start",
      ),
    ).toEqual([
      {
        period_start: "2026-09-30T22:00:00.000Z",
        period_end: "2026-10-31T23:00:00.000Z",
        category: "infrastructure",
        service: "",
        actual: 1234.56,
        budget: 1500,
        currency: "EUR",
      },
      {
        period_start: "2026-10-31T23:00:00.000Z",
        period_end: "2026-11-29T23:00:00.000Z",
        category: "service_desk",
        service: "Messagerie",
        actual: 800,
        budget: null,
        currency: "USD",
      },
    ]);
    const again = await run("costs", file);
    expect(again).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
    // One changed amount on the same natural key is an update, not a new line.
    dir.write(
      "costs.csv",
      "period_start;period_end;category;service;actual;budget;currency\n2026-10-01;;infrastructure;;1300;1500;EUR\n",
    );
    expect(await run("costs", file)).toMatchObject({ inserted: 0, updated: 1 });
    expect((await rows(db, "cost_lines", "actual", "period_start"))[0]).toEqual({ actual: 1300 });
  });

  it("assets: UTF-8 BOM, digit groups, an instant with a zone kept as is", async () => {
    const file = dir.write(
      "assets.csv",
      '\uFEFFasset_type,date,count\nserver,2026-10-31,"1 200"\nStorage,2026-10-31T12:00:00Z,40\n',
    );
    expect(await run("assets", file)).toMatchObject({ inserted: 2, rejected: 0 });
    expect(await rows(db, "asset_counts", "asset_type, date, count", "asset_type")).toEqual([
      { asset_type: "server", date: "2026-10-30T23:00:00.000Z", count: 1200 },
      { asset_type: "storage", date: "2026-10-31T12:00:00.000Z", count: 40 },
    ]);
  });

  it("staff: tab-separated, oui/non, decimal comma; time: empty person = the team", async () => {
    const staff = dir.write(
      "staff.tsv",
      "team\tdate\tfte\tservice_management_fte\tservice_desk\nDesk\t2026-01-01\t5,5\t4\toui\nOps\t2026-01-01\t3\t1.5\t\n",
    );
    expect(await run("staff", staff)).toMatchObject({ inserted: 2, rejected: 0 });
    expect(
      await rows(db, "staff_allocations", "team, date, fte, service_management_fte, service_desk", "team"),
    ).toEqual([
      { team: "Desk", date: "2025-12-31T23:00:00.000Z", fte: 5.5, service_management_fte: 4, service_desk: 1 },
      { team: "Ops", date: "2025-12-31T23:00:00.000Z", fte: 3, service_management_fte: 1.5, service_desk: 0 },
    ]);
    const time = dir.write(
      "time.csv",
      'team,person,date,activity,hours\nDesk,,2026-03-02,incidents,7.5\nDesk,alice,2026-03-02,Projects,"2,25"\n',
    );
    expect(await run("time", time)).toMatchObject({ inserted: 2, rejected: 0 });
    expect(await rows(db, "time_entries", "team, person, date, activity, hours", "person")).toEqual([
      { team: "Desk", person: "", date: "2026-03-01T23:00:00.000Z", activity: "incidents", hours: 7.5 },
      { team: "Desk", person: "alice", date: "2026-03-01T23:00:00.000Z", activity: "projects", hours: 2.25 },
    ]);
    expect(await run("time", time)).toMatchObject({ unchanged: 2, inserted: 0 });
  });

  it("portal, changes and shadow-it: exact values", async () => {
    const portal = dir.write(
      "portal.csv",
      "date,granularity,users,sessions,mobile_sessions,population\n2026-10-01,month,800,2500,300,1000\n2026-10-15,day,50,60,10,1000\n",
    );
    expect(await run("portal", portal)).toMatchObject({ inserted: 2, rejected: 0 });
    expect(
      await rows(db, "portal_usage", "date, granularity, users, sessions, mobile_sessions, population", "date"),
    ).toEqual([
      {
        date: "2026-09-30T22:00:00.000Z",
        granularity: "month",
        users: 800,
        sessions: 2500,
        mobile_sessions: 300,
        population: 1000,
      },
      {
        date: "2026-10-14T22:00:00.000Z",
        granularity: "day",
        users: 50,
        sessions: 60,
        mobile_sessions: 10,
        population: 1000,
      },
    ]);
    const changes = dir.write(
      "changes.csv",
      "external_id,kind,title,service,deployed_at,outcome\nCHG-1,feature,New portal,portal,31/10/2026 14:05,success\nCHG-2,emergency,,,2026-10-31T15:00:00+01:00,rolled_back\n",
    );
    expect(await run("changes", changes)).toMatchObject({ inserted: 2, rejected: 0 });
    expect(
      await rows(db, "changes", "source, external_id, kind, title, service, deployed_at, outcome", "external_id"),
    ).toEqual([
      {
        source: "csv",
        external_id: "CHG-1",
        kind: "feature",
        title: "New portal",
        service: "portal",
        deployed_at: "2026-10-31T13:05:00.000Z",
        outcome: "success",
      },
      {
        source: "csv",
        external_id: "CHG-2",
        kind: "emergency",
        title: null,
        service: null,
        deployed_at: "2026-10-31T14:00:00.000Z",
        outcome: "rolled_back",
      },
    ]);
    const shadow = dir.write(
      "shadow.csv",
      'external_id,name,discovered_at,status,resolved_at,yearly_cost_avoided\nSH-1,Dropbox perso,2026-01-15,controlled,2026-03-01,"12 000,50"\nSH-2,Trello,2026-02-01,discovered,,\n',
    );
    expect(await run("shadow-it", shadow)).toMatchObject({ inserted: 2, rejected: 0 });
    expect(
      await rows(
        db,
        "shadow_it_findings",
        "external_id, name, discovered_at, status, resolved_at, yearly_cost_avoided",
        "external_id",
      ),
    ).toEqual([
      {
        external_id: "SH-1",
        name: "Dropbox perso",
        discovered_at: "2026-01-14T23:00:00.000Z",
        status: "controlled",
        resolved_at: "2026-02-28T23:00:00.000Z",
        yearly_cost_avoided: 12000.5,
      },
      {
        external_id: "SH-2",
        name: "Trello",
        discovered_at: "2026-01-31T23:00:00.000Z",
        status: "discovered",
        resolved_at: null,
        yearly_cost_avoided: 0,
      },
    ]);
  });

  it("broken rows: line, field and reason in the summary and in the report beside the file", async () => {
    const file = dir.write(
      "broken.csv",
      "team,date,fte,service_management_fte,service_desk\n" +
        "Desk,2026-01-01,2,3,\n" + // line 2: more SM FTE than FTE
        "Ops,31/02/2026,1,1,\n" + // line 3: no 31 February
        "Net,2026-01-01,abc,1,peut-être\n" + // line 4: two bad cells
        "Good,2026-01-01,1,1,non\n",
    );
    const s = await run("staff", file);
    expect(s).toMatchObject({ rows: 4, inserted: 1, rejected: 3 });
    expect(s.rejections).toEqual([
      { line: 2, reason: "service_management_fte: 3 is more than fte 2" },
      { line: 3, reason: 'date: "31/02/2026" is not a valid date and time' },
      { line: 4, reason: 'fte: must be a number ≥ 0, got "abc"; service_desk: must be true or false, got "peut-être"' },
    ]);
    expect(s.reportPath).toBe(dir.path("broken.rejected.csv"));
    const report = readFileSync(dir.path("broken.rejected.csv"), "utf8").split("\n");
    expect(report[0]).toBe("line,reason,team,date,fte,service_management_fte,service_desk");
    expect(report[1]).toBe("2,service_management_fte: 3 is more than fte 2,Desk,2026-01-01,2,3,");

    const portal = dir.write(
      "portal.csv",
      "date,granularity,users,sessions,mobile_sessions,population\n2026-10-15,month,1,1,0,10\n2026-10-01,week,1,1,0,10\n",
    );
    expect((await run("portal", portal)).rejections).toEqual([
      {
        line: 2,
        reason:
          "date: a month row must be dated 2026-10-01 (the first instant of the month in Europe/Paris), got 2026-10-15 00:00",
      },
      { line: 3, reason: 'granularity: must be one of month, day, got "week"' },
    ]);
    const shadow = dir.write(
      "shadow.csv",
      "external_id,name,discovered_at,status,resolved_at,yearly_cost_avoided\nSH-9,X,2026-01-01,retired,,\n",
    );
    expect((await run("shadow-it", shadow)).rejections).toEqual([
      { line: 2, reason: "resolved_at: is required when status is retired" },
    ]);
  });

  it("JSON arrays and NDJSON (by extension): fields in any order, absent fields empty, numbers as numbers", async () => {
    const json = dir.write(
      "costs.json",
      JSON.stringify([
        { category: "software", period_start: "2026-10-01", actual: 99.5 },
        { category: "network", period_start: "2026-10-01", actual: "1 000,25", budget: 900, service: "WAN" },
        { category: "nope", period_start: "2026-10-01", actual: 1 },
      ]),
    );
    const s = await run("costs", json);
    expect(s).toMatchObject({ rows: 3, inserted: 2, rejected: 1 });
    expect(s.rejections).toEqual([
      {
        line: 3,
        reason:
          'category: must be one of workstation, infrastructure, service_desk, software, network, telecom, projects, other, got "nope"',
      },
    ]);
    expect(await rows(db, "cost_lines", "category, service, actual, budget", "category")).toEqual([
      { category: "network", service: "WAN", actual: 1000.25, budget: 900 },
      { category: "software", service: "", actual: 99.5, budget: null },
    ]);
    const nd = dir.write(
      "time.ndjson",
      '{"team":"Desk","date":"2026-05-04","activity":"changes","hours":3}\n\n{"team":"Ops","date":"2026-05-04","activity":"other","hours":1,"extra":1}\n{bad json\n',
    );
    const n = await run("time", nd);
    expect(n).toMatchObject({ rows: 3, inserted: 1, rejected: 2 });
    expect(n.rejections.map((r) => r.line)).toEqual([3, 4]);
    expect(n.rejections[0]?.reason).toBe('unknown field(s) "extra" (not in the first record)');
    expect(n.rejections[1]?.reason).toMatch(/^JSON syntax error: /);
    expect(await rows(db, "time_entries", "team, person, date, activity, hours", "team")).toEqual([
      { team: "Desk", person: "", date: "2026-05-03T22:00:00.000Z", activity: "changes", hours: 3 },
    ]);
  });
});
