/**
 * Issue 16 items 4 and 7, "the rows behind a number": the tickets a ticket KPI lists are exactly the ones its
 * number counts, those counting against a rate first. Each list is checked against the engine's own n and against
 * an independent SQL query written here, on a small hand-made fixture (Europe/Paris). SQLite and PostgreSQL.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Period } from "../../src/kpi/types.js";
import { testProviders } from "../helpers/databases.js";
import { insertTickets, period, type TicketFixture, useKpiApp } from "./fixtures.js";

// November 2026 in Paris: [31 Oct 23:00Z, 30 Nov 23:00Z).
const NOV: Period = period("2026-11");
const NOV_START = new Date("2026-10-31T23:00:00Z");
const NOV_END = new Date("2026-11-30T23:00:00Z");

const at = (day: string, time = "09:00:00") => `2026-11-${day}T${time}Z`;
// The fixture's clock is 15 Nov: the answers and lists are as of 1 Dec, when November is over.
const AS_OF = new Date("2026-12-01T08:00:00Z");

/** A ticket resolved at first contact on a November day, opened at 08:00 UTC. */
const sla = (id: string, day: string, resolved: string, more: Partial<TicketFixture> = {}): TicketFixture => ({
  id,
  opened: at(day, "08:00:00"),
  resolved: at(day, resolved),
  fcr: true,
  ...more,
});

const TICKETS: TicketFixture[] = [
  // FCR: resolved in November R1, R4, R8 at first contact, R2 not, R3 unknown (counts against), R5 not.
  { id: "R1", opened: at("02", "08:00:00"), resolved: at("02"), fcr: true, group: "N1" },
  { id: "R2", opened: at("03", "08:00:00"), resolved: at("03"), fcr: false, group: "N1" },
  { id: "R3", opened: at("04", "08:00:00"), resolved: at("04"), fcr: null, group: "N2" },
  { id: "R4", opened: at("10", "08:00:00"), resolved: at("10"), fcr: true, group: "N2" },
  // 1 Nov 00:30 in Paris: November.
  { id: "R5", opened: "2026-10-31T20:00:00Z", resolved: "2026-10-31T23:30:00Z", fcr: false, group: "N1" },
  // 1 Dec 00:30 in Paris: December, not counted.
  { id: "R6", opened: at("30", "20:00:00"), resolved: "2026-11-30T23:30:00Z", fcr: false, group: "N1" },
  { id: "R7", opened: at("20"), group: "N1" }, // open: not resolved in November
  { id: "R8", opened: at("14", "09:00:00"), resolved: at("15"), fcr: true, group: "N1" },
  // SLA (all resolved at first contact): S1 met (before due), S2 breached (after due), S3 breached by the tool's
  // verdict, S4 met by the tool's verdict (a paused clock), S5 outside the SLA (neither a due time nor a verdict).
  sla("S1", "05", "10:00:00", { resolutionDue: at("05", "12:00:00") }),
  sla("S2", "06", "14:00:00", { resolutionDue: at("06", "12:00:00") }),
  sla("S3", "07", "10:00:00", { resolutionDue: at("07", "12:00:00"), slaMet: false }),
  sla("S4", "08", "14:00:00", { resolutionDue: at("08", "12:00:00"), slaMet: true }),
  sla("S5", "09", "10:00:00"),
];

describe.each(await testProviders())("the tickets behind a number on %s", (provider) => {
  const k = useKpiApp(provider);
  beforeEach(async () => {
    await insertTickets(k.t.app.db, TICKETS);
  });
  const rows = (kpi: string, more: { limit?: number; group?: string; assignee?: boolean } = {}) =>
    k.t.app.kpi.rows({
      kpi,
      period: NOV,
      asOf: AS_OF,
      filters: more.group ? [{ dimension: "group", value: more.group }] : [],
      limit: more.limit ?? 100,
      assignee: more.assignee ?? false,
    });
  /** External ids an independent query returns, in id order. */
  const independent = async (where: string): Promise<string[]> =>
    (
      await k.t.app.db.query<{ external_id: string }>(
        `SELECT external_id FROM tickets WHERE resolved_at >= ? AND resolved_at < ? AND ${where} ORDER BY external_id`,
        [NOV_START, NOV_END],
      )
    ).map((r) => r.external_id);

  it("fcr: the 11 tickets resolved in November, the 3 not at first contact first — exactly what the rate counts", async () => {
    const r = await rows("fcr");
    const answer = await k.ask({ kpi: "fcr", period: NOV, asOf: AS_OF });
    // 8 of 11 at first contact: 72.7 %; the rows are its n, the ones against it are n − numerator.
    expect(answer.value).toBeCloseTo((8 / 11) * 100, 9);
    expect(answer.n).toBe(11);
    expect([r.total, r.against]).toEqual([11, 3]);
    expect(r.rows.map((x) => [x.externalId, x.against])).toEqual([
      ["R5", true], // 1 Nov 00:30
      ["R2", true],
      ["R3", true], // unknown counts against: only a recorded first-contact resolution counts for the rate
      ["R1", false],
      ["S1", false],
      ["S2", false],
      ["S3", false],
      ["S4", false],
      ["S5", false],
      ["R4", false],
      ["R8", false],
    ]);
    expect(r.rows.map((x) => x.externalId).sort()).toEqual(await independent("1 = 1"));
    expect(
      r.rows
        .filter((x) => x.against)
        .map((x) => x.externalId)
        .sort(),
    ).toEqual(await independent("first_contact_resolution IS NOT TRUE"));
    expect(r.span).toEqual({ start: NOV_START, end: NOV_END });
  });

  it("sla: the 4 tickets with a due time or a verdict, the 2 breached first (the tool's verdict wins)", async () => {
    const r = await rows("sla");
    const answer = await k.ask({ kpi: "sla", period: NOV, asOf: AS_OF });
    expect([answer.value, answer.n]).toEqual([50, 4]);
    expect([r.total, r.against]).toEqual([4, 2]);
    expect(r.rows.map((x) => [x.externalId, x.against, x.slaMet])).toEqual([
      ["S2", true, null],
      ["S3", true, false],
      ["S1", false, null],
      ["S4", false, true],
    ]);
    expect(
      r.rows
        .filter((x) => x.against)
        .map((x) => x.externalId)
        .sort(),
    ).toEqual(
      await independent(
        "((sla_met IS NOT NULL AND NOT sla_met) OR (sla_met IS NULL AND resolution_due_at IS NOT NULL AND resolved_at > resolution_due_at))",
      ),
    );
    expect(r.rows.map((x) => x.externalId).sort()).toEqual(
      await independent("(sla_met IS NOT NULL OR resolution_due_at IS NOT NULL)"),
    );
  });

  it("the first rows only, the counts whole; filtered like the answer", async () => {
    const first = await rows("fcr", { limit: 2 });
    expect([first.total, first.against, first.rows.map((x) => x.externalId)]).toEqual([11, 3, ["R5", "R2"]]);
    const n1 = await rows("fcr", { group: "N1" });
    const answer = await k.ask({
      kpi: "fcr",
      period: NOV,
      asOf: AS_OF,
      filters: [{ dimension: "group", value: "N1" }],
    });
    // N1: R1, R2, R5, R8 — two at first contact.
    expect([answer.value, answer.n]).toEqual([50, 4]);
    expect([n1.total, n1.against, n1.rows.map((x) => x.externalId)]).toEqual([4, 2, ["R5", "R2", "R1", "R8"]]);
  });

  it("a mean lists the longest first with their hours; a count lists in time order; the backlog, oldest first", async () => {
    const mttr = await rows("mttr", { limit: 3 });
    // R8 24 h, then S2 and S4 6 h each (in time order), then R5 3.5 h, S1, S3, S5 2 h and 1 h for the rest.
    expect(mttr.rows.map((x) => [x.externalId, x.measure])).toEqual([
      ["R8", 24],
      ["S2", 6],
      ["S4", 6],
    ]);
    expect(mttr.against).toBeNull();
    const volume = await rows("volume");
    expect(volume.rows.map((x) => x.externalId)).toEqual([
      "R1",
      "R2",
      "R3",
      "S1",
      "S2",
      "S3",
      "S4",
      "S5",
      "R4",
      "R8",
      "R7",
      "R6",
    ]);
    expect((await k.ask({ kpi: "volume", period: NOV, asOf: AS_OF })).n).toBe(volume.total);
    // Open at 1 Dec 00:00 in Paris: R7 (opened 20 Nov, 10 days and 14 hours before) and R6 (resolved after).
    const backlog = await rows("backlog");
    expect((await k.ask({ kpi: "backlog", period: NOV, asOf: AS_OF })).value).toBe(2);
    expect(backlog.rows.map((x) => [x.externalId, x.measure])).toEqual([
      ["R7", (11 * 24 - 10) / 24],
      ["R6", 3 / 24],
    ]);
  });

  it("reads the assignee only when asked for, and refuses a KPI that is not made of tickets", async () => {
    await k.t.app.db.execute("UPDATE tickets SET assignee = 'Alice Martin' WHERE external_id = 'R5'");
    expect((await rows("fcr", { limit: 1 })).rows[0]?.assignee).toBeNull();
    expect((await rows("fcr", { limit: 1, assignee: true })).rows[0]?.assignee).toBe("Alice Martin");
    await expect(rows("budget")).rejects.toThrow(/not made of tickets/);
  });
});
