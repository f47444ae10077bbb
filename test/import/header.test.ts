import { describe, expect, it } from "vitest";
import { isKpibotError } from "../../src/errors.js";
import { matchHeader } from "../../src/import/header.js";

const expected = ["external_id", "kind", "opened_at"];

function failure(found: string[]): string {
  try {
    matchHeader(found, expected, "t.csv");
  } catch (e) {
    expect(isKpibotError(e, "INPUT_INVALID")).toBe(true);
    return (e as Error).message;
  }
  throw new Error("matchHeader accepted a wrong header");
}

describe("matchHeader", () => {
  it("finds each canonical column in any order, ignoring case and spaces", () => {
    expect(matchHeader([" Opened_At", "external_id", "KIND "], expected, "t.csv")).toEqual([1, 2, 0]);
  });

  it("names missing, unknown and repeated columns, with a suggestion for a typo", () => {
    const message = failure(["external_id", "opend_at", "title", "title"]);
    expect(message).toContain("t.csv: the header line does not match");
    expect(message).toContain("missing column(s): kind, opened_at");
    expect(message).toContain("unknown column(s): opend_at (did you mean opened_at?), title");
    expect(message).toContain("repeated column(s): title");
    expect(message).toContain("expected: external_id,kind,opened_at");
  });

  it("refuses a header with an extra column even when all expected ones are there", () => {
    expect(failure(["external_id", "kind", "opened_at", "sla_met"])).toContain("unknown column(s): sla_met");
  });
});
