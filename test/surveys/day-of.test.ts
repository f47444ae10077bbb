import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { localDayCeil } from "../../src/periods/local-day.js";
import { dayOf } from "../../src/surveys/answers.js";

describe("local days (dayOf of anonymous answers, the coverage's day bounds)", () => {
  it("matches the calendar for every hour around both DST changes, in any order and time zone", () => {
    const zones = ["Europe/Paris", "America/New_York", "UTC"];
    const instants: Date[] = [];
    for (const day of ["2026-03-28", "2026-10-24"]) {
      const start = DateTime.fromISO(`${day}T00:00:00Z`).toMillis();
      for (let h = -2; h < 76; h++) instants.push(new Date(start + h * 3_600_000 + 17 * 60_000));
    }
    // Back and forth between days and zones, so a remembered day must never answer for another.
    const shuffled = instants.flatMap((at, i) => [at, instants[(i * 37) % instants.length] as Date]);
    for (const at of shuffled) {
      for (const zone of zones) {
        const expected = DateTime.fromJSDate(at, { zone }).startOf("day").toJSDate();
        expect(dayOf(at, zone).toISOString(), `${at.toISOString()} in ${zone}`).toBe(expected.toISOString());
        // The coverage's exclusive day end: the next local midnight, or the instant itself at a midnight.
        const start = DateTime.fromJSDate(at, { zone }).startOf("day");
        const ceil = start.toMillis() === at.getTime() ? at : start.plus({ days: 1 }).toJSDate();
        expect(localDayCeil(at, zone).toISOString()).toBe(ceil.toISOString());
        expect(localDayCeil(expected, zone).toISOString()).toBe(expected.toISOString());
      }
    }
    // The 25-hour day in Paris: 00:00 CEST (22:00Z the day before) to 00:00 CET (23:00Z).
    expect(dayOf(new Date("2026-10-25T22:59:00Z"), "Europe/Paris").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(dayOf(new Date("2026-10-25T23:00:00Z"), "Europe/Paris").toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });
});
