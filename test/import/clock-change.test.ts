import { describe, expect, it } from "vitest";
import { FIELD_KINDS } from "../../src/import/families/index.js";
import { parseLocalInstant, readLocalTime } from "../../src/import/local-values.js";
import { parseMapping } from "../../src/import/mapping.js";
import { bindMapping } from "../../src/import/mapping-binder.js";
import { TICKET_HEADER, ticketFamily, ticketFamilyIn } from "../../src/import/tickets.js";

// Europe/Paris in 2026: clocks go forward on 29 March (02:00 CET → 03:00 CEST, so 02:00–02:59 never
// happens) and back on 25 October (03:00 CEST → 02:00 CET, so 02:00–02:59 happens twice: first at
// +02:00, i.e. 00:xxZ, then at +01:00, i.e. 01:xxZ). Every instant below is worked out from that.
const PARIS = "Europe/Paris";
const iso = (ms: number) => new Date(ms).toISOString();

describe("readLocalTime at clock changes", () => {
  it.each([
    ["25/10/2026 02:06", "2026-10-25T00:06:00.000Z", "2026-10-25T01:06:00.000Z"],
    ["2026-10-25 02:19", "2026-10-25T00:19:00.000Z", "2026-10-25T01:19:00.000Z"],
    ["25/10/2026 02:00", "2026-10-25T00:00:00.000Z", "2026-10-25T01:00:00.000Z"],
    ["2026-10-25T02:59:59", "2026-10-25T00:59:59.000Z", "2026-10-25T01:59:59.000Z"],
  ])("%s in the repeated hour has two readings: %s (+02:00) then %s (+01:00)", (text, first, second) => {
    const r = readLocalTime(text, PARIS);
    if (typeof r === "string") throw new Error(r);
    expect([iso(r.at), r.later === undefined ? undefined : iso(r.later), r.skipped]).toEqual([
      first,
      second,
      undefined,
    ]);
  });

  it.each([
    ["25/10/2026 01:59", "2026-10-24T23:59:00.000Z"], // still CEST
    ["25/10/2026 03:00", "2026-10-25T02:00:00.000Z"], // CET
    ["29/03/2026 01:59", "2026-03-29T00:59:00.000Z"], // still CET
    ["29/03/2026 03:00", "2026-03-29T01:00:00.000Z"], // CEST
    ["2026-10-25T02:06:00+02:00", "2026-10-25T00:06:00.000Z"], // a stated offset is never reinterpreted
    ["2026-10-25T02:06:00+01:00", "2026-10-25T01:06:00.000Z"],
  ])("%s has one reading, %s", (text, at) => {
    expect(readLocalTime(text, PARIS)).toEqual({ at: Date.parse(at) });
  });

  it("a time in the skipped hour is read at the offset before the change (+01:00), and marked", () => {
    const r = readLocalTime("29/03/2026 02:30", PARIS);
    if (typeof r === "string") throw new Error(r);
    expect([iso(r.at), r.later, r.skipped]).toEqual(["2026-03-29T01:30:00.000Z", undefined, true]);
  });

  it("works in any zone: New York's repeated hour on 1 November 2026 is 01:00–01:59 (−04:00 then −05:00)", () => {
    const r = readLocalTime("2026-11-01 01:30", "America/New_York");
    if (typeof r === "string") throw new Error(r);
    expect([iso(r.at), r.later === undefined ? undefined : iso(r.later)]).toEqual([
      "2026-11-01T05:30:00.000Z",
      "2026-11-01T06:30:00.000Z",
    ]);
  });

  it("alone, a repeated-hour time takes its first occurrence (luxon alone would take the second)", () => {
    expect(iso(parseLocalInstant("25/10/2026 02:06", PARIS) as number)).toBe("2026-10-25T00:06:00.000Z");
  });

  it("reads the bracketed form a mapping hands over, and refuses typos", () => {
    const r = readLocalTime("2026-10-25T02:06:00.000[Europe/Paris]", null);
    if (typeof r === "string") throw new Error(r);
    expect([iso(r.at), r.later === undefined ? undefined : iso(r.later)]).toEqual([
      "2026-10-25T00:06:00.000Z",
      "2026-10-25T01:06:00.000Z",
    ]);
    expect(readLocalTime("29/02/2026 10:00", PARIS)).toBe('"29/02/2026 10:00" is not a valid date and time');
    expect(readLocalTime("25/10/2026 24:00", PARIS)).toBe('"25/10/2026 24:00" is not a valid date and time');
    expect(readLocalTime("2026-10-25 02:06", null)).toBe(
      '"2026-10-25 02:06" has no time zone (add Z or an offset such as +02:00)',
    );
  });
});

/** A canonical ticket row from the fields it sets. */
function row(fields: Record<string, string>): string[] {
  const cells: Record<string, string> = { external_id: "T-1", kind: "incident", ...fields };
  return TICKET_HEADER.map((h) => cells[h] ?? "");
}

/** The four instants of an accepted row (ISO) and its note, or the reason it was refused. */
function read(fields: Record<string, string>, family = ticketFamilyIn(PARIS)) {
  const r = family.parse(row(fields));
  if (!r.ok) return r.reason;
  const at = (d: Date | null) => (d === null ? null : d.toISOString());
  return {
    opened: at(r.row.opened_at),
    firstResponse: at(r.row.first_response_at),
    resolved: at(r.row.resolved_at),
    closed: at(r.row.closed_at),
    note: r.note,
  };
}

describe("a ticket row settles its repeated-hour times by their order", () => {
  it("the issue's row: opened 02:19 (first), first response 02:06 (only the second is after it)", () => {
    expect(read({ opened_at: "25/10/2026 02:19", first_response_at: "25/10/2026 02:06" })).toEqual({
      opened: "2026-10-25T00:19:00.000Z",
      firstResponse: "2026-10-25T01:06:00.000Z",
      resolved: null,
      closed: null,
      note: {
        repeatedHour: true,
        skippedHour: false,
        reason:
          "first_response_at 2026-10-25 02:06 read as its second occurrence in Europe/Paris (+01:00, 2026-10-25T01:06:00.000Z): the first breaks the row's order",
      },
    });
  });

  it("when both readings keep the order, the earlier is taken and nothing is counted", () => {
    expect(read({ opened_at: "25/10/2026 02:10", first_response_at: "25/10/2026 02:30" })).toEqual({
      opened: "2026-10-25T00:10:00.000Z",
      firstResponse: "2026-10-25T00:30:00.000Z",
      resolved: null,
      closed: null,
      note: undefined,
    });
  });

  it("several times: opened 02:50, first response 02:10, resolved 02:20 → the last two are second occurrences", () => {
    // First readings 00:50Z, 00:10Z, 00:20Z: both are before the opening. Moving only one leaves the
    // other before it; both second: 00:50Z ≤ 01:10Z ≤ 01:20Z.
    const r = read({
      opened_at: "25/10/2026 02:50",
      first_response_at: "25/10/2026 02:10",
      resolved_at: "25/10/2026 02:20",
    });
    expect(r).toMatchObject({
      opened: "2026-10-25T00:50:00.000Z",
      firstResponse: "2026-10-25T01:10:00.000Z",
      resolved: "2026-10-25T01:20:00.000Z",
      note: { repeatedHour: true, skippedHour: false },
    });
  });

  it("first response before resolution is preferred, never required", () => {
    // Opened 01:50 (23:50Z, before the change); first response 02:40 and resolution 02:10 both fit
    // after the opening in their first readings (00:40Z, 00:10Z), but only the resolution's second
    // (01:10Z) comes after the first response.
    expect(
      read({ opened_at: "25/10/2026 01:50", first_response_at: "25/10/2026 02:40", resolved_at: "25/10/2026 02:10" }),
    ).toMatchObject({
      opened: "2026-10-24T23:50:00.000Z",
      firstResponse: "2026-10-25T00:40:00.000Z",
      resolved: "2026-10-25T01:10:00.000Z",
      note: { repeatedHour: true },
    });
    // Outside a clock change, a first response logged after the resolution is kept as before.
    expect(
      read({ opened_at: "20/10/2026 10:00", first_response_at: "20/10/2026 12:00", resolved_at: "20/10/2026 11:00" }),
    ).toMatchObject({
      firstResponse: "2026-10-20T10:00:00.000Z",
      resolved: "2026-10-20T09:00:00.000Z",
      note: undefined,
    });
  });

  it("a row no reading puts in order is refused with both readings in the reason", () => {
    // Opened 03:10 CET = 02:10Z; first response 02:05 is 00:05Z or 01:05Z: before the opening either way.
    expect(read({ opened_at: "25/10/2026 03:10", first_response_at: "25/10/2026 02:05" })).toBe(
      "first_response_at: 2026-10-25T00:05:00.000Z is before opened_at 2026-10-25T02:10:00.000Z; " +
        "no reading of the hour repeated when the clocks went back in Europe/Paris puts these times in order: " +
        "first_response_at 2026-10-25 02:05 is 2026-10-25T00:05:00.000Z (+02:00) or 2026-10-25T01:05:00.000Z (+01:00)",
    );
  });

  it("a time in the skipped hour is accepted at the offset before the change, with a note", () => {
    expect(read({ opened_at: "29/03/2026 02:30", first_response_at: "29/03/2026 03:40" })).toEqual({
      opened: "2026-03-29T01:30:00.000Z",
      firstResponse: "2026-03-29T01:40:00.000Z",
      resolved: null,
      closed: null,
      note: {
        repeatedHour: false,
        skippedHour: true,
        reason:
          "opened_at 2026-03-29 02:30 does not exist in Europe/Paris (the clocks went forward): read at the offset before the change (+01:00, 2026-03-29T01:30:00.000Z)",
      },
    });
  });

  it("stated offsets are never moved: a zoned row out of order is refused as before", () => {
    expect(read({ opened_at: "2026-10-25T02:19:00+02:00", first_response_at: "2026-10-25T02:06:00+02:00" })).toBe(
      "first_response_at: 2026-10-25T00:06:00.000Z is before opened_at 2026-10-25T00:19:00.000Z",
    );
  });

  it("the webhook's family (no zone) still wants instants with a zone", () => {
    expect(read({ opened_at: "25/10/2026 02:19" }, ticketFamily)).toBe(
      'opened_at: "25/10/2026 02:19" is not an ISO-8601 timestamp (expected e.g. 2026-03-01T09:30:00+01:00)',
    );
  });
});

describe("a mapping hands clock-change times over with their zone", () => {
  const bind = (zone?: string) =>
    bindMapping(
      parseMapping(
        { columns: { Ouverture: "opened_at", Prise: "first_response_at" }, dates: zone ? { timezone: zone } : {} },
        "m",
      ),
      TICKET_HEADER,
      FIELD_KINDS.tickets,
      PARIS,
    );

  it("certain times as UTC, repeated-hour times as local time and zone, so the family can settle them", () => {
    const shape = bind()(["external_id", "Ouverture", "Prise"], "f.csv");
    const out = shape(["T-1", "31/10/2026 14:05", "25/10/2026 02:06"]);
    if ("reason" in out) throw new Error(out.reason);
    const cell = (f: string) => out.cells[TICKET_HEADER.indexOf(f as (typeof TICKET_HEADER)[number])];
    expect([cell("opened_at"), cell("first_response_at")]).toEqual([
      "2026-10-31T13:05:00.000Z",
      "2026-10-25T02:06:00.000[Europe/Paris]",
    ]);
  });

  it("refuses an unknown dates.timezone instead of rejecting every row", () => {
    expect(() => bind("Europe/Pariss")).toThrow('dates.timezone: unknown time zone "Europe/Pariss"');
  });
});
