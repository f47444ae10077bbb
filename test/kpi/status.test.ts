import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Agg, ratioAgg, sumAgg } from "../../src/kpi/aggregate.js";
import { impactOf } from "../../src/kpi/breakdown.js";
import { CALCULATORS } from "../../src/kpi/calculators/index.js";
import { findKpi, KPI_DEFINITIONS } from "../../src/kpi/definitions.js";
import { changeOf, projectNext, resolveTarget, statusOf } from "../../src/kpi/status.js";

describe("statusOf", () => {
  it("up: on target at or above, watch within 10 % below, off below that", () => {
    expect(statusOf(95, 95, "up")).toBe("on_target");
    expect(statusOf(85.5, 95, "up")).toBe("watch"); // 95 − 9.5
    expect(statusOf(85.4, 95, "up")).toBe("off_target");
  });

  it("down: symmetric", () => {
    expect(statusOf(24, 24, "down")).toBe("on_target");
    expect(statusOf(26.4, 24, "down")).toBe("watch"); // 24 + 2.4
    expect(statusOf(26.5, 24, "down")).toBe("off_target");
  });

  it("band: on target within 95–105, watch within 90–110", () => {
    expect(statusOf(95, 100, "band", 5)).toBe("on_target");
    expect(statusOf(105, 100, "band", 5)).toBe("on_target");
    expect(statusOf(94, 100, "band", 5)).toBe("watch");
    expect(statusOf(110, 100, "band", 5)).toBe("watch");
    expect(statusOf(111, 100, "band", 5)).toBe("off_target");
  });

  it("no value → no_data; no target or no direction → no_target", () => {
    expect(statusOf(null, 95, "up")).toBe("no_data");
    expect(statusOf(null, null, "none")).toBe("no_data");
    expect(statusOf(10, null, "down")).toBe("no_target");
    expect(statusOf(10, 5, "none")).toBe("no_target");
  });
});

describe("changeOf", () => {
  it("points for percentages and NPS points, relative % otherwise", () => {
    expect(changeOf("percent", 60, 50)).toBe(10);
    expect(changeOf("points", -5, 10)).toBe(-15);
    expect(changeOf("hours", 15, 20)).toBe(-25);
    expect(changeOf("tickets", 3, 2)).toBe(50);
    expect(changeOf("tickets", 3, 0)).toBeNull();
    expect(changeOf("percent", null, 50)).toBeNull();
  });
});

describe("projectNext", () => {
  it("extends the least-squares line one step", () => {
    expect(projectNext([1, 2, 3, 4, 5, 6])).toBeCloseTo(7, 9);
    // x̄ = 2.5, ȳ = 2, Σ(x−x̄)(y−ȳ) = 8, Σ(x−x̄)² = 17.5 → 2 + (8 / 17.5) × 3.5 = 3.6.
    expect(projectNext([1, 1, 2, 2, 3, 3])).toBeCloseTo(3.6, 9);
    expect(projectNext([5, 5, 5, 5, 5, 5])).toBeCloseTo(5, 9);
    expect(projectNext([1, 2, null, 4, 5, 6])).toBeNull();
  });
});

describe("resolveTarget", () => {
  const fcr = findKpi("fcr");
  if (!fcr) throw new Error("fcr missing");
  it("breakdown override, then KPI override, then the catalog default", () => {
    const overrides = [
      { kpi: "fcr", dimension: "", dimValue: "", target: 65 },
      { kpi: "fcr", dimension: "group", dimValue: "A", target: 50 },
      { kpi: "sla", dimension: "", dimValue: "", target: 99 },
    ];
    expect(resolveTarget(fcr, [])).toBe(70);
    expect(resolveTarget(fcr, overrides)).toBe(65);
    expect(resolveTarget(fcr, overrides, { dimension: "group", key: "A" })).toBe(50);
    expect(resolveTarget(fcr, overrides, { dimension: "group", key: "B" })).toBe(65);
  });
});

describe("impactOf", () => {
  const group = fc.record({
    num: fc.integer({ min: 0, max: 50 }),
    extra: fc.integer({ min: 0, max: 50 }),
  });
  const toAgg = (g: { num: number; extra: number }): Agg => ratioAgg(g.num, g.num + g.extra, g.num + g.extra, 100);

  it("the impacts of all groups add up to the overall change (ratios)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(group, group), { minLength: 1, maxLength: 6 }), (groups) => {
        const sum = (pick: (a: Agg) => number, i: 0 | 1) => groups.reduce((s, g) => s + pick(toAgg(g[i])), 0);
        const before = ratioAgg(
          sum((a) => a.num, 0),
          sum((a) => a.den ?? 0, 0),
          0,
          100,
        );
        const now = ratioAgg(
          sum((a) => a.num, 1),
          sum((a) => a.den ?? 0, 1),
          0,
          100,
        );
        if (before.value === null || now.value === null) return;
        const total = groups.reduce(
          (s, g) => s + (impactOf({ now: toAgg(g[1]), before: toAgg(g[0]) }, { now, before }) ?? Number.NaN),
          0,
        );
        expect(total).toBeCloseTo(now.value - before.value, 6);
      }),
    );
  });

  it("a group at the overall level in both periods moves nothing, whatever its size", () => {
    // Before: 50 % overall (group 10/20, other 5/10); now the group doubles at 50 %, the other stays.
    const g = { before: ratioAgg(10, 20, 20, 100), now: ratioAgg(20, 40, 40, 100) };
    const overall = { before: ratioAgg(15, 30, 30, 100), now: ratioAgg(25, 50, 50, 100) };
    expect(impactOf(g, overall)).toBeCloseTo(0, 12);
  });

  it("additive KPIs: the group's own change; unknown when a side has no data", () => {
    expect(impactOf({ now: sumAgg(5, 5), before: sumAgg(2, 2) }, { now: sumAgg(9, 9), before: sumAgg(4, 4) })).toBe(3);
    expect(
      impactOf({ now: sumAgg(5, 5), before: sumAgg(0, 0) }, { now: sumAgg(5, 5), before: sumAgg(0, 0) }),
    ).toBeNull();
  });
});

describe("catalog", () => {
  it("has the 28 KPIs of KPIS.md (2 SLA, 10 technical, 5 financial, 4 organisational, 3 adherence, 4 perception), each with a computation covering its dimensions", () => {
    expect(KPI_DEFINITIONS).toHaveLength(28);
    for (const def of KPI_DEFINITIONS) {
      const calc = CALCULATORS[def.id];
      expect(calc, def.id).toBeDefined();
      for (const dim of def.dimensions) expect(calc?.dims[dim], `${def.id} by ${dim}`).toBeDefined();
      if (def.dimensions.length > 0) expect(calc?.breakdown, def.id).toBeDefined();
      if (def.distribution) expect(calc?.distribution, def.id).toBeDefined();
    }
    expect(Object.keys(CALCULATORS).sort()).toEqual(KPI_DEFINITIONS.map((d) => d.id).sort());
  });
});
