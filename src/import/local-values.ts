import { DateTime } from "luxon";
import { type Reading, readBracketed, readWallTime } from "./local-time.js";
import { parseInstant } from "./timestamp.js";

// Lenient readers for exports written by people and spreadsheets: calendar dates and local times
// (interpreted in the organisation's time zone), French day-first dates, decimal commas.

const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;
const HAS_ZONE = /(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;
// A luxon format that reads a zone or offset (tokens outside quoted literals): its instant is exact.
const ZONE_TOKEN = /[Zz]/;

function local(zone: string, y: string, mo: string, d: string, h?: string, mi?: string, s?: string, f?: string) {
  return readWallTime(
    {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h ?? 0),
      minute: Number(mi ?? 0),
      second: Number(s ?? 0),
      millisecond: f === undefined ? 0 : Math.floor(Number(`0.${f}`) * 1000),
    },
    zone,
  );
}

/** One of the mapping's luxon formats: the wall time it reads (then placed in `zone`), or null. */
function byFormat(v: string, format: string, zone: string): Reading | null {
  const zoned = ZONE_TOKEN.test(format.replace(/'[^']*'/g, ""));
  for (const locale of ["en-US", "fr-FR"]) {
    // Read in UTC, which has no clock change, to get the wall time exactly as written; the zone is placed after.
    const dt = DateTime.fromFormat(v, format, { zone: zoned ? zone : "utc", locale });
    if (!dt.isValid) continue;
    if (zoned) return { at: dt.toMillis() };
    return readWallTime(dt.toObject() as Parameters<typeof readWallTime>[0], zone);
  }
  return null;
}

/**
 * Reads a date or time: ISO-8601 with a zone (one instant); or, interpreted in `zone`, an ISO date or
 * local date-time (`2026-10-31`, `2026-10-31 14:05:00`) or a day-first date (`31/10/2026`,
 * `31/10/2026 14:05`, `31-10-2026 14:05:30`); then each of `formats` (luxon tokens, e.g.
 * `dd/MMM/yy h:mm a`); and the bracketed form a mapping writes (`2026-10-25T02:06:00.000[Europe/Paris]`).
 * With `zone` null only instants that state their zone are read. Returns the time's readings (two
 * in a repeated hour) or the reason it is not one (a string).
 */
export function readLocalTime(text: string, zone: string | null, formats: readonly string[] = []): Reading | string {
  const v = text.trim();
  if (zone !== null) {
    const day = DAY_FIRST.exec(v);
    if (day !== null)
      return local(zone, day[3] as string, day[2] as string, day[1] as string, day[4], day[5], day[6]) ?? invalid(v);
    const iso = ISO_LOCAL.exec(v);
    if (iso !== null) {
      const [, y, mo, d, h, mi, s, f] = iso;
      return local(zone, y as string, mo as string, d as string, h, mi, s, f) ?? invalid(v);
    }
    for (const format of formats) {
      const r = byFormat(v, format, zone);
      if (r !== null) return r;
    }
  }
  const bracketed = readBracketed(v);
  if (bracketed !== undefined) return bracketed ?? invalid(v);
  if (zone === null || HAS_ZONE.test(v)) {
    const ms = parseInstant(v);
    return typeof ms === "string" ? ms : { at: ms };
  }
  return `"${v}" is not a date (expected e.g. 2026-10-31, 31/10/2026 14:05 or 2026-10-31T14:05:00+01:00${formats.length > 0 ? ` or ${formats.join(" or ")}` : ""})`;
}

/**
 * Reads an instant as `readLocalTime` does; a time in the repeated hour is its first pass and one in
 * the skipped hour is read with the offset before the change (rows that can tell use `readLocalTime`).
 * Returns epoch milliseconds or the reason (a string).
 */
export function parseLocalInstant(text: string, zone: string, formats: readonly string[] = []): number | string {
  const r = readLocalTime(text, zone, formats);
  return typeof r === "string" ? r : r.at;
}

function invalid(v: string): string {
  return `"${v}" is not a valid date and time`;
}

const SPACES = /[\s\u00a0\u202f']/g;
const PLAIN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Reads a decimal number written either way: `1234.56`, `1 234,56` (spaces, no-break spaces or `'`
 * group digits), `1.234,56`, `1,234.56`. With both `,` and `.`, the last one is the decimal mark;
 * with only commas, one comma is a decimal mark (`12,5`) and several group thousands (`1,234,567`).
 * Returns null when the text is not a number.
 */
export function parseDecimal(text: string): number | null {
  let v = text.replace(SPACES, "");
  const comma = v.lastIndexOf(",");
  const dot = v.lastIndexOf(".");
  if (comma >= 0 && dot >= 0) {
    v = comma > dot ? v.replace(/\./g, "").replace(",", ".") : v.replace(/,/g, "");
  } else if (comma >= 0) {
    v = v.indexOf(",") === comma ? v.replace(",", ".") : v.replace(/,/g, "");
  } else if (dot >= 0 && v.indexOf(".") !== dot) {
    v = v.replace(/\./g, ""); // 1.234.567: dots grouping thousands
  }
  if (!PLAIN.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
