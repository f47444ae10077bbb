import { DateTime } from "luxon";
import { ticketDeriver } from "../import/derive.js";
import { type PresetName, presetMapping } from "../import/presets.js";

/** A tool's local "yyyy-MM-dd HH:mm:ss" time in a zone → ISO-8601 with offset; null when empty; throws a reason when unreadable. */
export function localToIso(value: unknown, zone: string, field: string): string | null {
  if (value === null || value === undefined || value === "") return null;
  const dt = DateTime.fromFormat(String(value).trim().slice(0, 19), "yyyy-MM-dd HH:mm:ss", { zone });
  if (!dt.isValid) throw new Error(`${field}: "${String(value)}" is not a yyyy-MM-dd HH:mm:ss date`);
  return dt.toISO({ suppressMilliseconds: true });
}

/** `value` as trimmed text, or null when absent/empty. */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === "" ? null : s;
}

/** `value` as a whole number, or null. */
export function intOf(value: unknown): number | null {
  const s = textOf(value);
  return s !== null && /^-?\d+$/.test(s) ? Number(s) : null;
}

/** `value` as a boolean when it is one (`true`/`false`, or that text), else null (empty or anything else). */
export function boolOf(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  const s = textOf(value);
  return s === "true" ? true : s === "false" ? false : null;
}

/** The later of two "yyyy-MM-dd HH:mm:ss" cursors (they sort as text). */
export function laterText(a: string | null, b: string | null): string | null {
  // A malformed time is no cursor: it would sort after every real one.
  if (b === null || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(b)) return a;
  if (a === null) return b;
  return b > a ? b : a;
}

/** Moves a "yyyy-MM-dd HH:mm:ss" cursor back one second, so a strict "after" query still re-reads its own second. */
export function secondBefore(cursor: string): string {
  const dt = DateTime.fromFormat(cursor, "yyyy-MM-dd HH:mm:ss", { zone: "UTC" });
  return dt.isValid ? dt.minus({ seconds: 1 }).toFormat("yyyy-MM-dd HH:mm:ss") : cursor;
}

/** Maps one record, turning a thrown mapping error into a rejection (a bad record never stops a sync). */
export function mapRecord<R>(
  record: R,
  idOf: (r: R) => string | null,
  map: (r: R) => Record<string, unknown>,
): { ticket: Record<string, unknown> } | { external_id: string | null; reason: string } {
  let id: string | null = null;
  try {
    id = idOf(record);
    if (id === null) return { external_id: null, reason: "record has no id" };
    return { ticket: map(record) };
  } catch (e) {
    return { external_id: id, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Drops the canonical fields whose source field is absent from the tool's record (`sourceOf`: canonical
 * field → the record's key). A field the record has, even empty, is carried (empty clears the stored value);
 * an absent one (a column that table or version does not have, a field hidden from the API user) is not
 * carried, so the sync leaves what kpibot has stored for it.
 */
export function carriedOnly(
  ticket: Record<string, unknown>,
  record: object,
  sourceOf: Readonly<Record<string, string>>,
): Record<string, unknown> {
  for (const [field, from] of Object.entries(sourceOf)) if (!Object.hasOwn(record, from)) delete ticket[field];
  return ticket;
}

/** Fields a tool's record may carry only for derivations; dropped before the ticket is stored. */
const HELPERS = ["reassignment_count"];

/**
 * Fills what a tool's API records lack the way its import preset does for file exports (support level from
 * the assignment group's name, first-contact resolution from reassignments or escalation), then drops the
 * helper fields. Fields the record gives are kept. A value that cannot be derived is not carried: the sync
 * leaves a stored one (from a file import, say) rather than clearing it.
 */
export function derivedAsPreset(preset: PresetName): (ticket: Record<string, unknown>) => Record<string, unknown> {
  const derive = ticketDeriver(presetMapping(preset).derive);
  return (ticket) => {
    derive?.({
      get: (f) => textOf(ticket[f]) ?? "",
      set: (f, v) => {
        if (v !== "") ticket[f] = v;
      },
    });
    for (const h of HELPERS) delete ticket[h];
    return ticket;
  };
}

/**
 * Where a sync's next page starts when a tool pages by modification time: the records modified at or after
 * `since`, after the `skip` of them already read at exactly `since`. Paging by a moving window instead of an
 * ever-growing offset means a record modified while the sync runs (it moves to the end of the order) cannot
 * shift an unread record into a page already read.
 */
export interface PageWindow {
  since: string | null;
  skip: number;
}

/** The window after a full page whose modification times (in the tool's order, oldest first) are `times`. */
export function nextWindow(window: PageWindow, times: readonly (string | null)[]): PageWindow {
  const last = times.findLast((t) => t !== null) ?? null;
  if (last === null || last === window.since) return { since: window.since, skip: window.skip + times.length };
  return { since: last, skip: times.filter((t) => t === last).length };
}
