import type { Frequency } from "./fire-times.js";

// The words of the `digest` and `alert` commands in English and French, normalised
// (lower-case, no accents; multi-word phrases hyphenated as the user may type them).

/** Top-level verbs that route to the digest module (as typed: the dispatcher only lower-cases). */
export const DIGEST_VERBS = ["digest", "digests", "resume", "résumé", "resumes", "résumés"];

/** Top-level verbs that route to the alert module. */
export const ALERT_VERBS = ["alert", "alerts", "alerte", "alertes"];

/** Sub-commands shared by digests and alerts. */
export type SubCommand = "add" | "list" | "remove" | "pause" | "resume" | "send" | "preview" | "help";

/** Sub-command words, English then French. */
export const SUB_WORDS: Record<string, SubCommand> = {
  add: "add",
  new: "add",
  create: "add",
  ajouter: "add",
  ajoute: "add",
  creer: "add",
  nouveau: "add",
  nouvelle: "add",
  list: "list",
  ls: "list",
  show: "list",
  liste: "list",
  lister: "list",
  voir: "list",
  remove: "remove",
  delete: "remove",
  rm: "remove",
  del: "remove",
  supprimer: "remove",
  supprime: "remove",
  retirer: "remove",
  effacer: "remove",
  pause: "pause",
  suspend: "pause",
  suspendre: "pause",
  resume: "resume",
  unpause: "resume",
  reprendre: "resume",
  reprends: "resume",
  reactiver: "resume",
  send: "send",
  "send-now": "send",
  run: "send",
  envoyer: "send",
  envoie: "send",
  preview: "preview",
  "dry-run": "preview",
  apercu: "preview",
  previsualiser: "preview",
  essai: "preview",
  help: "help",
  aide: "help",
  usage: "help",
};

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

/** Alert conditions. */
export type AlertCondition = "below" | "above" | "change";

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

/** Words only a French speaker uses in these commands: they pick the reply language when the platform does not say. */
export const FRENCH_HINTS = new Set([
  ...["resume", "resumes", "alerte", "alertes", "ajouter", "ajoute", "creer", "nouveau", "nouvelle", "liste"],
  ...["lister", "voir", "supprimer", "supprime", "retirer", "effacer", "suspendre", "reprendre", "reprends"],
  ...["reactiver", "envoyer", "envoie", "apercu", "previsualiser", "essai", "aide", "quotidien", "quotidienne"],
  ...["hebdo", "hebdomadaire", "mensuel", "mensuelle", "lundi", "mardi", "mercredi", "jeudi", "vendredi"],
  ...["samedi", "dimanche", "dernier", "derniere", "fin", "par", "fuseau", "periode", "sous", "pour", "verifier"],
  ...["horaire", "variation", "evolution", "mois", "semaine", "hier"],
]);

/** Words only an English speaker uses in these commands. */
export const ENGLISH_HINTS = new Set([
  ...["digest", "digests", "alert", "alerts", "add", "new", "create", "list", "show", "remove", "delete"],
  ...["pause", "send", "preview", "help", "daily", "weekdays", "weekly", "monthly", "monday", "tuesday"],
  ...["wednesday", "thursday", "friday", "saturday", "sunday", "last", "by", "period", "below", "above"],
  ...["for", "check", "hourly", "change", "month", "week", "yesterday"],
]);
