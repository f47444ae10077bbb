import { DateTime } from "luxon";
import type { Period } from "../kpi/types.js";
import { type CalendarGrain, calendarPeriod, grains, rangePeriod } from "./calendar.js";
import { FILLER_WORDS, MONTH_WORDS, NUMBER_WORDS, UNIT_WORDS } from "./vocabulary.js";

/** What relative periods are computed from: "now" and the organisation's time zone. */
export interface PeriodContext {
  now: Date;
  timezone: string;
  /** The user's language, when known (both languages are always understood). */
  locale?: "en" | "fr";
}

/** Why a text is not a period: nothing typed, not understood, an impossible date, a reversed range, too far. */
export type PeriodErrorReason = "empty" | "unknown" | "invalid_date" | "reversed_range" | "out_of_range";

/** The answer of parsePeriod: a period, or a reason code (and an English message for logs). */
export type PeriodParseResult =
  | { ok: true; period: Period }
  | { ok: false; reason: PeriodErrorReason; message: string };

type Failure = { ok: false; reason: PeriodErrorReason; message: string };
type Built = Period | Failure;

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

const fail = (reason: PeriodErrorReason, message: string): Failure => ({ ok: false, reason, message });

/** Lower-case, strip accents and punctuation, split apostrophes and word hyphens ("l'année", "mois-ci"). */
export function normalizePeriodText(text: string): string {
  let s = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/(\p{L})-(?=\p{L})/gu, "$1 ")
    .replace(/'/g, " ")
    .replace(/(\p{L})\.(?=\s|$)/gu, "$1")
    .replace(/[,;!?"()]/g, " ")
    .replace(/\s*\.\.\s*/g, "..")
    .replace(/\s+/g, " ")
    .trim();
  const fillers = new RegExp(`^(?:(?:${FILLER_WORDS.join("|")}) )+`);
  s = s.replace(fillers, "");
  return s;
}

const alt = (words: Iterable<string>) => [...words].sort((a, b) => b.length - a.length).join("|");
const MONTH = alt(Object.keys(MONTH_WORDS));
const NUM = `\\d{1,4}|${alt(Object.keys(NUMBER_WORDS))}`;
const UNIT = alt(Object.keys(UNIT_WORDS));
const DAY = "\\d{4}-\\d{1,2}(?:-\\d{1,2})?";

interface Rule {
  re: RegExp;
  build(m: RegExpExecArray, today: DateTime): Built;
}

const toNumber = (word: string): number => NUMBER_WORDS[word] ?? Number(word);

function checkYear(year: number): Failure | null {
  return year < MIN_YEAR || year > MAX_YEAR ? fail("out_of_range", `year ${year} is out of range`) : null;
}

/** The calendar period of `grain` containing the given date parts, or why it does not exist. */
function at(grain: CalendarGrain, parts: Record<string, number>, zone: string): Built {
  const year = parts.year ?? parts.weekYear ?? 0;
  const bad = checkYear(year);
  if (bad) return bad;
  const d = DateTime.fromObject(parts, { zone });
  if (!d.isValid) return fail("invalid_date", `no such date: ${JSON.stringify(parts)}`);
  // luxon rolls week 53 of a 52-week year over; refuse instead of answering another week.
  if (parts.weekNumber !== undefined && d.weekNumber !== parts.weekNumber)
    return fail("invalid_date", `no week ${parts.weekNumber} in ${year}`);
  return calendarPeriod(grain, d);
}

/** The year of the most recent month/quarter/week number `unit` that has started (this year's, else last year's). */
function recentYear(unitNow: number, unit: number, year: number): number {
  return unit > unitNow ? year - 1 : year;
}

/** "last N <unit>": N complete units before the current one (N = 1 gives that unit's own period). */
function lastN(n: number, grain: CalendarGrain, today: DateTime): Built {
  if (!Number.isInteger(n) || n < 1) return fail("out_of_range", "the count must be at least 1");
  const current = today.startOf(grain);
  const start = current.minus(grains(grain, n));
  if (start.year < MIN_YEAR) return fail("out_of_range", `${n} ${grain}s back is too far`);
  return n === 1 ? calendarPeriod(grain, start) : rangePeriod(start, current);
}

/** The first day and the day after the last day of a `YYYY-MM[-DD]` range end. */
function dayBounds(text: string, zone: string): { start: DateTime; after: DateTime } | Failure {
  const [y, m, d] = text.split("-").map(Number);
  const year = y ?? 0;
  const bad = checkYear(year);
  if (bad) return bad;
  const start = DateTime.fromObject({ year, month: m, day: d ?? 1 }, { zone });
  if (!start.isValid) return fail("invalid_date", `no such date: ${text}`);
  return { start, after: start.plus(d === undefined ? { months: 1 } : { days: 1 }) };
}

const RULES: Rule[] = [
  { re: /^(?:today|aujourd ?hui|ce jour)$/, build: (_, t) => calendarPeriod("day", t) },
  { re: /^(?:yesterday|hier)$/, build: (_, t) => calendarPeriod("day", t.minus({ days: 1 })) },
  {
    re: /^(?:(?:this|current) week|cette semaine(?: ci)?|semaine (?:en cours|courante|actuelle))$/,
    build: (_, t) => calendarPeriod("week", t),
  },
  {
    re: /^(?:(?:last|previous|past) week|semaine (?:derniere|precedente|passee))$/,
    build: (_, t) => calendarPeriod("week", t.minus({ weeks: 1 })),
  },
  {
    re: /^(?:(?:this|current) month|ce mois(?: ci)?|mois (?:en cours|courant|actuel))$/,
    build: (_, t) => calendarPeriod("month", t),
  },
  {
    re: /^(?:(?:last|previous|past) month|mois (?:dernier|precedent|passe))$/,
    build: (_, t) => calendarPeriod("month", t.minus({ months: 1 })),
  },
  {
    re: /^(?:(?:this|current) quarter|ce trimestre(?: ci)?|trimestre (?:en cours|courant|actuel))$/,
    build: (_, t) => calendarPeriod("quarter", t),
  },
  {
    re: /^(?:(?:last|previous|past) quarter|trimestre (?:dernier|precedent|passe))$/,
    build: (_, t) => calendarPeriod("quarter", t.minus({ quarters: 1 })),
  },
  {
    re: /^(?:(?:this|current) year|cette annee(?: ci)?|annee (?:en cours|courante|actuelle))$/,
    build: (_, t) => calendarPeriod("year", t),
  },
  {
    re: /^(?:(?:last|previous|past) year|annee (?:derniere|precedente|passee)|an (?:dernier|passe))$/,
    build: (_, t) => calendarPeriod("year", t.minus({ years: 1 })),
  },
  {
    // Year to date includes today: [1 January, tomorrow midnight).
    re: /^(?:ytd|year to date|since (?:the )?(?:start|beginning) of (?:the |this )?year|depuis (?:le )?debut (?:de )?(?:l )?annee|depuis janvier|cumul annuel|annee a date)$/,
    build: (_, t) => rangePeriod(t.startOf("year"), t.plus({ days: 1 })),
  },
  {
    re: new RegExp(`^(?:last|past|previous) (${NUM}) (${UNIT})$`),
    build: (m, t) => lastN(toNumber(m[1] ?? ""), UNIT_WORDS[m[2] ?? ""] ?? "day", t),
  },
  {
    re: new RegExp(`^(?:(${NUM}) (?:derniers|dernieres|last|past)|(?:derniers|dernieres) (${NUM})) (${UNIT})$`),
    build: (m, t) => lastN(toNumber(m[1] ?? m[2] ?? ""), UNIT_WORDS[m[3] ?? ""] ?? "day", t),
  },
  {
    re: new RegExp(
      `^(?:from |du |de |between |entre )?(${DAY})(?:\\.\\.| (?:to|au|a|and|et|until|jusqu au|-) )(${DAY})$`,
    ),
    build: (m, t) => {
      const a = dayBounds(m[1] ?? "", t.zoneName ?? "UTC");
      if ("ok" in a) return a;
      const b = dayBounds(m[2] ?? "", t.zoneName ?? "UTC");
      if ("ok" in b) return b;
      if (b.after <= a.start) return fail("reversed_range", `the range ends before it starts: ${m[0]}`);
      return rangePeriod(a.start, b.after);
    },
  },
  {
    re: /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
    build: (m, t) => at("day", { year: +(m[1] ?? 0), month: +(m[2] ?? 0), day: +(m[3] ?? 0) }, t.zoneName ?? "UTC"),
  },
  {
    re: /^(\d{4})-(\d{1,2})$/,
    build: (m, t) => at("month", { year: +(m[1] ?? 0), month: +(m[2] ?? 0) }, t.zoneName ?? "UTC"),
  },
  {
    re: /^(\d{1,2})\/(\d{4})$/,
    build: (m, t) => at("month", { year: +(m[2] ?? 0), month: +(m[1] ?? 0) }, t.zoneName ?? "UTC"),
  },
  { re: /^(\d{4})$/, build: (m, t) => at("year", { year: +(m[1] ?? 0) }, t.zoneName ?? "UTC") },
  {
    re: /^(?:(?:q|t)([1-4])|([1-4])(?:er|re|e|eme|nd|rd|st|th) (?:trimestre|quarter)|(?:quarter|trimestre) ([1-4]))(?:[ -]?(\d{4}))?$/,
    build: (m, t) => {
      const q = +(m[1] ?? m[2] ?? m[3] ?? 0);
      const year = m[4] ? +m[4] : recentYear(t.quarter, q, t.year);
      return at("quarter", { year, month: q * 3 - 2 }, t.zoneName ?? "UTC");
    },
  },
  {
    re: /^(\d{4})[ -]?(?:q|t)([1-4])$/,
    build: (m, t) => at("quarter", { year: +(m[1] ?? 0), month: +(m[2] ?? 0) * 3 - 2 }, t.zoneName ?? "UTC"),
  },
  {
    re: /^(\d{4})-?w(\d{1,2})$/,
    build: (m, t) => at("week", { weekYear: +(m[1] ?? 0), weekNumber: +(m[2] ?? 0) }, t.zoneName ?? "UTC"),
  },
  {
    re: /^(?:week|semaine|sem|w) ?(\d{1,2})(?: (\d{4}))?$/,
    build: (m, t) => {
      const w = +(m[1] ?? 0);
      const weekYear = m[2] ? +m[2] : recentYear(t.weekNumber, w, t.weekYear);
      return at("week", { weekYear, weekNumber: w }, t.zoneName ?? "UTC");
    },
  },
  {
    re: new RegExp(`^(${MONTH})(?: (?:of |de )?(\\d{4}))?$`),
    build: (m, t) => {
      const month = MONTH_WORDS[m[1] ?? ""] ?? 1;
      const year = m[2] ? +m[2] : recentYear(t.month, month, t.year);
      return at("month", { year, month }, t.zoneName ?? "UTC");
    },
  },
];

/**
 * Reads a period in English or French ("last month", "mois dernier", "q3 2026", "2026-10-01..2026-10-15"…),
 * relative to `now` in the organisation's time zone. Boundaries are local midnights, half-open [start, end).
 */
export function parsePeriod(text: string, ctx: PeriodContext): PeriodParseResult {
  const s = normalizePeriodText(text);
  if (s === "") return fail("empty", "no period given");
  const today = DateTime.fromJSDate(ctx.now, { zone: ctx.timezone }).startOf("day");
  if (!today.isValid) return fail("out_of_range", `unknown time zone ${ctx.timezone}`);
  for (const rule of RULES) {
    const m = rule.re.exec(s);
    if (!m) continue;
    const built = rule.build(m, today);
    return "ok" in built ? built : { ok: true, period: built };
  }
  return fail("unknown", `not a period: "${text.trim()}"`);
}
