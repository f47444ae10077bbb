import { describe, expect, it } from "vitest";
import {
  formatChange,
  formatCurrency,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatPeriodShort,
  formatSignedValue,
  formatValue,
} from "./index.js";

const NB = "\u00a0"; // no-break space between a number and its unit
const NNB = "\u202f"; // narrow no-break space: fr-FR's thousands separator
/** Any kind of space as a plain one, for range texts where Intl picks thin spaces. */
const plain = (s: string) => s.replace(/\s/g, " ");

describe("numbers", () => {
  it("formats percentages and hours in each locale", () => {
    expect(formatValue(74.2, "percent", "en")).toBe(`74.2${NB}%`);
    expect(formatValue(74.2, "percent", "fr")).toBe(`74,2${NB}%`);
    expect(formatValue(70, "percent", "en")).toBe(`70${NB}%`);
    expect(formatValue(3.5, "hours", "en")).toBe(`3.5${NB}h`);
    expect(formatValue(3.5, "hours", "fr")).toBe(`3,5${NB}h`);
    expect(formatPercent(12.345, "fr")).toBe(`12,3${NB}%`);
  });

  it("formats money: no cents from 100 up, the currency where the locale puts it", () => {
    expect(formatValue(1234, "currency", "fr")).toBe(`1${NNB}234${NB}€`);
    expect(formatValue(1234, "currency", "en")).toBe("€1,234");
    expect(formatValue(18.5, "currency", "en")).toBe("€18.50");
    expect(formatCurrency(2500, "en", "USD")).toBe("US$2,500");
    expect(formatValue(950, "currency_per_asset_year", "en")).toBe(`€950${NB}per${NB}asset${NB}per${NB}year`);
  });

  it("counts tickets with plurals (French 0 and 1 are singular)", () => {
    expect(formatValue(1, "tickets", "en")).toBe(`1${NB}ticket`);
    expect(formatValue(0, "tickets", "en")).toBe(`0${NB}tickets`);
    expect(formatValue(0, "tickets", "fr")).toBe(`0${NB}ticket`);
    expect(formatValue(1234, "tickets", "fr")).toBe(`1${NNB}234${NB}tickets`);
    expect(formatValue(12, "changes", "fr")).toBe(`12${NB}changements`);
  });

  it("formats the other units", () => {
    expect(formatValue(32, "points", "en")).toBe("+32");
    expect(formatValue(-5, "points", "en")).toBe("-5");
    expect(formatValue(4.2, "score5", "fr")).toBe(`4,2${NB}/${NB}5`);
    expect(formatValue(4.5, "fte", "fr")).toBe(`4,5${NB}ETP`);
    expect(formatValue(118.26, "tickets_per_fte", "en")).toBe(`118.3${NB}tickets${NB}per${NB}FTE`);
    expect(formatNumber(1234.56, "en", 1)).toBe("1,234.6");
  });

  it("shows changes in points for percent KPIs and in percent otherwise, signed", () => {
    expect(formatChange(2.1, "points", "en")).toBe(`+2.1${NB}pts`);
    expect(formatChange(2.1, "points", "fr")).toBe(`+2,1${NB}pts`);
    expect(formatChange(-12.5, "percent", "en")).toBe(`-12.5${NB}%`);
    expect(formatChange(0, "points", "en")).toBe(`0${NB}pts`);
  });

  it("signs values in a KPI's unit for impacts", () => {
    expect(formatSignedValue(1.25, "percent", "en")).toBe(`+1.3${NB}pts`);
    expect(formatSignedValue(-2.5, "hours", "en")).toBe(`-2.5${NB}h`);
    expect(formatSignedValue(3, "points", "en")).toBe("+3");
    expect(formatSignedValue(-3, "points", "en")).toBe("-3");
    expect(formatSignedValue(0.04, "hours", "en")).toBe(`0${NB}h`);
  });
});

describe("periods", () => {
  // October 2026 in Europe/Paris (UTC+2 until 25 October, UTC+1 after).
  const october = {
    start: new Date("2026-09-30T22:00:00Z"),
    end: new Date("2026-10-31T23:00:00Z"),
    grain: "month" as const,
  };

  it("names months and quarters as people say them", () => {
    expect(formatPeriod(october, "en")).toBe("October 2026");
    expect(formatPeriod(october, "fr")).toBe("octobre 2026");
    const q3 = {
      start: new Date("2026-06-30T22:00:00Z"),
      end: new Date("2026-09-30T22:00:00Z"),
      grain: "quarter" as const,
    };
    expect(formatPeriod(q3, "en")).toBe("Q3 2026");
    expect(formatPeriod(q3, "fr")).toBe("T3 2026");
    const year = {
      start: new Date("2025-12-31T23:00:00Z"),
      end: new Date("2026-12-31T23:00:00Z"),
      grain: "year" as const,
    };
    expect(formatPeriod(year, "fr")).toBe("2026");
  });

  it("shows custom ranges with their last day (the end is exclusive)", () => {
    const range = {
      start: new Date("2026-09-30T22:00:00Z"),
      end: new Date("2026-10-15T22:00:00Z"),
      grain: "custom" as const,
    };
    expect(plain(formatPeriod(range, "en"))).toBe("1 – 15 Oct 2026");
    expect(plain(formatPeriod(range, "fr"))).toBe("1–15 oct. 2026");
    const oneDay = {
      start: new Date("2026-10-04T22:00:00Z"),
      end: new Date("2026-10-05T22:00:00Z"),
      grain: "custom" as const,
    };
    expect(formatPeriod(oneDay, "en")).toBe("5 Oct 2026");
  });

  it("names days and weeks", () => {
    const day = {
      start: new Date("2026-10-04T22:00:00Z"),
      end: new Date("2026-10-05T22:00:00Z"),
      grain: "day" as const,
    };
    expect(formatPeriod(day, "fr")).toBe("5 octobre 2026");
    const week = {
      start: new Date("2026-10-04T22:00:00Z"),
      end: new Date("2026-10-11T22:00:00Z"),
      grain: "week" as const,
    };
    expect(formatPeriod(week, "en")).toBe("week of 5 Oct 2026");
    expect(formatPeriod(week, "fr")).toBe("semaine du 5 oct. 2026");
  });

  it("reads the period in the organisation's time zone", () => {
    // The Paris month starts on 30 September at 18:00 in New York.
    expect(formatPeriod(october, "en", "America/New_York")).toBe("September 2026");
  });

  it("has compact labels for chart axes", () => {
    expect(formatPeriodShort(october, "en")).toBe("Oct 2026");
    expect(formatPeriodShort(october, "fr")).toBe("oct. 2026");
  });
});
