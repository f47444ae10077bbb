import { DateTime } from "luxon";

/** A moment as typed: a date (optionally with a time), a number of days, or a weekday. */
export type WhenSpec =
  | { kind: "date"; year: number; month: number; day: number; hour?: number; minute?: number }
  | { kind: "days"; days: number }
  | { kind: "weekday"; weekday: number };

const WEEKDAYS: Record<string, number> = {
  monday: 1,
  lundi: 1,
  tuesday: 2,
  mardi: 2,
  wednesday: 3,
  mercredi: 3,
  thursday: 4,
  jeudi: 4,
  friday: 5,
  vendredi: 5,
  saturday: 6,
  samedi: 6,
  sunday: 7,
  dimanche: 7,
};

const TIME = /^(\d{1,2})(?::|h)(\d{2})?$/;

/** Reads a time of day (`17:00`, `17h`, `17h30`) or undefined. */
export function readTime(word: string): { hour: number; minute: number } | undefined {
  const m = TIME.exec(word);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? "0");
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

/**
 * Reads the words of a moment (normalised, lower-case): `2026-12-15`, `2026-12-15T17:00`, `15/12/2026`, `15/12`,
 * `7d`/`7j`/`2w`/`2sem` (optionally after `in`/`dans`), `tomorrow`/`demain`, a weekday (`friday`, `vendredi`).
 * Returns the spec and how many words it used, or undefined.
 */
export function readWhen(
  words: readonly string[],
  today: { year: number },
): { spec: WhenSpec; used: number } | undefined {
  let i = 0;
  if (words[0] === "in" || words[0] === "dans") i = 1;
  const word = words[i];
  if (word === undefined) return undefined;
  const duration = /^(\d{1,3})\s*(d|j|days?|jours?|w|sem|weeks?|semaines?)$/.exec(word);
  if (duration) {
    const n = Number(duration[1]);
    const weeks = /^(w|sem|week|semaine)/.test(duration[2] ?? "");
    return { spec: { kind: "days", days: weeks ? n * 7 : n }, used: i + 1 };
  }
  // "7 days", "2 semaines"
  const unit = words[i + 1];
  if (/^\d{1,3}$/.test(word) && unit && /^(days?|jours?|weeks?|semaines?)$/.test(unit)) {
    const n = Number(word);
    return { spec: { kind: "days", days: /^(week|semaine)/.test(unit) ? n * 7 : n }, used: i + 2 };
  }
  if (i > 0) return undefined;
  if (word === "tomorrow" || word === "demain") return { spec: { kind: "days", days: 1 }, used: 1 };
  const weekday = WEEKDAYS[word];
  if (weekday) return { spec: { kind: "weekday", weekday }, used: 1 };
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:t(\d{1,2}:\d{2}))?$/.exec(word);
  const fr = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/.exec(word);
  let date: { year: number; month: number; day: number } | undefined;
  let timeWord: string | undefined;
  if (iso) {
    date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
    timeWord = iso[4];
  } else if (fr) {
    date = { year: Number(fr[3] ?? today.year), month: Number(fr[2]), day: Number(fr[1]) };
  }
  if (!date) return undefined;
  let used = 1;
  let time = timeWord ? readTime(timeWord) : undefined;
  if (!time && words[1] !== undefined) {
    // "2026-12-15 17:00", "15/12 à 17h", "15/12 at 5:00"
    const skip = words[1] === "at" || words[1] === "a" ? 1 : 0;
    const next = words[1 + skip];
    const read = next ? readTime(next) : undefined;
    if (read) {
      time = read;
      used += 1 + skip;
    }
  }
  return { spec: { kind: "date", ...date, ...(time ? { hour: time.hour, minute: time.minute } : {}) }, used };
}

/**
 * The instant a spec means, read in the organisation's time zone from `base`: a date without a time means
 * the end of that day (midnight after it), days count from `base`, a weekday means the end of the next such day
 * (today's end when it is that day). Undefined for a date that does not exist.
 */
export function resolveWhen(spec: WhenSpec, base: Date, timezone: string): Date | undefined {
  const from = DateTime.fromJSDate(base, { zone: timezone });
  switch (spec.kind) {
    case "days":
      return from.plus({ days: spec.days }).toJSDate();
    case "weekday": {
      const ahead = (spec.weekday - from.weekday + 7) % 7;
      return from
        .startOf("day")
        .plus({ days: ahead + 1 })
        .toJSDate();
    }
    case "date": {
      const day = DateTime.fromObject(
        { year: spec.year, month: spec.month, day: spec.day, hour: spec.hour ?? 0, minute: spec.minute ?? 0 },
        { zone: timezone },
      );
      if (!day.isValid) return undefined;
      return (spec.hour === undefined ? day.plus({ days: 1 }) : day).toJSDate();
    }
  }
}
