import { describe, expect, it } from "vitest";
import { formatUntil } from "../../src/surveys/format.js";

// The close date a survey confirmation states ("you can change it until …"), remembered per minute: checked by hand
// in Paris, including the instant "now" enters a new year (the year then appears, or disappears, at once).

const PARIS = "Europe/Paris";

describe("formatUntil", () => {
  it("says a close at local midnight as the day it ends, and another close with its time", () => {
    const now = new Date("2026-12-01T09:00:00Z");
    // 2026-12-19T00:00 Paris = the end of Friday 18 December.
    expect(formatUntil(new Date("2026-12-18T23:00:00Z"), "en", PARIS, now)).toBe("Friday 18 December");
    expect(formatUntil(new Date("2026-12-18T23:00:00Z"), "fr", PARIS, now)).toBe("vendredi 18 décembre");
    expect(formatUntil(new Date("2026-12-18T16:00:00Z"), "fr", PARIS, now)).toBe("vendredi 18 décembre, 17:00");
  });

  it("adds the year when the close is not in the current local year, from the minute the year turns", () => {
    const close = new Date("2027-01-08T23:00:00Z"); // end of Friday 8 January 2027, Paris
    // 23:59 on 31 December in Paris (22:59 UTC): the close is next year.
    expect(formatUntil(close, "en", PARIS, new Date("2026-12-31T22:59:30Z"))).toBe("Friday, 8 January 2027");
    // 00:00 on 1 January in Paris (23:00 UTC, still 2026 in UTC): the close is this year.
    expect(formatUntil(close, "en", PARIS, new Date("2026-12-31T23:00:10Z"))).toBe("Friday 8 January");
    // And back: the remembered text of the earlier minute is still right for it.
    expect(formatUntil(close, "en", PARIS, new Date("2026-12-31T22:59:50Z"))).toBe("Friday, 8 January 2027");
  });
});
