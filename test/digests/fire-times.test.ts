import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { due, type FireRule, nextFire, nextFires, parseDuration, parseTime } from "../../src/scheduler/fire-times.js";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const paris = (rule: Omit<FireRule, "timezone">): FireRule => ({ ...rule, timezone: "Europe/Paris" });

describe("nextFires: DST in Europe/Paris, a 02:30 daily schedule", () => {
  const rule = paris({ frequency: "daily", time: "02:30" });

  it("spring forward (29 March 2026, 02:00 → 03:00): fires once, at the first valid instant after the gap (03:00 CEST)", () => {
    const fires = nextFires(rule, new Date("2026-03-27T12:00:00Z"), new Date("2026-03-30T12:00:00Z"));
    // 28 March 02:30 CET = 01:30Z; 29 March: 02:30 does not exist, the clock jumps at 01:00Z (= 03:00 CEST);
    // 30 March 02:30 CEST = 00:30Z.
    expect(iso(fires)).toEqual(["2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
    const local = DateTime.fromJSDate(fires[1] as Date, { zone: "Europe/Paris" });
    expect(local.toFormat("yyyy-MM-dd HH:mm ZZ")).toBe("2026-03-29 03:00 +02:00");
  });

  it("fall back (25 October 2026, 03:00 → 02:00): fires once, at the first 02:30 (CEST)", () => {
    const fires = nextFires(rule, new Date("2026-10-24T00:00:00Z"), new Date("2026-10-26T12:00:00Z"));
    // 24 Oct 02:30 CEST = 00:30Z; 25 Oct: 02:30 happens at 00:30Z (CEST) and 01:30Z (CET): the first one;
    // 26 Oct 02:30 CET = 01:30Z.
    expect(iso(fires)).toEqual(["2026-10-24T00:30:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
  });

  it("due() after the first 02:30 of 25 October does not fire again at the second one", () => {
    expect(due(rule, new Date("2026-10-25T00:30:00Z"), new Date("2026-10-25T02:00:00Z"))).toEqual([]);
  });

  it("a 08:00 schedule keeps 08:00 local across both changes", () => {
    const r = paris({ frequency: "daily", time: "08:00" });
    const spring = nextFires(r, new Date("2026-03-28T12:00:00Z"), new Date("2026-03-30T00:00:00Z"));
    expect(iso(spring)).toEqual(["2026-03-29T06:00:00.000Z"]);
    const autumn = nextFires(r, new Date("2026-10-24T12:00:00Z"), new Date("2026-10-26T00:00:00Z"));
    expect(iso(autumn)).toEqual(["2026-10-25T07:00:00.000Z"]);
  });
});

describe("nextFires: frequencies", () => {
  it("weekly on Monday 08:30", () => {
    const r = paris({ frequency: "weekly", dayOfWeek: 1, time: "08:30" });
    // Mondays 4 and 11 January 2027, 08:30 CET = 07:30Z.
    const fires = nextFires(r, new Date("2027-01-01T00:00:00Z"), new Date("2027-01-15T00:00:00Z"));
    expect(iso(fires)).toEqual(["2027-01-04T07:30:00.000Z", "2027-01-11T07:30:00.000Z"]);
  });

  it("weekdays skip Saturday and Sunday", () => {
    const r = paris({ frequency: "weekdays", time: "08:00" });
    // Friday 8, (Sat 9, Sun 10 skipped), Monday 11, Tuesday 12 January 2027.
    const fires = nextFires(r, new Date("2027-01-08T00:00:00Z"), new Date("2027-01-12T23:00:00Z"));
    expect(iso(fires)).toEqual(["2027-01-08T07:00:00.000Z", "2027-01-11T07:00:00.000Z", "2027-01-12T07:00:00.000Z"]);
  });

  it("monthly on the last day: 31 January, 28 February 2027 (not a leap year), 31 March (after the spring change)", () => {
    const r = paris({ frequency: "monthly", dayOfMonth: -1, time: "18:00" });
    const fires = nextFires(r, new Date("2027-01-01T00:00:00Z"), new Date("2027-04-01T00:00:00Z"));
    expect(iso(fires)).toEqual(["2027-01-31T17:00:00.000Z", "2027-02-28T17:00:00.000Z", "2027-03-31T16:00:00.000Z"]);
  });

  it("monthly on the 31st fires on the last day of shorter months", () => {
    const r = paris({ frequency: "monthly", dayOfMonth: 31, time: "09:00" });
    const fires = nextFires(r, new Date("2027-02-01T00:00:00Z"), new Date("2027-05-01T00:00:00Z"));
    expect(iso(fires)).toEqual(["2027-02-28T08:00:00.000Z", "2027-03-31T07:00:00.000Z", "2027-04-30T07:00:00.000Z"]);
  });

  it("hourly in a half-hour zone (Asia/Kolkata, +05:30): local minute 15 is UTC minute 45", () => {
    const r: FireRule = { frequency: "hourly", time: "00:15", timezone: "Asia/Kolkata" };
    const fires = nextFires(r, new Date("2027-01-01T00:00:00Z"), new Date("2027-01-01T03:00:00Z"));
    expect(iso(fires)).toEqual(["2027-01-01T00:45:00.000Z", "2027-01-01T01:45:00.000Z", "2027-01-01T02:45:00.000Z"]);
  });

  it("hourly across the autumn change in Paris: every real hour, 02:00 twice", () => {
    const r = paris({ frequency: "hourly", time: "00:00" });
    const fires = nextFires(r, new Date("2026-10-24T23:30:00Z"), new Date("2026-10-25T02:00:00Z"));
    expect(iso(fires)).toEqual(["2026-10-25T00:00:00.000Z", "2026-10-25T01:00:00.000Z", "2026-10-25T02:00:00.000Z"]);
  });

  it("the range is half-open (after, until]: a fire exactly at `after` is not repeated, one at `until` is due", () => {
    const r = paris({ frequency: "daily", time: "08:30" });
    const fire = new Date("2027-01-04T07:30:00Z");
    expect(due(r, fire, new Date("2027-01-05T07:29:59Z"))).toEqual([]);
    expect(iso(due(r, fire, new Date("2027-01-05T07:30:00Z")))).toEqual(["2027-01-05T07:30:00.000Z"]);
    expect(nextFire(r, fire)?.toISOString()).toBe("2027-01-05T07:30:00.000Z");
  });

  it("property: every local day fires exactly once, at the asked wall time unless the clock skips it", () => {
    const zones = ["Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 700 }),
        (timezone, h, m, dayOffset) => {
          const time = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
          const start = DateTime.fromISO("2026-01-01", { zone: timezone }).plus({ days: dayOffset });
          const fires = nextFires(
            { frequency: "daily", time, timezone },
            start.toJSDate(),
            start.plus({ days: 10 }).toJSDate(),
          );
          const days = fires.map((f) => DateTime.fromJSDate(f, { zone: timezone }).toISODate());
          expect(new Set(days).size).toBe(days.length);
          expect(days.length).toBeGreaterThanOrEqual(9);
          const minuteOfDay = (d: DateTime) => d.hour * 60 + d.minute;
          for (const f of fires) {
            const local = DateTime.fromJSDate(f, { zone: timezone });
            if (minuteOfDay(local) === h * 60 + m) continue;
            // Otherwise the asked time fell in a gap: the fire is the jump itself (a minute earlier
            // the wall clock read before the asked time, now it reads after it).
            const before = DateTime.fromMillis(f.getTime() - 60_000, { zone: timezone });
            expect(minuteOfDay(before)).toBeLessThan(h * 60 + m);
            expect(minuteOfDay(local)).toBeGreaterThan(h * 60 + m);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("parsing times and durations", () => {
  it("reads HH:MM, 8h30 and 8h; rejects 25:00 and 8", () => {
    expect(parseTime("08:30")).toEqual([8, 30]);
    expect(parseTime("8h30")).toEqual([8, 30]);
    expect(parseTime("8h")).toEqual([8, 0]);
    expect(parseTime("25:00")).toBeUndefined();
    expect(parseTime("8")).toBeUndefined();
  });

  it("reads KPIBOT_DIGEST_CATCHUP durations", () => {
    expect(parseDuration("6h")).toBe(6 * 3600_000);
    expect(parseDuration("30m")).toBe(30 * 60_000);
    expect(parseDuration("1h30m")).toBe(90 * 60_000);
    expect(parseDuration("2d")).toBe(48 * 3600_000);
    expect(parseDuration("0")).toBe(0);
    expect(parseDuration("six hours")).toBeUndefined();
  });
});
