import { describe, expect, it } from "vitest";
import { TICKET_DIMS } from "./calculators/tickets.js";
import { NUMERIC_DIMENSIONS, numericFilterValue } from "./filters.js";
import type { Dimension } from "./types.js";

describe("numeric filter values", () => {
  it("reads a number, with the letters people put before it, and nothing else", () => {
    expect(["2", "P2", "p2", " L3 ", "N 1"].map(numericFilterValue)).toEqual([2, 2, 2, 3, 1]);
    expect(["abc", "2a", "P-2", "", "1.5", "<https://x|1>"].map(numericFilterValue)).toEqual(Array(6).fill(undefined));
  });

  it("names exactly the dimensions the ticket queries store as integers (parsers and engine agree)", () => {
    const ints = Object.entries(TICKET_DIMS)
      .filter(([, c]) => c?.type === "int")
      .map(([d]) => d as Dimension);
    expect([...NUMERIC_DIMENSIONS].sort()).toEqual(ints.sort());
  });
});
