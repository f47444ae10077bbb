import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInstant } from "../../src/import/timestamp.js";

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);

describe("parseInstant", () => {
  it.each([
    ["2026-03-02T09:15:00Z", utc(2026, 3, 2, 9, 15)],
    ["2026-03-02T09:15:00+01:00", utc(2026, 3, 2, 8, 15)],
    ["2026-03-02T09:15:00+0100", utc(2026, 3, 2, 8, 15)],
    ["2026-03-02T09:15:00+01", utc(2026, 3, 2, 8, 15)],
    ["2026-03-05T23:30:00-05:00", utc(2026, 3, 6, 4, 30)],
    ["2026-03-02T09:15:00-09:30", utc(2026, 3, 2, 18, 45)],
    ["2026-03-02T09:15Z", utc(2026, 3, 2, 9, 15)],
    ["2026-03-02 09:15:00Z", utc(2026, 3, 2, 9, 15)],
    ["2026-03-10T02:00:00.25Z", utc(2026, 3, 10, 2, 0, 0, 250)],
    ["2026-03-10T02:00:00.123456+00:00", utc(2026, 3, 10, 2, 0, 0, 123)],
    ["2024-02-29T12:00:00z", utc(2024, 2, 29, 12)],
    ["2026-12-31T23:59:59+14:00", utc(2026, 12, 31, 9, 59, 59)],
  ])("reads %s", (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each([
    ["2026-03-02T09:15:00", "has no time zone (add Z or an offset such as +02:00)"],
    ["2026-03-02", "has no time and no time zone"],
    ["2026-02-29T10:00:00Z", "is not a valid date and time"],
    ["2026-04-31T10:00:00Z", "is not a valid date and time"],
    ["2026-13-01T10:00:00Z", "is not a valid date and time"],
    ["2026-03-02T24:00:00Z", "is not a valid date and time"],
    ["2026-03-02T10:60:00Z", "is not a valid date and time"],
    ["0026-03-02T10:00:00Z", "is not a valid date and time"],
    ["2026-03-02T10:00:00+19:00", "has an invalid offset"],
    ["02/03/2026 10:00", "is not an ISO-8601 timestamp"],
    ["yesterday", "is not an ISO-8601 timestamp"],
    ["2026-03-02T10:00:00Zjunk", "is not an ISO-8601 timestamp"],
  ])("refuses %s", (text, reason) => {
    const r = parseInstant(text);
    expect(typeof r).toBe("string");
    expect(r).toContain(`"${text}" ${reason}`);
  });

  it("reads back any instant written as ISO-8601 with any offset", () => {
    const instant = fc.date({
      min: new Date("1970-01-01T00:00:00Z"),
      max: new Date("2199-12-31T00:00:00Z"),
      noInvalidDate: true,
    });
    const offset = fc.integer({ min: -14 * 60, max: 14 * 60 });
    fc.assert(
      fc.property(instant, offset, (date, minutes) => {
        // Write the instant as local time at that offset, the way an export from another zone would.
        const local = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 23);
        const sign = minutes < 0 ? "-" : "+";
        const abs = Math.abs(minutes);
        const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
        expect(parseInstant(`${local}${zone}`)).toBe(date.getTime());
      }),
    );
  });
});
