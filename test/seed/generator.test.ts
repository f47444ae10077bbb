import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { demoPeople } from "../../src/seed/adherence.js";
import { addBusinessish, buildCalendar, dayIndexOf } from "../../src/seed/calendar.js";
import { forkRng, hashSeed, mulberry32, Weighted } from "../../src/seed/random.js";
import { dailyCounts, TICKET_COLUMNS, ticketBatches } from "../../src/seed/tickets.js";

const NOW = new Date("2026-03-15T10:00:00Z"); // a Sunday, mid-March
const col = (name: string) => TICKET_COLUMNS.findIndex((c) => c.name === name);

function generate(total: number, seed: number | string, months = 12) {
  const calendar = buildCalendar(NOW, months, "Europe/Paris");
  const plan = { calendar, total, people: demoPeople(500) };
  return { calendar, rows: [...ticketBatches(plan, forkRng(seed, "tickets"), 1000)].flat() };
}

const digest = (rows: unknown[][]) => createHash("sha256").update(JSON.stringify(rows)).digest("hex");

describe("seeded randomness", () => {
  it("mulberry32 repeats its sequence for a seed, differs for another, stays in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c.next())).not.toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // Uniform enough: the mean of 1,000 draws is near 0.5.
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.05);
  });

  it("hashes text seeds (FNV-1a: '' is the offset basis, 'a' its published value)", () => {
    expect(hashSeed("")).toBe(0x811c9dc5);
    expect(hashSeed("a")).toBe(0xe40c292c);
    expect(hashSeed(7)).toBe(hashSeed("7"));
  });

  it("draws weighted items in proportion", () => {
    const w = new Weighted([
      ["a", 3],
      ["b", 1],
      ["never", 0],
    ] as const);
    const rng = mulberry32(1);
    const draws = Array.from({ length: 4000 }, () => w.draw(rng));
    const a = draws.filter((d) => d === "a").length;
    expect(a / 4000).toBeGreaterThan(0.7);
    expect(a / 4000).toBeLessThan(0.8);
    expect(draws).not.toContain("never");
  });
});

describe("demo calendar", () => {
  it("covers the M whole months before the current one, in the organisation's time zone", () => {
    const cal = buildCalendar(NOW, 2, "Europe/Paris");
    // 1 January 2026, 00:00 in Paris (UTC+1).
    expect(new Date(cal.start).toISOString()).toBe("2025-12-31T23:00:00.000Z");
    expect(cal.months.map((m) => m.label)).toEqual(["janvier 2026", "février 2026", "mars 2026"]);
    expect(cal.months[2]?.elapsed).toBeCloseTo((14 * 24 + 10) / (31 * 24 - 1), 2);
    expect(cal.days[cal.today]?.day).toBe(15);
    expect(cal.days[cal.today]?.weekday).toBe(7);
  });

  it("knows DST days and finds the day of an instant across them", () => {
    const cal = buildCalendar(NOW, 2, "Europe/Paris");
    const i = dayIndexOf(cal, Date.parse("2026-03-29T12:00:00Z"));
    const day = cal.days[i];
    expect(day?.day).toBe(29);
    // The last Sunday of March has 23 hours in Paris.
    expect((cal.days[i + 1]?.start ?? 0) - (day?.start ?? 0)).toBe(23 * 3_600_000);
  });

  it("moves P3/P4 deadlines that land on a weekend to Monday", () => {
    const cal = buildCalendar(NOW, 2, "Europe/Paris");
    const friday = Date.parse("2026-03-13T15:00:00Z");
    expect(new Date(addBusinessish(cal, friday, 24)).toISOString()).toBe("2026-03-16T15:00:00.000Z");
    const monday = Date.parse("2026-03-09T15:00:00Z");
    expect(new Date(addBusinessish(cal, monday, 24)).toISOString()).toBe("2026-03-10T15:00:00.000Z");
  });
});

describe("ticket generator", () => {
  it("spreads exactly N tickets over the days, with weekdays, August and December dips", () => {
    const cal = buildCalendar(NOW, 18, "Europe/Paris");
    const counts = dailyCounts(cal, 50_000, mulberry32(3));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(50_000);
    expect(counts.length).toBe(cal.today + 1);
    const mean = (pred: (i: number) => boolean) => {
      const xs = counts.filter((_, i) => pred(i));
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const day = (i: number) => cal.days[i] as NonNullable<(typeof cal.days)[number]>;
    const weekday = (i: number) => day(i).weekday <= 5 && !day(i).holiday;
    expect(mean((i) => day(i).weekday === 1 && !day(i).holiday)).toBeGreaterThan(mean((i) => day(i).weekday === 5));
    expect(mean((i) => day(i).weekday >= 6)).toBeLessThan(mean(weekday) / 4);
    expect(mean((i) => weekday(i) && day(i).month === 8)).toBeLessThan(
      mean((i) => weekday(i) && day(i).month === 9) * 0.7,
    );
    expect(mean((i) => weekday(i) && day(i).month === 12)).toBeLessThan(mean((i) => weekday(i) && day(i).month === 11));
  });

  it("is deterministic: same seed and now give identical rows, another seed different ones", () => {
    const a = generate(3000, 11);
    expect(a.rows.length).toBe(3000);
    expect(digest(generate(3000, 11).rows)).toBe(digest(a.rows));
    expect(digest(generate(3000, 12).rows)).not.toBe(digest(a.rows));
  });

  it("writes consistent tickets: times in order, FCR only at level 1, open tickets not closed", () => {
    const { calendar, rows } = generate(5000, 5);
    const now = calendar.now;
    const v = (row: unknown[], name: string) => row[col(name)] as number | boolean | string | null;
    for (const row of rows) {
      const opened = v(row, "opened_at") as number;
      const response = v(row, "first_response_at") as number | null;
      const resolved = v(row, "resolved_at") as number | null;
      const closed = v(row, "closed_at") as number | null;
      expect(opened).toBeGreaterThanOrEqual(calendar.start);
      expect(opened).toBeLessThanOrEqual(now);
      if (response !== null) expect(response).toBeGreaterThanOrEqual(opened);
      if (resolved !== null) expect(resolved).toBeGreaterThanOrEqual(opened);
      if (resolved !== null) expect(resolved).toBeLessThanOrEqual(now);
      if (closed !== null) expect(closed).toBeGreaterThan(resolved as number);
      if (resolved === null) expect(closed).toBeNull();
      if (v(row, "first_contact_resolution") === true) expect(v(row, "support_level")).toBe(1);
      if (v(row, "automated") === true) expect(v(row, "support_level")).toBe(1);
      expect([1, 2, 3, 4]).toContain(v(row, "priority"));
      expect(v(row, "response_due_at") === null).toBe(v(row, "resolution_due_at") === null);
      expect(v(row, "requester_email")).toMatch(/^[a-z-]+\.[a-z-]+\d*@kpibot-demo\.example$/);
    }
  });
});

describe("demo people", () => {
  it("are unique, with ASCII e-mails", () => {
    const people = demoPeople(2500);
    expect(new Set(people.emails).size).toBe(2500);
    expect(new Set(people.names).size).toBe(2500);
    // Person i = FIRST_NAMES[i % 40] + LAST_NAMES[(floor(i / 40) + i) % 50]; homonyms after 2,000 get a number.
    expect(people.emails[4]).toBe("elise.robert@kpibot-demo.example");
    expect(people.emails[41]).toBe("benoit.mathieu@kpibot-demo.example");
    expect(people.names[2004]).toBe("Élise Robert (2)");
    expect(people.emails[2004]).toBe("elise.robert2@kpibot-demo.example");
  });
});
