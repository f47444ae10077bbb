import { z } from "zod";

// A row is validated in two cheap steps: each cell is converted from its raw string (empty → null,
// "4" → 4, an ISO instant → Date; an unconvertible cell becomes a BadCell holding the reason), then
// one zod object schema without transforms checks the typed row and words every message. Zod
// transforms cost ~10× a plain object parse per row, which matters at a million rows.

/** A cell that could not be converted; zod rejects it with `reason`. */
export class BadCell {
  constructor(readonly reason: string) {}
}

/** One column: how to convert its raw string, and the zod schema of the converted value. */
export interface Cell<T> {
  convert(raw: string): unknown;
  schema: z.ZodType<T>;
}

const REQUIRED = "is required (the cell is empty)";

/** Shortens a bad value quoted back in a message. */
function shown(value: unknown): string {
  const s = String(value);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** A zod error map: empty → "is required", BadCell → its reason, anything else → `expected, got "x"`. */
function explain(expected: string) {
  return (issue: { input?: unknown }) => {
    const v = issue.input;
    if (v === null || v === undefined) return REQUIRED;
    if (v instanceof BadCell) return v.reason;
    return `${expected}, got ${shown(v)}`;
  };
}

const trimmed = (raw: string): string | null => {
  const v = raw.trim();
  return v === "" ? null : v;
};

/** Free text, trimmed; optional unless `required`. */
export function text(opts: { max: number; required: true }): Cell<string>;
export function text(opts: { max: number; required?: false }): Cell<string | null>;
export function text(opts: { max: number; required?: boolean }): Cell<string | null> {
  const s = z
    .string({ error: explain("must be text") })
    .max(opts.max, { error: `is longer than ${opts.max} characters` });
  return { convert: trimmed, schema: opts.required ? s : s.nullable() };
}

/** One of a fixed set of lower-case codes (input compared case-insensitively). */
export function code<const T extends string>(values: readonly T[], opts: { required: true }): Cell<T>;
export function code<const T extends string>(values: readonly T[], opts?: { required?: false }): Cell<T | null>;
export function code<const T extends string>(values: readonly T[], opts: { required?: boolean } = {}): Cell<T | null> {
  const s = z.enum(values as [T, ...T[]], { error: explain(`must be one of ${values.join(", ")}`) });
  return { convert: (raw) => trimmed(raw)?.toLowerCase() ?? null, schema: opts.required ? s : s.nullable() };
}

/** A whole number in [min, max]; an empty cell is `empty` (null unless given). */
export function integer(min: number, max: number): Cell<number | null>;
export function integer(min: number, max: number, empty: number): Cell<number>;
export function integer(min: number, max: number, empty: number | null = null): Cell<number | null> {
  const expected = `must be a whole number ${max >= 1e6 ? `≥ ${min}` : `from ${min} to ${max}`}`;
  const error = explain(expected);
  const s = z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
  return {
    convert: (raw) => {
      const v = raw.trim();
      if (v === "") return empty;
      return /^[+-]?\d{1,15}$/.test(v) ? Number(v) : new BadCell(`${expected}, got ${shown(raw)}`);
    },
    schema: empty === null ? s.nullable() : s,
  };
}

/** `true` / `false` (any case); an empty cell is `empty` (null unless given). */
export function boolean(): Cell<boolean | null>;
export function boolean(empty: boolean): Cell<boolean>;
export function boolean(empty: boolean | null = null): Cell<boolean | null> {
  const expected = "must be true or false";
  const s = z.boolean({ error: explain(expected) });
  return {
    convert: (raw) => {
      const v = raw.trim().toLowerCase();
      if (v === "true") return true;
      if (v === "false") return false;
      return v === "" ? empty : new BadCell(`${expected}, got ${shown(raw)}`);
    },
    schema: empty === null ? s.nullable() : s,
  };
}

/** The zod object shape of a set of cells. */
export function shapeOf<C extends Record<string, Cell<unknown>>>(cells: C): { [K in keyof C]: C[K]["schema"] } {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, cell] of Object.entries(cells)) shape[name] = cell.schema;
  return shape as { [K in keyof C]: C[K]["schema"] };
}

/** Converts a record's raw cells (in `names` order) with each column's converter. */
export function convertCells(
  cells: Readonly<Record<string, Cell<unknown>>>,
  names: readonly string[],
  raw: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    out[name] = (cells[name] as Cell<unknown>).convert(raw[i] ?? "");
  }
  return out;
}

/** Turns zod issues into one line: "opened_at: is required …; priority: must be …". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}
