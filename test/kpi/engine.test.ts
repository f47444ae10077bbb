import { describe, expect, it } from "vitest";
import { toKpiJson } from "../../src/kpi/json.js";
import { testProviders } from "../helpers/databases.js";
import { coverFrom2010, insert, insertTickets, useKpiApp } from "./fixtures.js";

describe.each(await testProviders())("trend, projection and JSON on %s", (provider) => {
  const k = useKpiApp(provider);

  it("projects the next month from a least-squares fit of the 6 months", async () => {
    // Successful feature deployments May..Oct 2026: 1, 1, 2, 2, 3, 3 (on the 15th, midday UTC).
    const counts = [1, 1, 2, 2, 3, 3];
    const rows = counts.flatMap((n, m) =>
      Array.from({ length: n }, (_, i) => ({
        external_id: `M${m}-${i}`,
        kind: "feature",
        outcome: "success",
        deployed_at: `2026-${String(5 + m).padStart(2, "0")}-15T12:00:00Z`,
      })),
    );
    await insert(k.t.app.db, "changes", rows);
    const r = await k.ask({ kpi: "deployments" });
    expect(r.series.map((p) => p.value)).toEqual(counts);
    // x̄ = 2.5, ȳ = 2, slope = 8 / 17.5 → 2 + 0.4571 × 3.5 = 3.6 for November.
    expect(r.projection?.label).toBe("2026-11");
    expect(r.projection?.value).toBeCloseTo(3.6, 9);
  });

  it("toKpiJson gives the --json shape: ISO periods, previous, target, status, series, breakdown rows", async () => {
    await insertTickets(k.t.app.db, [
      { id: "J1", opened: "2026-10-01T08:00:00Z", resolved: "2026-10-01T10:00:00Z", fcr: true, group: "A" },
      { id: "J2", opened: "2026-10-02T08:00:00Z", resolved: "2026-10-02T10:00:00Z", fcr: false, group: "B" },
      { id: "J3", opened: "2026-09-02T08:00:00Z", resolved: "2026-09-02T10:00:00Z", fcr: true, group: "A" },
    ]);
    // The ticket data starts long before September: September and October compare (docs/numbers.md).
    await coverFrom2010(k.t.app.db, "tickets");
    const json = toKpiJson(await k.ask({ kpi: "fcr", breakdown: "group" }));
    // Survives a JSON round trip unchanged (plain data only).
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json).toMatchObject({
      kpi: "fcr",
      value: 50,
      n: 2,
      unit: "percent",
      period: { label: "2026-10", start: "2026-09-30T22:00:00.000Z", end: "2026-10-31T23:00:00.000Z" },
      previous: { label: "2026-09", value: 100, n: 1 },
      change: -50,
      target: 70,
      status: "off_target",
      timezone: "Europe/Paris",
      breakdownDimension: "group",
    });
    expect(json.series).toHaveLength(6);
    expect(json.series[5]).toMatchObject({ label: "2026-10", value: 50, n: 2, start: "2026-09-30T22:00:00.000Z" });
    expect(json.breakdown?.map((b) => ({ key: b.key, value: b.value, n: b.n }))).toEqual([
      { key: "A", value: 100, n: 1 },
      { key: "B", value: 0, n: 1 },
    ]);
  });
});
