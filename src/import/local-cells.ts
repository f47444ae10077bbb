import { z } from "zod";
import { BadCell, type Cell } from "./fields.js";
import { parseDecimal, parseLocalInstant, readLocalTime } from "./local-values.js";
import { ClockChange } from "./row-order.js";
import { parseInstant } from "./timestamp.js";

// Cells that accept what spreadsheets write (decimal commas, day-first dates, calendar dates and local
// times in the organisation's zone, oui/non) as well as the canonical forms.

const REQUIRED = "is required (the cell is empty)";

function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

const explain = (expected: string) => (issue: { input?: unknown }) => {
  const v = issue.input;
  if (v === null || v === undefined) return REQUIRED;
  if (v instanceof BadCell) return v.reason;
  return `${expected}, got ${shown(String(v))}`;
};

/** A decimal number ≥ min (`1 234,56` and `1234.56` both read); empty → `empty` (null unless given). */
export function decimal(min: number, opts: { required?: boolean; empty?: number } = {}): Cell<number | null> {
  const expected = Number.isFinite(min) ? `must be a number ≥ ${min}` : "must be a number";
  const s = z.number({ error: explain(expected) }).min(min, { error: explain(expected) });
  const empty = opts.empty ?? null;
  return {
    convert: (raw) => {
      if (raw.trim() === "") return empty;
      return parseDecimal(raw) ?? new BadCell(`${expected}, got ${shown(raw)}`);
    },
    schema: opts.required || empty !== null ? s : s.nullable(),
  };
}

/** A whole number ≥ min (digit groups allowed: `12 000`); required. */
export function count(min = 0): Cell<number> {
  const expected = `must be a whole number ≥ ${min}`;
  const error = explain(expected);
  const s = z.number({ error }).int({ error }).min(min, { error });
  return {
    convert: (raw) => {
      if (raw.trim() === "") return null;
      return parseDecimal(raw) ?? new BadCell(`${expected}, got ${shown(raw)}`);
    },
    schema: s,
  };
}

/** A date or instant (see parseLocalInstant), local forms read in `zone`. */
export function when(zone: string, opts: { required: true }): Cell<Date>;
export function when(zone: string, opts?: { required?: false }): Cell<Date | null>;
export function when(zone: string, opts: { required?: boolean } = {}): Cell<Date | null> {
  const s = z.date({ error: explain("must be a date") });
  return {
    convert: (raw) => {
      if (raw.trim() === "") return null;
      const ms = parseLocalInstant(raw, zone);
      return typeof ms === "string" ? new BadCell(ms) : new Date(ms);
    },
    schema: opts.required ? s : s.nullable(),
  };
}

/**
 * An instant of a row whose times are put in order by `settleClockChanges`: ISO-8601 with a zone or,
 * when `zone` is given, a local form read there (see readLocalTime). A time at a clock change converts
 * to a ClockChange, which the row settles into a Date before validation.
 */
export function rowInstant(zone: string | null, opts: { required: true }): Cell<Date>;
export function rowInstant(zone: string | null, opts?: { required?: false }): Cell<Date | null>;
export function rowInstant(zone: string | null, opts: { required?: boolean } = {}): Cell<Date | null> {
  const s = z.date({ error: explain("must be a date and time") });
  return {
    convert: (raw) => {
      const v = raw.trim();
      if (v === "") return null;
      // Most files carry zoned instants: the strict reader first, the lenient ones only when it fails.
      const ms = parseInstant(v);
      if (typeof ms === "number") return new Date(ms);
      const r = readLocalTime(v, zone);
      if (typeof r === "string") return new BadCell(r);
      return r.local === undefined ? new Date(r.at) : new ClockChange(r);
    },
    schema: opts.required ? s : s.nullable(),
  };
}

const YES = new Set(["true", "yes", "oui", "1", "y", "o", "vrai"]);
const NO = new Set(["false", "no", "non", "0", "n", "faux"]);

/** true/false, yes/no, oui/non, 1/0 (any case); empty → `empty`. */
export function flag(empty: boolean): Cell<boolean> {
  const expected = "must be true or false";
  return {
    convert: (raw) => {
      const v = raw.trim().toLowerCase();
      if (v === "") return empty;
      if (YES.has(v)) return true;
      if (NO.has(v)) return false;
      return new BadCell(`${expected}, got ${shown(raw)}`);
    },
    schema: z.boolean({ error: explain(expected) }),
  };
}

/** Free text with a default for an empty cell (natural-key parts such as `service` are never null). */
export function textOr(max: number, empty: string): Cell<string> {
  return {
    convert: (raw) => raw.trim() || empty,
    schema: z.string().max(max, { error: `is longer than ${max} characters` }),
  };
}
