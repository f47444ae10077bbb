import type { Options } from "csv-stringify";

// A cell a spreadsheet would read as a formula (OWASP "CSV injection"): = + - @ start one, and a leading
// TAB or CR is dropped by some of them, exposing what follows. Ticket titles, survey comments and file cells
// come from people kpibot does not trust, and the files kpibot writes are opened in Excel or LibreOffice.
const FORMULA_START = /^[=+\-@\t\r]/;
// A plain negative (or signed) decimal such as -3 or -0.25 is a number to every spreadsheet, not a formula:
// it is written as is, so figures stay figures (summable, right-aligned) instead of turning into text.
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;

/**
 * A text cell as kpibot writes it into a CSV meant for spreadsheets: prefixed with `'` when a spreadsheet
 * would take it for a formula (the OWASP rule); the apostrophe shows the cell is text and is not displayed.
 * Numbers held as JavaScript numbers never pass here (csv-stringify casts them apart) and plain decimal
 * strings such as `-12.5` are left alone.
 */
export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** csv-stringify options that apply spreadsheetSafe to every string cell (headers included). */
export const SPREADSHEET_SAFE: Pick<Options, "cast"> = { cast: { string: (value) => spreadsheetSafe(value) } };
