// ISO-8601 / RFC 3339 instant: date, `T` (or a space), time with optional seconds and fraction,
// then a zone. The zone is optional in the pattern only so a missing zone gets its own message.
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * Parses an ISO-8601 instant that carries a zone (`Z` or an offset such as `+02:00`, `+0200`, `+02`)
 * into epoch milliseconds, or returns the reason it is not one (a string). Local times are refused
 * because their instant depends on a zone the file does not state. Components are range-checked
 * (JavaScript's Date would silently roll 2026-02-30 over to March).
 */
export function parseInstant(text: string): number | string {
  const m = INSTANT.exec(text);
  if (m === null) {
    if (DATE_ONLY.test(text)) return `"${text}" has no time and no time zone (expected e.g. ${text}T09:30:00Z)`;
    return `"${text}" is not an ISO-8601 timestamp (expected e.g. 2026-03-01T09:30:00+01:00)`;
  }
  if (m[8] === undefined && m[9] === undefined) {
    return `"${text}" has no time zone (add Z or an offset such as +02:00)`;
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  // Years before 1900 are typos (and Date.UTC maps 0–99 to 1900–1999).
  if (
    year < 1900 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return `"${text}" is not a valid date and time`;
  }
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 18 || om > 59) return `"${text}" has an invalid offset`;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}
