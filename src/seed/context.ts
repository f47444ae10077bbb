import type { Cell, Column } from "../store/bulk-columns.js";
import type { DemoCalendar } from "./calendar.js";

/** What every demo family generator reads. */
export interface DemoContext {
  calendar: DemoCalendar;
  /** The seed, as given (each family forks its own generator from it). */
  seed: number | string;
  /** Size of the organisation relative to the default demo (≈1,100 tickets a month ⇒ 1). */
  scale: number;
  currency: string;
}

/** Rows for one table, ready for `writeRows`. */
export interface TableRows {
  table: string;
  columns: readonly Column[];
  rows: Cell[][];
}

/** Rounds to a number of decimals (money to cents, FTE to tenths). */
export function round(value: number, decimals = 0): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
