import { describe, expect, it } from "vitest";
import { findPeriodPhrase, normalizePeriodText, PERIOD_EXAMPLES, parsePeriod } from "../../src/periods/index.js";

// Sunday 15 November 2026, 11:00 in Paris (CET, UTC+1).
const ctx = { now: new Date("2026-11-15T10:00:00Z"), timezone: "Europe/Paris" };

/** Parses or fails the test. */
function period(text: string, c = ctx) {
  const r = parsePeriod(text, c);
  if (!r.ok) throw new Error(`"${text}" did not parse: ${r.reason}`);
  return r.period;
}

// Expected bounds written by hand: local midnights in Paris, as UTC instants
// (CEST = UTC+2 until 25 October 2026, CET = UTC+1 after).
const cases: [string, string, string, string, string][] = [
  // text, grain, label, start (UTC), end (UTC)
  ["today", "day", "2026-11-15", "2026-11-14T23:00:00.000Z", "2026-11-15T23:00:00.000Z"],
  ["aujourd'hui", "day", "2026-11-15", "2026-11-14T23:00:00.000Z", "2026-11-15T23:00:00.000Z"],
  ["Yesterday", "day", "2026-11-14", "2026-11-13T23:00:00.000Z", "2026-11-14T23:00:00.000Z"],
  ["hier", "day", "2026-11-14", "2026-11-13T23:00:00.000Z", "2026-11-14T23:00:00.000Z"],
  // Weeks start on Monday: 9–15 November is ISO week 46.
  ["this week", "week", "2026-W46", "2026-11-08T23:00:00.000Z", "2026-11-15T23:00:00.000Z"],
  ["cette semaine", "week", "2026-W46", "2026-11-08T23:00:00.000Z", "2026-11-15T23:00:00.000Z"],
  ["last week", "week", "2026-W45", "2026-11-01T23:00:00.000Z", "2026-11-08T23:00:00.000Z"],
  ["semaine dernière", "week", "2026-W45", "2026-11-01T23:00:00.000Z", "2026-11-08T23:00:00.000Z"],
  ["La Semaine Derniere", "week", "2026-W45", "2026-11-01T23:00:00.000Z", "2026-11-08T23:00:00.000Z"],
  ["this month", "month", "2026-11", "2026-10-31T23:00:00.000Z", "2026-11-30T23:00:00.000Z"],
  ["ce mois-ci", "month", "2026-11", "2026-10-31T23:00:00.000Z", "2026-11-30T23:00:00.000Z"],
  // October starts in CEST (22:00Z) and ends in CET (23:00Z).
  ["last month", "month", "2026-10", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  ["mois dernier", "month", "2026-10", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  ["le mois dernier", "month", "2026-10", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  ["this quarter", "quarter", "2026-Q4", "2026-09-30T22:00:00.000Z", "2026-12-31T23:00:00.000Z"],
  ["ce trimestre", "quarter", "2026-Q4", "2026-09-30T22:00:00.000Z", "2026-12-31T23:00:00.000Z"],
  ["last quarter", "quarter", "2026-Q3", "2026-06-30T22:00:00.000Z", "2026-09-30T22:00:00.000Z"],
  ["trimestre dernier", "quarter", "2026-Q3", "2026-06-30T22:00:00.000Z", "2026-09-30T22:00:00.000Z"],
  ["this year", "year", "2026", "2025-12-31T23:00:00.000Z", "2026-12-31T23:00:00.000Z"],
  ["cette année", "year", "2026", "2025-12-31T23:00:00.000Z", "2026-12-31T23:00:00.000Z"],
  ["last year", "year", "2025", "2024-12-31T23:00:00.000Z", "2025-12-31T23:00:00.000Z"],
  ["année dernière", "year", "2025", "2024-12-31T23:00:00.000Z", "2025-12-31T23:00:00.000Z"],
  ["l'année dernière", "year", "2025", "2024-12-31T23:00:00.000Z", "2025-12-31T23:00:00.000Z"],
  // Year to date includes today: 1 January to tomorrow midnight.
  ["year to date", "custom", "2026-01-01..2026-11-15", "2025-12-31T23:00:00.000Z", "2026-11-15T23:00:00.000Z"],
  ["ytd", "custom", "2026-01-01..2026-11-15", "2025-12-31T23:00:00.000Z", "2026-11-15T23:00:00.000Z"],
  [
    "depuis le début de l'année",
    "custom",
    "2026-01-01..2026-11-15",
    "2025-12-31T23:00:00.000Z",
    "2026-11-15T23:00:00.000Z",
  ],
  // Last N days: the N complete days before today (16 Oct .. 14 Nov is 30 days).
  ["last 30 days", "custom", "2026-10-16..2026-11-14", "2026-10-15T22:00:00.000Z", "2026-11-14T23:00:00.000Z"],
  ["30 derniers jours", "custom", "2026-10-16..2026-11-14", "2026-10-15T22:00:00.000Z", "2026-11-14T23:00:00.000Z"],
  ["les 30 derniers jours", "custom", "2026-10-16..2026-11-14", "2026-10-15T22:00:00.000Z", "2026-11-14T23:00:00.000Z"],
  // Last N weeks: complete weeks before this one (W44 and W45).
  ["last 2 weeks", "custom", "2026-10-26..2026-11-08", "2026-10-25T23:00:00.000Z", "2026-11-08T23:00:00.000Z"],
  ["2 dernières semaines", "custom", "2026-10-26..2026-11-08", "2026-10-25T23:00:00.000Z", "2026-11-08T23:00:00.000Z"],
  // Last N months: complete months before this one (August, September, October).
  ["last 3 months", "custom", "2026-08-01..2026-10-31", "2026-07-31T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  ["3 derniers mois", "custom", "2026-08-01..2026-10-31", "2026-07-31T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  ["last 1 month", "month", "2026-10", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  // A month name alone is the most recent one that has started.
  ["october", "month", "2026-10", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  ["octobre", "month", "2026-10", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  ["décembre", "month", "2025-12", "2025-11-30T23:00:00.000Z", "2025-12-31T23:00:00.000Z"],
  ["octobre 2026", "month", "2026-10", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  ["Oct 2026", "month", "2026-10", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  ["février 2026", "month", "2026-02", "2026-01-31T23:00:00.000Z", "2026-02-28T23:00:00.000Z"],
  ["2026-10", "month", "2026-10", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z"],
  ["2026", "year", "2026", "2025-12-31T23:00:00.000Z", "2026-12-31T23:00:00.000Z"],
  ["q3", "quarter", "2026-Q3", "2026-06-30T22:00:00.000Z", "2026-09-30T22:00:00.000Z"],
  ["Q3 2026", "quarter", "2026-Q3", "2026-06-30T22:00:00.000Z", "2026-09-30T22:00:00.000Z"],
  ["T3 2026", "quarter", "2026-Q3", "2026-06-30T22:00:00.000Z", "2026-09-30T22:00:00.000Z"],
  ["2026-Q3", "quarter", "2026-Q3", "2026-06-30T22:00:00.000Z", "2026-09-30T22:00:00.000Z"],
  ["q1 2025", "quarter", "2025-Q1", "2024-12-31T23:00:00.000Z", "2025-03-31T22:00:00.000Z"],
  ["2026-W41", "week", "2026-W41", "2026-10-04T22:00:00.000Z", "2026-10-11T22:00:00.000Z"],
  // Explicit range: the end day is included, so the period ends at the next midnight.
  [
    "2026-10-01..2026-10-15",
    "custom",
    "2026-10-01..2026-10-15",
    "2026-09-30T22:00:00.000Z",
    "2026-10-15T22:00:00.000Z",
  ],
  [
    "du 2026-10-01 au 2026-10-15",
    "custom",
    "2026-10-01..2026-10-15",
    "2026-09-30T22:00:00.000Z",
    "2026-10-15T22:00:00.000Z",
  ],
  ["2026-10-05", "day", "2026-10-05", "2026-10-04T22:00:00.000Z", "2026-10-05T22:00:00.000Z"],
];

describe("parsePeriod", () => {
  it.each(cases)("%s", (text, grain, label, start, end) => {
    const p = period(text);
    expect(p.grain).toBe(grain);
    expect(p.label).toBe(label);
    expect(p.start.toISOString()).toBe(start);
    expect(p.end.toISOString()).toBe(end);
  });

  it.each(cases)("the label of %s parses back to the same bounds", (text) => {
    const p = period(text);
    const again = period(p.label);
    expect(again.start.getTime()).toBe(p.start.getTime());
    expect(again.end.getTime()).toBe(p.end.getTime());
    expect(again.label).toBe(p.label);
  });

  it("understands every example it advertises, in both languages", () => {
    for (const text of [...PERIOD_EXAMPLES.en, ...PERIOD_EXAMPLES.fr]) expect(parsePeriod(text, ctx).ok).toBe(true);
  });

  it("gives a reason when the text is not a period", () => {
    const reason = (t: string) => {
      const r = parsePeriod(t, ctx);
      return r.ok ? "ok" : r.reason;
    };
    expect(reason("")).toBe("empty");
    expect(reason("   ")).toBe("empty");
    expect(reason("by group")).toBe("unknown");
    expect(reason("last")).toBe("unknown");
    expect(reason("2026-02-30")).toBe("invalid_date");
    expect(reason("2026-13")).toBe("invalid_date");
    expect(reason("2026-W54")).toBe("invalid_date");
    expect(reason("2026-10-15..2026-10-01")).toBe("reversed_range");
    expect(reason("last 0 days")).toBe("out_of_range");
    expect(reason("1066")).toBe("out_of_range");
  });

  it("makes a 'yesterday' 23 hours long after the spring change and 25 hours after the autumn one", () => {
    // 29 March 2026: clocks go from 02:00 CET to 03:00 CEST.
    const spring = period("yesterday", { ...ctx, now: new Date("2026-03-30T08:00:00Z") });
    expect(spring.label).toBe("2026-03-29");
    expect(spring.start.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(spring.end.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    // 25 October 2026: clocks go from 03:00 CEST back to 02:00 CET.
    const autumn = period("hier", { ...ctx, now: new Date("2026-10-26T08:00:00Z") });
    expect(autumn.label).toBe("2026-10-25");
    expect(autumn.start.toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(autumn.end.toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
  });

  it("computes relative periods in the organisation's time zone, not UTC", () => {
    // 31 Oct 23:30 UTC is already 1 November in Paris: "this month" is November there, October in UTC.
    const now = new Date("2026-10-31T23:30:00Z");
    expect(period("this month", { now, timezone: "Europe/Paris" }).label).toBe("2026-11");
    expect(period("this month", { now, timezone: "UTC" }).label).toBe("2026-10");
  });

  it("normalises accents, case, apostrophes and hyphens", () => {
    expect(normalizePeriodText("  L’Année   Dernière ")).toBe("annee derniere");
    expect(normalizePeriodText("Ce Mois-Ci")).toBe("ce mois ci");
  });
});

describe("findPeriodPhrase", () => {
  const tokens = (s: string) => s.split(" ");

  it("finds the longest period at the head of the remaining words", () => {
    const found = findPeriodPhrase(tokens("fcr mois dernier par priorité"), ctx, 1);
    expect(found?.text).toBe("mois dernier");
    expect(found?.start).toBe(1);
    expect(found?.length).toBe(2);
    expect(found?.period.label).toBe("2026-10");
  });

  it("takes a multi-word French phrase whole", () => {
    const found = findPeriodPhrase(tokens("sla depuis le début de l'année by group"), ctx, 1);
    expect(found?.length).toBe(5);
    expect(found?.period.label).toBe("2026-01-01..2026-11-15");
  });

  it("prefers 'octobre 2026' to 'octobre' alone", () => {
    const found = findPeriodPhrase(tokens("octobre 2025 par groupe"), ctx);
    expect(found?.length).toBe(2);
    expect(found?.period.label).toBe("2025-10");
  });

  it("returns null when the next words are not a period", () => {
    expect(findPeriodPhrase(tokens("fcr by group"), ctx, 1)).toBeNull();
    expect(findPeriodPhrase(tokens("fcr"), ctx, 1)).toBeNull();
  });
});
