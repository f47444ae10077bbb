import { DateTime } from "luxon";
import { parseInstant } from "./timestamp.js";

// Lenient readers for exports written by people and spreadsheets: calendar dates and local times
// (interpreted in the organisation's time zone), French day-first dates, decimal commas.

const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;
const HAS_ZONE = /(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;

function local(zone: string, y: string, mo: string, d: string, h?: string, mi?: string, s?: string, f?: string) {
  const parts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    millisecond: f === undefined ? 0 : Math.floor(Number(`0.${f}`) * 1000),
  };
  const dt = DateTime.fromObject(parts, { zone });
  // luxon normalises nothing here: an invalid component makes the DateTime invalid
  if (!dt.isValid || parts.year < 1900) return null;
  return dt.toMillis();
}

/**
 * Reads an instant: ISO-8601 with a zone; or, interpreted in `zone`, an ISO date or local date-time
 * (`2026-10-31`, `2026-10-31 14:05:00`) or a day-first date (`31/10/2026`, `31/10/2026 14:05`,
 * `31-10-2026 14:05:30`); then each of `formats` (luxon tokens, e.g. `dd/MMM/yy h:mm a`).
 * Returns epoch milliseconds or the reason (a string).
 */
export function parseLocalInstant(text: string, zone: string, formats: readonly string[] = []): number | string {
  const v = text.trim();
  const day = DAY_FIRST.exec(v);
  if (day !== null)
    return local(zone, day[3] as string, day[2] as string, day[1] as string, day[4], day[5], day[6]) ?? invalid(v);
  const iso = ISO_LOCAL.exec(v);
  if (iso !== null) {
    const [, y, mo, d, h, mi, s, f] = iso;
    return local(zone, y as string, mo as string, d as string, h, mi, s, f) ?? invalid(v);
  }
  for (const format of formats) {
    const dt = DateTime.fromFormat(v, format, { zone, locale: "en-US" });
    if (dt.isValid) return dt.toMillis();
    const fr = DateTime.fromFormat(v, format, { zone, locale: "fr-FR" });
    if (fr.isValid) return fr.toMillis();
  }
  if (HAS_ZONE.test(v)) return parseInstant(v);
  return `"${v}" is not a date (expected e.g. 2026-10-31, 31/10/2026 14:05 or 2026-10-31T14:05:00+01:00${formats.length > 0 ? ` or ${formats.join(" or ")}` : ""})`;
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
