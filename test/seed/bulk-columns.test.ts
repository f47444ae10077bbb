import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRows } from "../../src/store/bulk-columns.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const AWKWARD = [`O'Brien "quoted" \\back\\slash {brace}, comma`, "NULL", "", "Réseau — été ☀"];

describe.each(await testProviders())("writeRows on %s", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("round-trips awkward text, exact milliseconds, nulls, floats and booleans", async () => {
    const at = Date.UTC(2025, 0, 1, 0, 0, 0, 123);
    const written = await t.app.db.transaction((tx) =>
      writeRows(
        tx,
        "shadow_it_findings",
        [
          { name: "external_id", type: "text" },
          { name: "name", type: "text" },
          { name: "discovered_at", type: "instant" },
          { name: "status", type: "text" },
          { name: "resolved_at", type: "instant" },
          { name: "yearly_cost_avoided", type: "float" },
        ],
        AWKWARD.map((name, i) => [`X${i}`, name, at + i, "discovered", i === 0 ? null : at + 86_400_000, 1234.5 + i]),
      ),
    );
    expect(written).toBe(AWKWARD.length);
    const rows = await t.app.db.query<{ n: string; d: Date; r: Date | null; y: number }>(
      `SELECT "name" AS n, "discovered_at" AS d, "resolved_at" AS r, "yearly_cost_avoided" AS y
         FROM "shadow_it_findings" ORDER BY "external_id"`,
    );
    expect(rows.map((r) => r.n)).toEqual(AWKWARD);
    expect(rows.map((r) => new Date(r.d).getTime())).toEqual(AWKWARD.map((_, i) => at + i));
    expect(rows[0]?.r).toBeNull();
    expect(new Date(rows[1]?.r ?? 0).toISOString()).toBe("2025-01-02T00:00:00.123Z");
    expect(rows.map((r) => r.y)).toEqual([1234.5, 1235.5, 1236.5, 1237.5]);

    await t.app.db.transaction((tx) =>
      writeRows(
        tx,
        "staff_allocations",
        [
          { name: "team", type: "text" },
          { name: "date", type: "instant" },
          { name: "fte", type: "float" },
          { name: "service_management_fte", type: "float" },
          { name: "service_desk", type: "bool" },
        ],
        [
          ["desk", at, 8, 8, true],
          ["infra", at, 5, 2.5, false],
        ],
      ),
    );
    const desk = await t.app.db.query<{ team: string }>(
      `SELECT "team" FROM "staff_allocations" WHERE "service_desk" ORDER BY "team"`,
    );
    expect(desk.map((r) => r.team)).toEqual(["desk"]);
  });
});
