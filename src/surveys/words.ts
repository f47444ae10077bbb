import type { Locale } from "../i18n/index.js";
import type { Audience, QuestionType, Recurrence, ResultsVisibility } from "./types.js";

// The words of the `survey` command in English and French, normalised (lower-case, no accents).

/** The verbs that start a survey command. */
export const SURVEY_VERBS = ["survey", "surveys", "enquete", "enquetes", "enquête", "enquêtes", "sondage", "sondages"];

/** Sub-commands and their words. */
export const OPS = {
  new: ["new", "create", "add", "nouvelle", "nouveau", "creer", "ajouter"],
  list: ["list", "ls", "liste", "lister"],
  show: ["show", "preview", "view", "voir", "apercu", "afficher"],
  post: ["post", "publish", "publier", "poster"],
  send: ["send", "dm", "envoyer", "envoie"],
  close: ["close", "end", "fermer", "clore", "cloturer", "terminer"],
  stop: ["stop", "arreter", "unschedule"],
  reopen: ["reopen", "open", "rouvrir", "reouvrir", "ouvrir"],
  results: ["results", "result", "resultats", "resultat"],
  remind: ["remind", "relancer", "relance"],
  comment: ["comment", "commentaire", "commenter"],
  export: ["export", "exporter", "csv"],
  help: ["help", "aide", "?"],
} as const;

/** A sub-command. */
export type Op = keyof typeof OPS;

/** Question type keywords in `survey new`. */
export const QUESTION_WORDS: Record<string, QuestionType | "know"> = {
  csat: "csat",
  satisfaction: "csat",
  nps: "nps",
  yesno: "yes_no",
  "yes-no": "yes_no",
  "yes/no": "yes_no",
  ouinon: "yes_no",
  "oui-non": "yes_no",
  "oui/non": "yes_no",
  know: "know",
  knows: "know",
  aware: "know",
  awareness: "know",
  connait: "know",
  connaissez: "know",
  connaissance: "know",
  comment: "text",
  comments: "text",
  commentaire: "text",
  commentaires: "text",
  text: "text",
  texte: "text",
};

/** Option keywords in `survey new`. */
export const OPTION_WORDS: Record<string, "closes" | "audience" | "results" | "recur" | "remind"> = {
  closes: "closes",
  close: "closes",
  until: "closes",
  ends: "closes",
  closing: "closes",
  ferme: "closes",
  fermeture: "closes",
  cloture: "closes",
  "jusqu'au": "closes",
  jusqua: "closes",
  jusquau: "closes",
  fin: "closes",
  audience: "audience",
  public: "audience",
  pour: "audience",
  for: "audience",
  results: "results",
  resultats: "results",
  recur: "recur",
  recurrence: "recur",
  repeat: "recur",
  every: "recur",
  chaque: "recur",
  remind: "remind",
  reminder: "remind",
  rappel: "remind",
  relance: "remind",
};

/** Flags in `survey new`. */
export const FLAG_WORDS: Record<string, "named" | "anonymous" | Recurrence> = {
  named: "named",
  nominative: "named",
  nominatif: "named",
  signed: "named",
  anonymous: "anonymous",
  anonyme: "anonymous",
  monthly: "monthly",
  mensuel: "monthly",
  mensuelle: "monthly",
  weekly: "weekly",
  hebdomadaire: "weekly",
  hebdo: "weekly",
};

/** Audience values. */
export const AUDIENCE_WORDS: Record<string, Audience> = {
  users: "users",
  user: "users",
  utilisateurs: "users",
  everyone: "users",
  tous: "users",
  "service-desk": "service_desk",
  service_desk: "service_desk",
  servicedesk: "service_desk",
  desk: "service_desk",
  support: "service_desk",
};

/** Results visibility values. */
export const RESULTS_WORDS: Record<string, ResultsVisibility> = {
  live: "live",
  direct: "live",
  "en-direct": "live",
  "after-close": "after_close",
  after_close: "after_close",
  "apres-cloture": "after_close",
  "a-la-cloture": "after_close",
  cloture: "after_close",
  never: "never",
  jamais: "never",
  hidden: "never",
};

/** Recurrence values after `recur`/`every`/`chaque`. */
export const RECUR_WORDS: Record<string, Recurrence> = {
  monthly: "monthly",
  month: "monthly",
  mois: "monthly",
  mensuel: "monthly",
  mensuelle: "monthly",
  weekly: "weekly",
  week: "weekly",
  semaine: "weekly",
  hebdomadaire: "weekly",
  hebdo: "weekly",
};

/** Words only French uses here: they make the reply French when the platform does not say. */
const FRENCH = new Set([
  "enquete",
  "enquetes",
  "sondage",
  "sondages",
  "nouvelle",
  "nouveau",
  "creer",
  "liste",
  "voir",
  "publier",
  "envoyer",
  "fermer",
  "clore",
  "cloturer",
  "rouvrir",
  "resultats",
  "relancer",
  "commentaire",
  "ouinon",
  "connait",
  "connaissez",
  "ferme",
  "nominative",
  "anonyme",
  "mensuelle",
  "mensuel",
  "hebdomadaire",
  "rappel",
  "jamais",
  "utilisateurs",
  "exporter",
  "aide",
  "arreter",
]);

/** Words only English uses here. */
const ENGLISH = new Set([
  "survey",
  "surveys",
  "new",
  "create",
  "list",
  "show",
  "preview",
  "post",
  "publish",
  "send",
  "close",
  "closes",
  "until",
  "reopen",
  "results",
  "remind",
  "reminder",
  "comment",
  "help",
  "named",
  "anonymous",
  "yesno",
  "yes-no",
  "know",
  "monthly",
  "weekly",
  "audience",
  "never",
  "live",
  "recur",
  "every",
  "to",
]);

/** The language of the words used (unquoted, normalised): the one with more of its own words, else undefined. */
export function wordsLocale(norms: readonly string[]): Locale | undefined {
  const fr = norms.filter((w) => FRENCH.has(w)).length;
  const en = norms.filter((w) => ENGLISH.has(w)).length;
  if (fr > en) return "fr";
  if (en > fr) return "en";
  return undefined;
}
