import { beforeEach, describe, expect, it } from "vitest";
import { testProviders } from "../helpers/databases.js";
import { insertTickets, period, useKpiApp } from "./fixtures.js";
import { TICKETS } from "./ticket-fixture.js";

// The fixture (T1..T10, each with what it tests) is in ticket-fixture.ts. Now = 2026-11-15T10:00Z, Paris.
// Resolved in October: T1, T2, T3, T4, T10 (5). Opened in October: T1, T2, T3, T4, T5, T6 (6).
// Resolved in September: T8, T9 (2).

describe.each(await testProviders())("ticket KPIs on %s", (provider) => {
  const k = useKpiApp(provider);
  beforeEach(async () => {
    await insertTickets(k.t.app.db, TICKETS);
  });

  it("fcr: resolved at first contact / resolved, with the previous month and the change in points", async () => {
    const r = await k.ask({ kpi: "fcr" });
    // Oct: T1, T4, T10 at first contact (T2 false, T3 unknown) → 3/5 = 60 %.
    expect(r.value).toBeCloseTo(60, 9);
    expect(r.n).toBe(5);
    // Sep: T9 of T8, T9 → 1/2 = 50 %; change 60 − 50 = +10 points.
    expect(r.previous.period.label).toBe("2026-09");
    expect(r.previous.value).toBeCloseTo(50, 9);
    expect(r.previous.n).toBe(2);
    expect(r.change).toBeCloseTo(10, 9);
    expect(r.changeKind).toBe("points");
    // Default target 70: 60 < 70 − 7 → off target.
    expect(r.target).toBe(70);
    expect(r.status).toBe("off_target");
    expect(r.unit).toBe("percent");
  });

  it("sla: tickets without a resolution due time are left out of the denominator", async () => {
    const r = await k.ask({ kpi: "sla" });
    // Oct resolved with a due time: T1 (met), T2 (late), T4 (met); T3 and T10 have none → 2/3.
    expect(r.value).toBeCloseTo(200 / 3, 9);
    expect(r.n).toBe(3);
    // Sep: T8 late, T9 met → 50 %.
    expect(r.previous.value).toBeCloseTo(50, 9);
  });

  it("sla: the ITSM tool's verdict (sla_met) wins over the due time; a verdict without a due time counts", async () => {
    await insertTickets(k.t.app.db, [
      // S1: late by its due time, but the tool paused the clock and says met.
      {
        id: "S1",
        opened: "2026-10-12T08:00:00Z",
        resolved: "2026-10-14T08:00:00Z",
        resolutionDue: "2026-10-13T08:00:00Z",
        slaMet: true,
      },
      // S2: no due time in the export, the tool says breached.
      { id: "S2", opened: "2026-10-12T08:00:00Z", resolved: "2026-10-12T10:00:00Z", slaMet: false },
      // S3: on time by its due time, the tool says breached (another SLA of the ticket was missed).
      {
        id: "S3",
        opened: "2026-10-12T08:00:00Z",
        resolved: "2026-10-12T09:00:00Z",
        resolutionDue: "2026-10-12T20:00:00Z",
        slaMet: false,
      },
      // S4: a verdict on a ticket resolved in November: outside October.
      { id: "S4", opened: "2026-10-30T08:00:00Z", resolved: "2026-11-02T09:00:00Z", slaMet: true },
    ]);
    const r = await k.ask({ kpi: "sla", breakdown: "group" });
    // Oct: T1 met, T2 late, T4 met (due times), S1 met, S2 breached, S3 breached (verdicts) → 3/6 = 50 %.
    expect(r.value).toBeCloseTo(50, 9);
    expect(r.n).toBe(6);
    // By group: A = T1 met, T2 late → 50 % of 2; B = T4 met → 100 % of 1; no group = S1 met, S2, S3 breached → 1/3.
    const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, [b.value, b.n]]));
    expect(rows.A).toEqual([50, 2]);
    expect(rows.B).toEqual([100, 1]);
    const none = (r.breakdown?.rows ?? []).find((b) => b.key !== "A" && b.key !== "B");
    expect(none?.value).toBeCloseTo(100 / 3, 9);
    expect(none?.n).toBe(3);
  });

  it("sla-response: unanswered and past due is a breach; unanswered and not yet due is pending", async () => {
    const r = await k.ask({ kpi: "prise-en-compte" });
    // Opened in Oct with a response due time: T1 met, T2 late, T3 unanswered & past due (breach),
    // T4 met; T5 has no due time; T6 is unanswered but due 20 Nov (after NOW) → 2/4 = 50 %.
    expect(r.kpi).toBe("sla-response");
    expect(r.value).toBeCloseTo(50, 9);
    expect(r.n).toBe(4);
    expect(r.extras.unansweredPastDue).toBe(1);
  });

  it("escalation: highest level 2 or 3; by level shows L2 vs L3", async () => {
    const r = await k.ask({ kpi: "escalade", breakdown: "level" });
    // Oct: T2 (L2) and T3 (L3) of 5 → 40 %.
    expect(r.value).toBeCloseTo(40, 9);
    const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, [b.value, b.n]]));
    // L1: T1, T4, T10 → 0 % of 3; L2: T2 → 100 %; L3: T3 → 100 %.
    expect(rows).toEqual({ "1": [0, 3], "2": [100, 1], "3": [100, 1] });
  });

  it("mttr: mean, median and p90 of resolution times in hours", async () => {
    const r = await k.ask({ kpi: "mttr" });
    // Oct: T1 4 h, T2 24 h, T3 48 h, T4 1 h, T10 1 h → 78 / 5 = 15.6 h.
    expect(r.value).toBeCloseTo(15.6, 9);
    expect(r.n).toBe(5);
    // Sorted 1, 1, 4, 24, 48: p50 = 4; p90 at rank 0.9 × 4 = 3.6 → 24 + 0.6 × (48 − 24) = 38.4.
    expect(r.extras.p50).toBeCloseTo(4, 9);
    expect(r.extras.p90).toBeCloseTo(38.4, 9);
    // Sep: T8 2 h, T9 48 h → 25 h; relative change (15.6 − 25) / 25 = −37.6 %.
    expect(r.previous.value).toBeCloseTo(25, 9);
    expect(r.change).toBeCloseTo(-37.6, 9);
    expect(r.changeKind).toBe("percent");
    // Target 24 h, down is good: 15.6 ≤ 24 → on target.
    expect(r.status).toBe("on_target");
  });

  it("mtta: mean time to first response over tickets opened in the period that were answered", async () => {
    const r = await k.ask({ kpi: "mtta" });
    // Opened in Oct and answered: T1 0.5 h, T2 2 h, T4 5 min = 1/12 h → (0.5 + 2 + 1/12) / 3.
    expect(r.value).toBeCloseTo((0.5 + 2 + 1 / 12) / 3, 9);
    expect(r.n).toBe(3);
  });

  it("backlog: open at the period end, with the ones older than 30 days", async () => {
    const r = await k.ask({ kpi: "stock" });
    // End of Oct = 2026-10-31T23:00Z: T5 (resolved 23:30Z, after the end), T6 and T7 (unresolved) → 3.
    expect(r.value).toBe(3);
    // Opened before 2 Oct 00:00 Paris (end − 30 days): only T7.
    expect(r.extras.olderThan30Days).toBe(1);
    // End of Sep = 2026-09-30T22:00Z: T7 and T10 (resolved 22:30Z, after) → 2; change +50 %.
    expect(r.previous.value).toBe(2);
    expect(r.change).toBeCloseTo(50, 9);
    expect(r.status).toBe("no_target");
  });

  it("volume: tickets opened in the period, incidents and requests", async () => {
    const r = await k.ask({ kpi: "tickets", breakdown: "kind" });
    // Opened in Oct: T1..T6 (T10 was opened on 30 Sep in Paris) → 6: 4 incidents, 2 requests.
    expect(r.value).toBe(6);
    expect(r.extras).toMatchObject({ incidents: 4, requests: 2 });
    const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, b.value]));
    expect(rows).toEqual({ incident: 4, request: 2 });
  });

  it("reopen and automation rates", async () => {
    // Oct: T2 reopened, T4 automated, of 5 resolved → 20 % each.
    const reopen = await k.ask({ kpi: "reopen" });
    expect(reopen.value).toBeCloseTo(20, 9);
    expect(reopen.status).toBe("off_target"); // target 5, down: 20 > 5.5
    const automation = await k.ask({ kpi: "automatisation" });
    expect(automation.value).toBeCloseTo(20, 9);
    expect(automation.status).toBe("on_target"); // target 15, up
  });

  it("channel-mix: a distribution of tickets opened by channel", async () => {
    const r = await k.ask({ kpi: "channel-mix" });
    // Opened in Oct: portal T1 T4, email T2 T6, phone T3, monitoring T5 → 6.
    expect(r.value).toBe(6);
    expect(r.unit).toBe("tickets");
    const shares = Object.fromEntries((r.distribution ?? []).map((s) => [s.key, [s.value, s.share]]));
    expect(shares.portal?.[0]).toBe(2);
    expect(shares.portal?.[1]).toBeCloseTo(100 / 3, 9);
    expect(shares.email?.[1]).toBeCloseTo(100 / 3, 9);
    expect(shares.phone?.[1]).toBeCloseTo(100 / 6, 9);
    expect(shares.monitoring?.[1]).toBeCloseTo(100 / 6, 9);
  });

  it("period edge: a ticket resolved at 23:30 UTC on 31 October belongs to November in Paris", async () => {
    const nov = await k.ask({ kpi: "volume", period: period("2026-11") });
    expect(nov.value).toBeNull(); // nothing opened in November
    const fcrNov = await k.ask({ kpi: "fcr", period: period("2026-11") });
    // Only T5 is resolved in November (Paris), at first contact.
    expect(fcrNov.value).toBe(100);
    expect(fcrNov.n).toBe(1);
  });

  it("an empty period is no data, not zero and not an error", async () => {
    const r = await k.ask({ kpi: "fcr", period: period("2025-01") });
    expect(r.value).toBeNull();
    expect(r.n).toBe(0);
    expect(r.status).toBe("no_data");
    expect(r.change).toBeNull();
    expect(r.projection).toBeNull();
    const backlog = await k.ask({ kpi: "backlog", period: period("2025-01") });
    expect(backlog.value).toBeNull(); // no ticket existed yet
  });

  it("series: the last 6 months, oldest first, each with its own value", async () => {
    const r = await k.ask({ kpi: "fcr" });
    expect(r.series.map((p) => p.label)).toEqual(["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]);
    expect(r.series.map((p) => p.value)).toEqual([null, null, null, null, 50, 60]);
    expect(r.series.map((p) => p.n)).toEqual([0, 0, 0, 0, 2, 5]);
    // Not 6 values → no projection.
    expect(r.projection).toBeNull();
    const backlog = await k.ask({ kpi: "backlog" });
    // Ends of May..Jul: nothing opened yet → no data; end of Aug: T7 → 1; Sep 2; Oct 3.
    expect(backlog.series.map((p) => p.value)).toEqual([null, null, null, 1, 2, 3]);
  });

  it("breakdown by group with previous values, impacts that add up to the change, and movers", async () => {
    const r = await k.ask({ kpi: "fcr", breakdown: "group" });
    const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, b]));
    // Oct: A = T1 ✓, T2 ✗ → 50 % (n 2); B = T3 ?, T4 ✓, T10 ✓ → 2/3 (n 3).
    // Sep: A = T8 ✗ → 0 %; B = T9 ✓ → 100 %.
    expect(rows.A?.value).toBeCloseTo(50, 9);
    expect(rows.A?.n).toBe(2);
    expect(rows.A?.previous).toBeCloseTo(0, 9);
    expect(rows.A?.change).toBeCloseTo(50, 9);
    expect(rows.B?.value).toBeCloseTo(200 / 3, 9);
    expect(rows.B?.previous).toBeCloseTo(100, 9);
    // Impact = (100·num₁ − V₀·den₁)/D₁ − (100·num₀ − V₀·den₀)/D₀ with V₀ = 50, D₁ = 5, D₀ = 2:
    // A: (100·1 − 50·2)/5 − (100·0 − 50·1)/2 = 0 + 25 = 25; B: (200 − 150)/5 − (100 − 50)/2 = 10 − 25 = −15.
    expect(rows.A?.impact).toBeCloseTo(25, 9);
    expect(rows.B?.impact).toBeCloseTo(-15, 9);
    expect((rows.A?.impact ?? 0) + (rows.B?.impact ?? 0)).toBeCloseTo(r.change ?? Number.NaN, 9);
    expect(r.breakdown?.movers.map((m) => m.key)).toEqual(["A", "B"]);
    expect(r.breakdown?.hidden).toBe(0);
    // Largest group first.
    expect(r.breakdown?.rows.map((b) => b.key)).toEqual(["B", "A"]);
  });

  it("targets: an admin override for the KPI and for one breakdown value", async () => {
    const targets = k.t.app.repos.targets;
    await targets.set({ kpi: "fcr", dimension: "", dimValue: "", target: 65, updatedBy: "test" });
    await targets.set({ kpi: "fcr", dimension: "group", dimValue: "A", target: 50, updatedBy: "test" });
    const r = await k.ask({ kpi: "fcr", breakdown: "group" });
    // 60 vs 65: below, but within 10 % (≥ 58.5) → watch.
    expect(r.target).toBe(65);
    expect(r.status).toBe("watch");
    const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, b]));
    expect(rows.A?.target).toBe(50); // its own override: 50 ≥ 50 → on target
    expect(rows.A?.status).toBe("on_target");
    expect(rows.B?.target).toBe(65); // the KPI's override: 66.7 ≥ 65
    expect(rows.B?.status).toBe("on_target");
  });

  it("filters: for group=B and for priority=P1", async () => {
    const b = await k.ask({ kpi: "fcr", filters: [{ dimension: "group", value: "B" }] });
    // T3 ?, T4 ✓, T10 ✓ → 2/3; September: T9 ✓ → 100 %.
    expect(b.value).toBeCloseTo(200 / 3, 9);
    expect(b.n).toBe(3);
    expect(b.previous.value).toBe(100);
    const p1 = await k.ask({ kpi: "mttr", filters: [{ dimension: "priority", value: "P1" }] });
    // Only T1: 4 h.
    expect(p1.value).toBeCloseTo(4, 9);
    expect(p1.extras.p50).toBeCloseTo(4, 9);
    const backlogA = await k.ask({ kpi: "backlog", filters: [{ dimension: "group", value: "A" }] });
    expect(backlogA.value).toBe(2); // T5, T7
    await expect(k.ask({ kpi: "fcr", filters: [{ dimension: "priority", value: "high" }] })).rejects.toThrow(
      /priority must be a number/,
    );
  });

  it("rejects unknown KPIs and dimensions a KPI does not have", async () => {
    await expect(k.ask({ kpi: "fcx" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(k.ask({ kpi: "fcr", breakdown: "activity" })).rejects.toMatchObject({ code: "INPUT_INVALID" });
  });

  it("compareTo: compares with the period asked for instead of the previous one", async () => {
    const r = await k.ask({ kpi: "fcr", compareTo: period("2026-11") });
    // November: T5 only, at first contact → 100 %; 60 − 100 = −40 points.
    expect(r.previous.value).toBe(100);
    expect(r.change).toBeCloseTo(-40, 9);
  });

  it("trend: false answers the period and its comparison only", async () => {
    const r = await k.ask({ kpi: "fcr", trend: false });
    expect(r.value).toBeCloseTo(60, 9);
    expect(r.previous.value).toBeCloseTo(50, 9);
    expect(r.series).toEqual([]);
  });
});
