import type { Dimension } from "./types.js";

/**
 * Dimensions stored as whole numbers (a ticket's priority, its support level). A filter on one names
 * a number: `2`, or the number after the letters people put before it (`P2`, `L2`, `N2`).
 */
export const NUMERIC_DIMENSIONS: readonly Dimension[] = ["priority", "level"];

/**
 * The number a numeric dimension's filter value names, or undefined when it names none (`abc`).
 * The one rule: the engine filters with it, and the parsers of questions, targets and alerts refuse
 * what it cannot read before anything is computed or stored.
 */
export function numericFilterValue(value: string): number | undefined {
  const m = /^\s*[a-z]*\s*(\d+)\s*$/i.exec(value);
  return m ? Number(m[1]) : undefined;
}
