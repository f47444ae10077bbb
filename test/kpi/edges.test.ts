import { describe, expect, it } from "vitest";
import { percentiles } from "../../src/kpi/calculators/tickets.js";
import { dialectFor, raw, sql } from "../../src/kpi/sql.js";
import { parsePeriod } from "../../src/periods/index.js";
import { testProviders } from "../helpers/databases.js";
import { insertTickets, period, type TicketFixture, TZ, useKpiApp } from "./fixtures.js";
import { TICKETS } from "./ticket-fixture.js";

describe.each(await testProviders())("periods across DST on %s", (provider) => {
  const k = useKpiApp(provider);
  const resolvedAt = (id: string, resolved: string): TicketFixture => ({
    id,
    opened: "2026-01-05T08:00:00Z",
    resolved,
    fcr: true,
  });

  it("a 25-hour autumn day and its 'yesterday' hold exactly the tickets resolved that local day", async () => {
    await insertTickets(k.t.app.db, [
      resolvedAt("D1", "2026-10-24T22:30:00Z"), // 25 Oct 00:30 CEST → in
      resolvedAt("D2", "2026-10-25T22:30:00Z"), // 25 Oct 23:30 CET → in (the 25th hour)
      resolvedAt("D3", "2026-10-25T23:10:00Z"), // 26 Oct 00:10 CET → out
      resolvedAt("D4", "2026-10-24T21:50:00Z"), // 24 Oct 23:50 CEST → out
    ]);
    const day = await k.ask({ kpi: "fcr", period: period("2026-10-25") });
    expect(day.n).toBe(2);
    const yesterday = parsePeriod("yesterday", { now: new Date("2026-10-26T08:00:00Z"), timezone: TZ });
    if (!yesterday.ok) throw new Error("yesterday did not parse");
    const y = await k.ask({ kpi: "fcr", period: yesterday.period });
    expect(y.period.label).toBe("2026-10-25");
    expect(y.n).toBe(2);
    // The day before (24 Oct, 24 h) holds D4 only.
    expect(y.previous.n).toBe(1);
  });

  it("a 23-hour spring day and the week that contains it have the right bounds", async () => {
    await insertTickets(k.t.app.db, [
      resolvedAt("E1", "2026-03-29T21:30:00Z"), // 29 Mar 23:30 CEST → in
      resolvedAt("E2", "2026-03-29T22:30:00Z"), // 30 Mar 00:30 CEST → out (a 24-hour day would take it)
      resolvedAt("E3", "2026-03-28T23:30:00Z"), // 29 Mar 00:30 CET → in
      resolvedAt("E4", "2026-03-22T23:30:00Z"), // Monday 23 Mar 00:30 CET → in the week W13
      resolvedAt("E5", "2026-03-22T22:30:00Z"), // Sunday 22 Mar 23:30 CET → previous week
    ]);
    expect((await k.ask({ kpi: "fcr", period: period("2026-03-29") })).n).toBe(2);
    const week = await k.ask({ kpi: "fcr", period: period("2026-W13") });
    expect(week.n).toBe(3);
    expect(week.previous.period.label).toBe("2026-W12");
    expect(week.previous.n).toBe(1);
  });
});

describe.each(await testProviders())("percentiles without an ordered-set aggregate on %s", (provider) => {
  const k = useKpiApp(provider);

  it("sorts in the database and interpolates like percentile_cont", async () => {
    await insertTickets(k.t.app.db, TICKETS);
    const ctx = {
      db: k.t.app.db,
      dialect: { ...dialectFor(provider, false), percentile: null },
      now: new Date(),
      timezone: TZ,
      filters: [],
    };
    const oct = period("2026-10");
    const where = [sql`t.resolved_at >= ${oct.start}`, sql`t.resolved_at < ${oct.end}`];
    const hours = ctx.dialect.hours("t.opened_at", "t.resolved_at");
    // Same set as the mttr test: 1, 1, 4, 24, 48 → p50 4, p90 38.4, p0 1, p100 48.
    const [p50, p90, p0, p100] = await percentiles(ctx, "tickets t", where, hours, [0.5, 0.9, 0, 1]);
    expect(p50).toBeCloseTo(4, 9);
    expect(p90).toBeCloseTo(38.4, 9);
    expect(p0).toBeCloseTo(1, 9);
    expect(p100).toBeCloseTo(48, 9);
    const empty = await percentiles(ctx, "tickets t", [...where, raw("1 = 0")], hours, [0.5]);
    expect(empty).toEqual([null]);
  });
});
