import { languageHints } from "../scheduler/command-support.js";
import type { Frequency } from "../scheduler/fire-times.js";

// The words of the `digest` command in English and French, normalised (lower-case, no accents;
// multi-word phrases hyphenated as the user may type them). Sub-commands: scheduler/command-words.ts.

/** Top-level verbs that route to the digest module (as typed: the dispatcher only lower-cases). */
export const DIGEST_VERBS = ["digest", "digests", "resume", "résumé", "resumes", "résumés"];

/** Frequencies of digests. */
export const FREQUENCY_WORDS: Record<string, Exclude<Frequency, "hourly">> = {
  daily: "daily",
  "every-day": "daily",
  quotidien: "daily",
  quotidienne: "daily",
  "chaque-jour": "daily",
  "tous-les-jours": "daily",
  weekdays: "weekdays",
  "every-weekday": "weekdays",
  "jours-ouvres": "weekdays",
  "jours-ouvrables": "weekdays",
  ouvres: "weekdays",
  weekly: "weekly",
  "every-week": "weekly",
  hebdo: "weekly",
  hebdomadaire: "weekly",
  monthly: "monthly",
  "every-month": "monthly",
  mensuel: "monthly",
  mensuelle: "monthly",
};

/** Days of the week, 1 = Monday. */
export const DAY_WORDS: Record<string, number> = {
  monday: 1,
  mon: 1,
  lundi: 1,
  lun: 1,
  tuesday: 2,
  tue: 2,
  mardi: 2,
  mar: 2,
  wednesday: 3,
  wed: 3,
  mercredi: 3,
  mer: 3,
  thursday: 4,
  thu: 4,
  jeudi: 4,
  jeu: 4,
  friday: 5,
  fri: 5,
  vendredi: 5,
  ven: 5,
  saturday: 6,
  sat: 6,
  samedi: 6,
  sam: 6,
  sunday: 7,
  sun: 7,
  dimanche: 7,
  dim: 7,
};

/** "The last day of the month". */
export const LAST_DAY_WORDS = ["last", "last-day", "end", "dernier", "derniere", "fin"];

/** Options of `digest add`. */
export type DigestOption = "by" | "tz" | "period" | "skipEmpty";

/** Option keywords of `digest add` / `digest preview`. */
export const DIGEST_OPTION_WORDS: Record<string, DigestOption> = {
  by: "by",
  per: "by",
  par: "by",
  tz: "tz",
  timezone: "tz",
  zone: "tz",
  fuseau: "tz",
  period: "period",
  periode: "period",
  "skip-empty": "skipEmpty",
  "skip-if-empty": "skipEmpty",
  "skip-when-empty": "skipEmpty",
  "sauf-vide": "skipEmpty",
  "ignorer-vide": "skipEmpty",
  "si-donnees": "skipEmpty",
};

/** Words only a French speaker uses in `résumé` commands (with the shared sub-commands': languageHints). */
const FRENCH_WORDS = [
  ...["resume", "resumes", "quotidien", "quotidienne", "hebdo", "hebdomadaire", "mensuel", "mensuelle", "lundi"],
  ...["mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "dernier", "derniere", "fin", "par", "periode"],
];

/** Words only an English speaker uses in `digest` commands. */
const ENGLISH_WORDS = [
  ...["digest", "digests", "daily", "weekdays", "weekly", "monthly", "monday", "tuesday", "wednesday", "thursday"],
  ...["friday", "saturday", "sunday", "last", "by", "period"],
];

/** What tells the language of a digest command when the platform does not. */
export const DIGEST_HINTS = languageHints(FRENCH_WORDS, ENGLISH_WORDS);
