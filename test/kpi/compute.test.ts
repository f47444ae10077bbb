import { beforeEach, describe, expect, it } from "vitest";
import { testProviders } from "../helpers/databases.js";
import { insertTickets, period, useKpiApp } from "./fixtures.js";
import { TICKETS } from "./ticket-fixture.js";

// The combined computations (calculator `compute`): with a breakdown, the previous and current totals come
// from the groups' sums; the backlog computes values, extras and groups in one scan and skips the ends
// before the first ticket. Same fixture as tickets.test.ts (T1..T10, October 2026, now 2026-11-15).

describe.each(await testProviders())("combined KPI computations on %s", (provider) => {
  const k = useKpiApp(provider);
  beforeEach(async () => {
    await insertTickets(k.t.app.db, TICKETS);
  });

  it("a breakdown's totals are its groups' sums, with and without the trend", async () => {
    for (const trend of [true, false]) {
      const r = await k.ask({ kpi: "mttr", breakdown: "group", trend });
      // Oct resolved: A = T1 4 h, T2 24 h; B = T3 48 h, T4 1 h, T10 1 h → mean 78/5 = 15.6 h.
      expect(r.value).toBeCloseTo(78 / 5, 9);
      expect(r.n).toBe(5);
      // Sep resolved: A = T8 2 h; B = T9 48 h → 25 h.
      expect(r.previous.value).toBeCloseTo(25, 9);
      expect(r.previous.n).toBe(2);
      const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, [b.value, b.n, b.previous]]));
      expect(rows.A?.[0]).toBeCloseTo(14, 9);
      expect(rows.B?.[0]).toBeCloseTo(50 / 3, 9);
      expect(rows.A?.slice(1)).toEqual([2, 2]);
      expect(rows.B?.slice(1)).toEqual([3, 48]);
      // Percentiles of October (T1..T4, T10: 1, 1, 4, 24, 48 h): p50 = 4 h.
      expect(r.extras.p50).toBeCloseTo(4, 9);
      expect(r.series.length).toBe(trend ? 6 : 0);
    }
    const trendless = await k.ask({ kpi: "fcr", breakdown: "group", trend: false });
    expect(trendless.value).toBeCloseTo(60, 9);
    expect(trendless.previous.value).toBeCloseTo(50, 9);
  });

  it("an additive KPI's breakdown adds up to its value", async () => {
    const r = await k.ask({ kpi: "volume", breakdown: "group", trend: false });
    // Opened in Oct: A = T1, T2, T5; B = T3, T4, T6 → 6; Sep: T7? no (Aug); T8 (A), T9 (B), T10 (B) → 3.
    expect(r.value).toBe(6);
    expect(r.previous.value).toBe(3);
    const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, [b.value, b.previous]]));
    expect(rows).toEqual({ A: [3, 1], B: [3, 2] });
  });

  it("backlog by group: counts per group at both ends, totals and the older-than-30-days count", async () => {
    const r = await k.ask({ kpi: "backlog", breakdown: "group" });
    // End of Oct: A = T5, T7; B = T6 → 3. End of Sep: A = T7; B = T10 → 2.
    expect(r.value).toBe(3);
    expect(r.previous.value).toBe(2);
    expect(r.extras.olderThan30Days).toBe(1); // T7
    const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, [b.value, b.n, b.previous]]));
    expect(rows).toEqual({ A: [2, 2, 1], B: [1, 1, 1] });
    // Ends of May..Jul are before the first ticket (T7, 15 Aug): no data.
    expect(r.series.map((p) => p.value)).toEqual([null, null, null, 1, 2, 3]);
  });

  it("backlog with a filter: a zero is a real zero only when a matching ticket existed before the end", async () => {
    const range = period("2026-09-20..2026-09-23"); // ends 24 Sep 00:00 Paris = 2026-09-23T22:00Z
    // Group B: T9 (opened 20 Sep) was resolved 22 Sep → nothing open, but B had a ticket → 0.
    const b = await k.ask({ kpi: "backlog", period: range, filters: [{ dimension: "group", value: "B" }] });
    expect(b.value).toBe(0);
    // Service Mail: its first tickets are October's → no data, although other tickets existed (T7).
    const mail = await k.ask({ kpi: "backlog", period: range, filters: [{ dimension: "service", value: "Mail" }] });
    expect(mail.value).toBeNull();
    // Group B at the end of October: T6 → 1; end of Aug: no B ticket yet → no data.
    const oct = await k.ask({ kpi: "backlog", filters: [{ dimension: "group", value: "B" }] });
    expect(oct.value).toBe(1);
    expect(oct.series.map((p) => p.value)).toEqual([null, null, null, null, 1, 1]);
  });
});
