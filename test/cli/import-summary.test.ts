import { describe, expect, it } from "vitest";
import { formatSummary, ticketSurveyLine } from "../../src/cli/commands/import.js";
import type { ImportSummary } from "../../src/import/types.js";

const base = {
  kind: "tickets",
  source: "glpi",
  fileName: "export.csv",
  dryRun: false,
  rows: 10,
  inserted: 8,
  updated: 2,
  unchanged: 0,
  duplicates: 0,
  rejected: 0,
  durationMs: 1200,
  rowsPerSecond: 8,
} as unknown as ImportSummary;

describe("the import summary of ticket surveys", () => {
  it("says how many were sent, and why the others were not", () => {
    expect(ticketSurveyLine({ sent: 3, already: 1, recent: 2, unmapped: 4, ignored: 0, failed: 1 })).toBe(
      "  ticket surveys: 3 sent; 2 skipped (the requester had one less than a week ago); 4 not sent (no requester e-mail, or nobody with it on a connected chat platform); 1 already sent; 1 failed (the chat platform refused; see the log)",
    );
    expect(ticketSurveyLine({ sent: 0, already: 0, recent: 0, unmapped: 0, ignored: 0, failed: 0 })).toBe(
      "  ticket surveys: 0 sent",
    );
  });

  it("is in the summary only when ticket surveys ran", () => {
    const report = { sent: 1, already: 0, recent: 0, unmapped: 0, ignored: 0, failed: 0 };
    expect(formatSummary({ ...base, repeatedHourResolved: 0, skippedHourShifted: 0 })).not.toContain("ticket surveys");
    expect(formatSummary({ ...base, repeatedHourResolved: 0, skippedHourShifted: 0, ticketSurveys: report })).toContain(
      "ticket surveys: 1 sent",
    );
  });
});
