import { languageHints } from "../scheduler/command-support.js";
import type { AlertCondition } from "../store/repositories.js";

// The words of the `alert` command in English and French, normalised (lower-case, no accents;
// multi-word phrases hyphenated as the user may type them). Sub-commands: scheduler/command-words.ts.

/** Top-level verbs that route to the alert module. */
export const ALERT_VERBS = ["alert", "alerts", "alerte", "alertes"];

/** Condition words of `alert add`. */
export const CONDITION_WORDS: Record<string, AlertCondition> = {
  below: "below",
  under: "below",
  "<": "below",
  sous: "below",
  "en-dessous": "below",
  "en-dessous-de": "below",
  inferieur: "below",
  above: "above",
  over: "above",
  ">": "above",
  "au-dessus": "above",
  "au-dessus-de": "above",
  superieur: "above",
  dessus: "above",
  change: "change",
  changes: "change",
  variation: "change",
  evolution: "change",
};

/** Options of `alert add`. */
export type AlertOption = "for" | "check" | "every" | "tz";

/** Option keywords of `alert add`. */
export const ALERT_OPTION_WORDS: Record<string, AlertOption> = {
  for: "for",
  where: "for",
  pour: "for",
  check: "check",
  checked: "check",
  verifier: "check",
  verif: "check",
  controle: "check",
  "every-breach": "every",
  "each-breach": "every",
  "chaque-depassement": "every",
  "a-chaque-depassement": "every",
  "chaque-alerte": "every",
  tz: "tz",
  timezone: "tz",
  fuseau: "tz",
};

/** How often alerts are checked. */
export const CHECK_WORDS: Record<string, "hourly" | "daily"> = {
  hourly: "hourly",
  "every-hour": "hourly",
  horaire: "hourly",
  "chaque-heure": "hourly",
  "toutes-les-heures": "hourly",
  daily: "daily",
  "every-day": "daily",
  quotidien: "daily",
  quotidienne: "daily",
  "chaque-jour": "daily",
};

/** Words only a French speaker uses in `alerte` commands (with the shared sub-commands': languageHints). */
const FRENCH_WORDS = [
  ...["alerte", "alertes", "sous", "pour", "verifier", "horaire", "variation", "evolution", "quotidien"],
  ...["quotidienne"],
];

/** Words only an English speaker uses in `alert` commands. */
const ENGLISH_WORDS = ["alert", "alerts", "below", "above", "for", "check", "hourly", "change", "daily"];

/** What tells the language of an alert command when the platform does not. */
export const ALERT_HINTS = languageHints(FRENCH_WORDS, ENGLISH_WORDS);
