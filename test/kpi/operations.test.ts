import { beforeEach, describe, expect, it } from "vitest";
import { testProviders } from "../helpers/databases.js";
import { coverFrom2010, insert, insertTickets, useKpiApp } from "./fixtures.js";

// Local midnights in Paris as UTC instants.
const OCT_1 = "2026-09-30T22:00:00Z";
const SEP_1 = "2026-08-31T22:00:00Z";
const NOV_1 = "2026-10-31T23:00:00Z";

describe.each(await testProviders())("change KPIs on %s", (provider) => {
  const k = useKpiApp(provider);
  beforeEach(async () => {
    const c = (id: string, kind: string, outcome: string, at: string, service = "ERP") => ({
      external_id: id,
      kind,
      outcome,
      deployed_at: at,
      service,
    });
    await insert(k.t.app.db, "changes", [
      c("C1", "feature", "success", "2026-10-02T10:00:00Z"),
      c("C2", "feature", "failed", "2026-10-03T10:00:00Z"),
      c("C3", "fix", "success", "2026-10-04T10:00:00Z"),
      c("C4", "feature", "success", "2026-10-31T22:30:00Z", "CRM"), // 31 Oct 23:30 Paris → October
      c("C5", "standard", "rolled_back", "2026-10-20T10:00:00Z"),
      c("C6", "feature", "success", "2026-09-15T10:00:00Z"),
      c("C7", "feature", "success", "2026-10-31T23:30:00Z"), // 1 Nov 00:30 Paris → November
    ]);
    // The change data starts long before September: September and October compare (docs/numbers.md).
    await coverFrom2010(k.t.app.db, "changes");
  });

  it("deployments: successful feature changes in the period", async () => {
    const r = await k.ask({ kpi: "mep", breakdown: "service" });
    // Oct: C1, C4 → 2; Sep: C6 → 1; change +100 %.
    expect(r.kpi).toBe("deployments");
    expect(r.value).toBe(2);
    expect(r.previous.value).toBe(1);
    expect(r.change).toBeCloseTo(100, 9);
    const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, b.value]));
    expect(rows).toEqual({ ERP: 1, CRM: 1 });
  });

  it("change-success: successful / all changes completed in the period", async () => {
    const r = await k.ask({ kpi: "change-success" });
    // Oct: C1, C3, C4 succeeded of C1..C5 → 3/5 = 60 %; target 95 → off target.
    expect(r.value).toBeCloseTo(60, 9);
    expect(r.n).toBe(5);
    expect(r.status).toBe("off_target");
  });
});

describe.each(await testProviders())("financial KPIs on %s", (provider) => {
  const k = useKpiApp(provider);
  beforeEach(async () => {
    const line = (
      start: string,
      end: string,
      category: string,
      service: string,
      actual: number,
      budget: number | null,
    ) => ({
      period_start: start,
      period_end: end,
      category,
      service,
      actual,
      budget,
    });
    await insert(k.t.app.db, "cost_lines", [
      line(OCT_1, NOV_1, "service_desk", "", 10000, 9000),
      line(OCT_1, NOV_1, "software", "ERP", 5000, 6000),
      line(OCT_1, NOV_1, "infrastructure", "ERP", 3000, null),
      line(OCT_1, NOV_1, "workstation", "", 2000, 3500),
      line(OCT_1, NOV_1, "software", "CRM", 2000, 2000),
      line("2025-12-31T23:00:00Z", "2026-01-31T23:00:00Z", "workstation", "", 10000, null), // Jan 2026
      line("2025-09-30T22:00:00Z", "2025-10-31T23:00:00Z", "workstation", "", 99999, null), // Oct 2025: > 12 months
      line("2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z", "infrastructure", "", 9000, null), // Mar 2026
      line(SEP_1, OCT_1, "service_desk", "", 8000, 8000),
    ]);
    await insert(k.t.app.db, "asset_counts", [
      { asset_type: "workstation", date: "2026-06-01T00:00:00Z", count: 100 },
      { asset_type: "workstation", date: "2026-10-15T00:00:00Z", count: 120 },
      { asset_type: "workstation", date: "2026-11-10T00:00:00Z", count: 999 }, // after the period end
      { asset_type: "server", date: "2026-09-01T00:00:00Z", count: 10 },
      { asset_type: "storage", date: "2026-09-01T00:00:00Z", count: 2 },
      { asset_type: "server", date: "2026-10-20T00:00:00Z", count: 14 },
      { asset_type: "network", date: "2026-10-20T00:00:00Z", count: 5 }, // not counted as infrastructure
    ]);
    // 4 tickets resolved in October.
    await insertTickets(
      k.t.app.db,
      ["R1", "R2", "R3", "R4"].map((id, i) => ({
        id,
        opened: "2026-10-05T08:00:00Z",
        resolved: `2026-10-0${5 + i}T10:00:00Z`,
      })),
    );
  });

  it("budget: actual / budget over lines with a budget, spend by category as the distribution", async () => {
    const r = await k.ask({ kpi: "budget" });
    // Oct lines with a budget: 10000 + 5000 + 2000 + 2000 = 19000 actual / 9000 + 6000 + 3500 + 2000 = 20500.
    expect(r.value).toBeCloseTo((100 * 19000) / 20500, 9);
    expect(r.extras).toMatchObject({ actual: 19000, budget: 20500 });
    // 92.68 %: outside the 95–105 band but within 10 % of 100 → watch.
    expect(r.status).toBe("watch");
    // Spend by category, all Oct lines: 10000 + 7000 + 3000 + 2000 = 22000.
    const dist = Object.fromEntries((r.distribution ?? []).map((s) => [s.key, [s.value, s.share]]));
    expect(dist.service_desk?.[0]).toBe(10000);
    expect(dist.service_desk?.[1]).toBeCloseTo((100 * 10000) / 22000, 9);
    expect(dist.software?.[0]).toBe(7000);
    expect(dist.infrastructure?.[1]).toBeCloseTo((100 * 3000) / 22000, 9);
    expect(dist.workstation?.[1]).toBeCloseTo((100 * 2000) / 22000, 9);
    // Sep: the service-desk line only: 8000 / 8000 = 100 % → change −7.3 points.
    expect(r.previous.value).toBeCloseTo(100, 9);
    expect(r.change).toBeCloseTo((100 * 19000) / 20500 - 100, 9);
  });

  it("budget by category: consumption per category, with filters", async () => {
    const r = await k.ask({ kpi: "budget", breakdown: "category" });
    const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, b.value]));
    // software 7000 / 8000; service_desk 10000 / 9000; workstation 2000 / 3500; infrastructure has no budget line.
    expect(rows.software).toBeCloseTo(87.5, 9);
    expect(rows.service_desk).toBeCloseTo((100 * 10000) / 9000, 9);
    expect(rows.workstation).toBeCloseTo((100 * 2000) / 3500, 9);
    expect(rows.infrastructure).toBeUndefined();
    const erp = await k.ask({ kpi: "budget", filters: [{ dimension: "service", value: "ERP" }] });
    expect(erp.value).toBeCloseTo((100 * 5000) / 6000, 9);
  });

  it("cost-per-ticket: service-desk cost / tickets resolved", async () => {
    const r = await k.ask({ kpi: "cout-par-ticket" });
    // 10000 / 4 = 2500.
    expect(r.value).toBeCloseTo(2500, 9);
    expect(r.extras).toMatchObject({ cost: 10000, tickets: 4 });
    // September had cost but no resolved ticket → no data.
    expect(r.previous.value).toBeNull();
  });

  it("tco-workstation: trailing 12 months of workstation cost / workstations at the period end", async () => {
    const r = await k.ask({ kpi: "tco-poste" });
    // Nov 2025..Oct 2026: Oct 2026 2000 + Jan 2026 10000 = 12000 (Oct 2025 is outside);
    // latest count before 1 Nov: 120 (15 Oct) → 100 per workstation per year.
    expect(r.value).toBeCloseTo(100, 9);
    expect(r.extras).toMatchObject({ cost12Months: 12000, assets: 120 });
    // End of Sep: window [1 Oct 2025, 1 Oct 2026) → Oct 2025 99999 + Jan 2026 10000 = 109999 (Oct 2026 starts
    // at the end, excluded); latest count before 1 Oct: 100 → 1099.99.
    expect(r.previous.value).toBeCloseTo(1099.99, 9);
  });

  it("tco-infra: infrastructure cost / servers and storage at the period end", async () => {
    const r = await k.ask({ kpi: "tco-infra" });
    // 3000 (Oct) + 9000 (Mar) = 12000; servers 14 (20 Oct) + storage 2 = 16 → 750.
    expect(r.value).toBeCloseTo(750, 9);
    expect(r.extras).toMatchObject({ cost12Months: 12000, assets: 16 });
  });

  it("service-cost: cost allocated to services, as a distribution", async () => {
    const r = await k.ask({ kpi: "service-cost" });
    // ERP 5000 + 3000, CRM 2000 → 10000.
    expect(r.value).toBe(10000);
    expect(r.unit).toBe("currency");
    const dist = (r.distribution ?? []).map((s) => [s.key, s.value, s.share]);
    expect(dist).toEqual([
      ["ERP", 8000, 80],
      ["CRM", 2000, 20],
    ]);
  });
});

describe.each(await testProviders())("organisational and adherence KPIs on %s", (provider) => {
  const k = useKpiApp(provider);
  beforeEach(async () => {
    const db = k.t.app.db;
    await insert(db, "staff_allocations", [
      { team: "Desk", date: "2026-09-01T00:00:00Z", fte: 5, service_management_fte: 4, service_desk: true },
      { team: "Desk", date: OCT_1, fte: 6, service_management_fte: 5, service_desk: true },
      { team: "Ops", date: "2026-09-01T00:00:00Z", fte: 10, service_management_fte: 2, service_desk: false },
      { team: "Ops", date: "2026-11-05T00:00:00Z", fte: 12, service_management_fte: 3, service_desk: false },
    ]);
    const entry = (team: string, activity: string, date: string, hours: number) => ({ team, activity, date, hours });
    await insert(db, "time_entries", [
      entry("Desk", "incidents", "2026-10-05T00:00:00Z", 40),
      entry("Desk", "requests", "2026-10-06T00:00:00Z", 30),
      entry("Ops", "changes", "2026-10-07T00:00:00Z", 20),
      entry("Ops", "improvement", "2026-10-08T00:00:00Z", 10),
      entry("Desk", "incidents", "2026-09-05T00:00:00Z", 50),
      entry("Desk", "other", "2026-09-06T00:00:00Z", 50),
    ]);
    const finding = (id: string, status: string, discovered: string, resolved: string | null, saved: number) => ({
      external_id: id,
      name: id,
      status,
      discovered_at: discovered,
      resolved_at: resolved,
      yearly_cost_avoided: saved,
    });
    await insert(db, "shadow_it_findings", [
      finding("S1", "retired", "2026-09-05T10:00:00Z", "2026-10-10T10:00:00Z", 12000),
      finding("S2", "controlled", "2026-10-03T10:00:00Z", "2026-10-25T10:00:00Z", 3000),
      finding("S3", "discovered", "2026-10-12T10:00:00Z", null, 5000),
      finding("S4", "under_review", "2026-10-01T12:00:00Z", "2026-10-15T10:00:00Z", 7000),
    ]);
    const usage = (date: string, granularity: string, users: number, sessions: number, mobile: number) => ({
      date,
      granularity,
      users,
      sessions,
      mobile_sessions: mobile,
      population: 1000,
    });
    await insert(db, "portal_usage", [
      usage(OCT_1, "month", 600, 2000, 500),
      usage("2026-10-04T22:00:00Z", "day", 100, 150, 30), // a daily row inside October: not added to the month
      usage("2026-09-09T22:00:00Z", "day", 50, 100, 10),
      usage("2026-09-10T22:00:00Z", "day", 70, 100, 30),
    ]);
    await insertTickets(
      db,
      ["W1", "W2", "W3", "W4"].map((id) => ({ id, opened: "2026-10-05T08:00:00Z", resolved: "2026-10-06T08:00:00Z" })),
    );
  });

  it("sm-staff: service-management FTE at the period end, per team", async () => {
    const r = await k.ask({ kpi: "etp", breakdown: "team" });
    // End of Oct: Desk 5 (1 Oct row) + Ops 2 (1 Sep row; the 5 Nov row is later) = 7.
    expect(r.value).toBe(7);
    // End of Sep (1 Oct 00:00 Paris): Desk's 1 Oct row is not before it → Desk 4 + Ops 2 = 6; +16.7 %.
    expect(r.previous.value).toBe(6);
    expect(r.change).toBeCloseTo(100 / 6, 9);
    expect(r.extras.totalFte).toBe(16); // Desk 6 + Ops 10
    const rows = Object.fromEntries((r.breakdown?.rows ?? []).map((b) => [b.key, [b.value, b.previous, b.impact]]));
    expect(rows).toEqual({ Desk: [5, 4, 1], Ops: [2, 2, 0] });
    expect(r.breakdown?.movers.map((m) => m.key)).toEqual(["Desk"]);
  });

  it("workload: tickets resolved / service-desk FTE", async () => {
    const r = await k.ask({ kpi: "charge" });
    // 4 tickets / Desk's 6 FTE.
    expect(r.value).toBeCloseTo(4 / 6, 9);
    expect(r.extras).toMatchObject({ tickets: 4, fte: 6 });
  });

  it("time-allocation: share of hours by activity", async () => {
    const r = await k.ask({ kpi: "gestion-du-temps" });
    // 40 + 30 + 20 + 10 = 100 h.
    expect(r.value).toBe(100);
    expect(r.unit).toBe("hours");
    const dist = Object.fromEntries((r.distribution ?? []).map((s) => [s.key, [s.share, s.previousShare]]));
    // September: incidents 50 of 100 h.
    expect(dist).toEqual({ incidents: [40, 50], requests: [30, 0], changes: [20, 0], improvement: [10, 0] });
  });

  it("shadow-it-savings: yearly cost avoided by findings controlled or retired in the period", async () => {
    const r = await k.ask({ kpi: "shadow-it" });
    // S1 12000 + S2 3000 (S4 is under review, S3 not resolved).
    expect(r.value).toBe(15000);
    expect(r.n).toBe(2);
    // Discovered in October: S2, S3, S4.
    expect(r.extras.discovered).toBe(3);
  });

  it("portal-adoption and mobile-usage: monthly rows first, daily rows when there is no monthly one", async () => {
    // The portal data starts long before September: September and October compare (docs/numbers.md).
    await coverFrom2010(k.t.app.db, "portal");
    const adoption = await k.ask({ kpi: "portail" });
    // October's monthly row: 600 / 1000 users.
    expect(adoption.value).toBeCloseTo(60, 9);
    expect(adoption.status).toBe("on_target");
    // September has daily rows only: (50 + 70) / (1000 + 1000) = 6 %.
    expect(adoption.previous.value).toBeCloseTo(6, 9);
    expect(adoption.change).toBeCloseTo(54, 9);
    const mobile = await k.ask({ kpi: "mobilite" });
    // 500 / 2000 sessions = 25 %; September (10 + 30) / 200 = 20 %.
    expect(mobile.value).toBeCloseTo(25, 9);
    expect(mobile.previous.value).toBeCloseTo(20, 9);
    expect(mobile.status).toBe("no_target");
  });
});
