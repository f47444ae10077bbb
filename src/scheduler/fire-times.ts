import { DateTime, IANAZone } from "luxon";

/** How often a schedule fires: digests use daily..monthly; alerts also check hourly. */
export type Frequency = "daily" | "weekdays" | "weekly" | "monthly" | "hourly";

/** When a schedule fires, as stored: a wall-clock time in an IANA zone plus the day rule. */
export interface FireRule {
  frequency: Frequency;
  /** 1 = Monday .. 7 = Sunday (weekly). */
  dayOfWeek?: number | null;
  /** 1..31, or -1 for the last day of the month (monthly); days past the month's end fire on its last day. */
  dayOfMonth?: number | null;
  /** `HH:MM` in `timezone` (hourly: only the minutes count). */
  time: string;
  timezone: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A safety net: no caller needs more fires than this from one call. */
export const MAX_FIRES = 2000;

/** `08:30`, `8h30`, `8h` → [8, 30] / [8, 0]; undefined when not a valid 24-hour time. */
export function parseTime(text: string): [number, number] | undefined {
  const m = /^([01]?\d|2[0-3])(?:[:h]([0-5]\d)|h)$/.exec(text.trim().toLowerCase());
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

function zoneOf(timezone: string): IANAZone {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new RangeError(`unknown time zone ${timezone}`);
  return zone;
}

/** The wall-clock reading (as a UTC epoch) of an instant in a zone. */
function wallOf(zone: IANAZone, ts: number): number {
  return ts + zone.offset(ts) * MINUTE;
}

/**
 * The instant a wall-clock time names in a zone. An ambiguous time (autumn: the hour repeats)
 * is its FIRST occurrence; a time inside a gap (spring: the clock jumps) is the first valid
 * instant after the gap, i.e. the moment of the jump (02:30 in Paris on 29 March 2026 → 03:00 CEST).
 */
export function wallToInstant(zone: IANAZone, y: number, mo: number, d: number, h: number, mi: number): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Offsets a day either side cover any single transition near this wall time.
  const offsets = [...new Set([zone.offset(wall - DAY), zone.offset(wall), zone.offset(wall + DAY)])];
  const valid = offsets.map((o) => wall - o * MINUTE).filter((ts) => wallOf(zone, ts) === wall);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: the first instant whose wall-clock reading is at or after the asked time (minute precision).
  let lo = Math.floor((wall - Math.max(...offsets) * MINUTE) / MINUTE);
  let hi = Math.ceil((wall - Math.min(...offsets) * MINUTE) / MINUTE);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallOf(zone, mid * MINUTE) >= wall) hi = mid;
    else lo = mid + 1;
  }
  return lo * MINUTE;
}

function dayMatches(rule: FireRule, date: DateTime): number | undefined {
  switch (rule.frequency) {
    case "daily":
    case "hourly":
      return date.day;
    case "weekdays":
      return date.weekday <= 5 ? date.day : undefined;
    case "weekly":
      return date.weekday === (rule.dayOfWeek ?? 1) ? date.day : undefined;
    case "monthly": {
      const last = date.daysInMonth ?? 28;
      const want = rule.dayOfMonth === -1 || rule.dayOfMonth == null ? last : Math.min(rule.dayOfMonth, last);
      return date.day === want ? date.day : undefined;
    }
  }
}

/** Hourly: every instant whose local minute is the rule's, in (after, until]. */
function hourlyFires(zone: IANAZone, minute: number, after: number, until: number, limit: number): Date[] {
  const out: Date[] = [];
  const localMinute = (ts: number) => (((wallOf(zone, ts) / MINUTE) % 60) + 60) % 60;
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  while (t <= until && out.length < limit) {
    if (localMinute(t) === minute) {
      out.push(new Date(t));
      t += HOUR;
    } else {
      t += MINUTE;
    }
  }
  return out;
}

/**
 * Every fire of a rule in the half-open range (after, until], oldest first, computed in the rule's
 * time zone with luxon (DST rules: see wallToInstant; each local day fires at most once).
 */
export function nextFires(rule: FireRule, after: Date, until: Date, limit = MAX_FIRES): Date[] {
  const zone = zoneOf(rule.timezone);
  const hm = parseTime(rule.time);
  if (!hm) throw new RangeError(`invalid time ${rule.time}`);
  const from = after.getTime();
  const to = until.getTime();
  if (!(from < to)) return [];
  if (rule.frequency === "hourly") return hourlyFires(zone, hm[1], from, to, limit);
  const out: Date[] = [];
  let day = DateTime.fromMillis(from, { zone }).startOf("day").minus({ days: 1 });
  const lastDay = DateTime.fromMillis(to, { zone }).startOf("day").plus({ days: 1 });
  while (day <= lastDay && out.length < limit) {
    const d = dayMatches(rule, day);
    if (d !== undefined) {
      const ts = wallToInstant(zone, day.year, day.month, d, hm[0], hm[1]);
      if (ts > from && ts <= to) out.push(new Date(ts));
    }
    day = day.plus({ days: 1 });
  }
  return out;
}

/** The fires that are due at `now` since the last one handled (exclusive): nextFires(rule, lastFire, now). */
export function due(rule: FireRule, lastFire: Date, now: Date, limit = MAX_FIRES): Date[] {
  return nextFires(rule, lastFire, now, limit);
}

/** The first fire strictly after `after` (within 32 days; hourly within 2 hours), for `list` and confirmations. */
export function nextFire(rule: FireRule, after: Date): Date | undefined {
  const span = rule.frequency === "hourly" ? 2 * HOUR : 32 * DAY;
  return nextFires(rule, after, new Date(after.getTime() + span), 1)[0];
}

/** `6h`, `30m`, `1h30m`, `90s`, `2d`, `0` → milliseconds; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim().toLowerCase();
  if (s === "0") return 0;
  if (!/^(\d+(\.\d+)?\s*(ms|s|m|min|h|d)\s*)+$/.test(s)) return undefined;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: MINUTE, min: MINUTE, h: HOUR, d: DAY };
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)\s*(ms|min|s|m|h|d)/g)) total += Number(m[1]) * (unit[m[2] ?? ""] ?? 0);
  return Math.round(total);
}
