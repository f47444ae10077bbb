import { Info, type Zone } from "luxon";

// Local wall times and the instants they name. Where clocks go back (Europe/Paris, 25 October 2026:
// 03:00 CEST becomes 02:00 CET) every time of 02:00–02:59 happens twice; where they go forward
// (29 March 2026: 02:00 CET becomes 03:00 CEST) 02:00–02:59 never happens. An export written in
// local time cannot say which pass of the repeated hour it meant, so a reader keeps both readings
// and lets the row decide (tickets: row-order.ts); alone, a time takes its first pass.

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A wall-clock date and time as written, without a zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** What a local time names in a zone. */
export interface Reading {
  /**
   * The instant taken when nothing else decides: the only one, the first pass of a repeated hour
   * (JavaScript Temporal's "compatible" rule), or, for a skipped time, the offset before the change.
   */
  at: number;
  /** The second pass of a repeated hour (e.g. +01:00 after +02:00); absent when the time happens once. */
  later?: number;
  /** The time falls in the hour skipped when clocks go forward (so `at` is one hour past the clock's reading). */
  skipped?: true;
  /** The wall time and its zone, kept when the time is at a clock change (for messages and for `atClockChange`). */
  local?: { wall: WallTime; zone: string };
}

/** A zone and its offsets by UTC day (null: the day has a change, ask the zone), memoised. */
interface ZoneOffsets {
  zone: Zone;
  days: Map<number, number | null>;
}

const zones = new Map<string, ZoneOffsets | null>();

function offsetsOf(name: string): ZoneOffsets | null {
  let z = zones.get(name);
  if (z === undefined) {
    const zone = Info.normalizeZone(name);
    z = zone.isValid ? { zone, days: new Map() } : null;
    zones.set(name, z);
  }
  return z;
}

/** The luxon zone of an IANA name (or `UTC`, `UTC+2`), or null when unknown. */
export function zoneNamed(name: string): Zone | null {
  return offsetsOf(name)?.zone ?? null;
}

// Asking a zone its offset goes through Intl (tens of microseconds) and a local time needs three or
// four: a million-row export would spend minutes there. A UTC day whose first and last milliseconds
// have the same offset has it throughout (no zone changes twice within a day), so it is asked once.
function offsetAt(z: ZoneOffsets, ts: number): number {
  const day = Math.floor(ts / DAY);
  let o = z.days.get(day);
  if (o === undefined) {
    const first = z.zone.offset(day * DAY);
    o = first === z.zone.offset(day * DAY + DAY - 1) ? first : null;
    z.days.set(day, o);
  }
  return o ?? z.zone.offset(ts);
}

/**
 * The readings of a wall time in `zone`, or null when a component is out of range (31 April, 24:00,
 * a year before 1900: typos) or the zone is unknown. Assumes a zone changes its offset at most once
 * within a day either side, true of every zone in use.
 */
export function readWallTime(wall: WallTime, zone: string): Reading | null {
  const z = offsetsOf(zone);
  if (z === null || wall.year < 1900) return null;
  const w = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  const d = new Date(w);
  // Date.UTC rolls 30 February over to March and 24:00 to the next day: a changed component is a typo.
  if (
    d.getUTCFullYear() !== wall.year ||
    d.getUTCMonth() !== wall.month - 1 ||
    d.getUTCDate() !== wall.day ||
    d.getUTCHours() !== wall.hour ||
    d.getUTCMinutes() !== wall.minute ||
    d.getUTCSeconds() !== wall.second
  )
    return null;
  // The offsets in force a day before and a day after; each names an instant if the zone has that
  // offset at that instant. Both do in a repeated hour, neither does in a skipped one.
  const before = offsetAt(z, w - DAY);
  const after = offsetAt(z, w + DAY);
  const first = w - before * MINUTE;
  const second = w - after * MINUTE;
  const firstFits = offsetAt(z, first) === before;
  const secondFits = before !== after && offsetAt(z, second) === after;
  if (firstFits && secondFits)
    return { at: Math.min(first, second), later: Math.max(first, second), local: { wall, zone } };
  if (firstFits) return { at: first };
  if (secondFits) return { at: second };
  // Skipped: read with the offset in force before the change, as luxon, Temporal ("compatible") and
  // RFC 5545 do: 02:30 on 29 March 2026 in Paris is 01:30Z (03:30 CEST), what a clock not yet moved showed.
  return { at: first, skipped: true, local: { wall, zone } };
}

const two = (n: number) => String(n).padStart(2, "0");

/** `2026-10-25 02:06` (seconds and milliseconds only when not zero), for messages. */
export function wallText(wall: WallTime): string {
  const base = `${wall.year}-${two(wall.month)}-${two(wall.day)} ${two(wall.hour)}:${two(wall.minute)}`;
  if (wall.millisecond !== 0) return `${base}:${two(wall.second)}.${String(wall.millisecond).padStart(3, "0")}`;
  return wall.second === 0 ? base : `${base}:${two(wall.second)}`;
}

/** `+02:00` for the offset a wall time has at an instant. */
export function offsetText(wall: WallTime, at: number): string {
  const w = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  const minutes = Math.round((w - at) / MINUTE);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

// A local time with its zone in brackets, the form RFC 9557 and Temporal give a zoned date-time
// (here without an offset, so the reader decides): `2026-10-25T02:06:00.000[Europe/Paris]`.
const AT_CLOCK_CHANGE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})\[([^\]\s]+)\]$/;

/**
 * The cell text a mapping hands to a family for a converted date: ISO-8601 UTC when the reading is
 * certain, else the local time and its zone in brackets, so a time at a clock change keeps both its
 * readings (or its skipped-hour mark) until the family's row check decides.
 */
export function readingText(r: Reading): string {
  if (r.local === undefined) return new Date(r.at).toISOString();
  const w = r.local.wall;
  const ms = String(w.millisecond).padStart(3, "0");
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}:${two(w.second)}.${ms}[${r.local.zone}]`;
}

/** Reads the bracketed form `readingText` writes; undefined when the text is not in that form. */
export function readBracketed(text: string): Reading | null | undefined {
  const m = AT_CLOCK_CHANGE.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return readWallTime({ year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms }, m[8] as string);
}
