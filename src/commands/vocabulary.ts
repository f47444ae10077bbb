import { KPI_DEFINITIONS } from "../kpi/definitions.js";
import type { Dimension, KpiDefinition } from "../kpi/types.js";
import { normalizeWord } from "./tokens.js";

/** The verbs of the language; a multi-word phrase is written with hyphens ("tableau-de-bord"). */
export const VERBS = {
  list: ["list", "liste", "lister", "ls", "kpis", "catalog", "catalogue", "indicateurs"],
  help: ["help", "aide", "usage", "commands", "commandes"],
  explain: ["explain", "explique", "expliquer", "explication", "define", "definition", "definir"],
  scorecard: ["scorecard", "tableau-de-bord", "dashboard", "bilan", "synthese", "overview"],
  target: ["target", "objectif", "cible", "set-target"],
  role: ["role", "roles"],
  policy: ["policy", "politique", "visibility", "visibilite"],
  whoami: ["whoami", "who-am-i", "qui-suis-je"],
} as const;

/** A verb of the language. */
export type Verb = keyof typeof VERBS;

/** Clause keywords inside a KPI question. */
export const CLAUSES = {
  by: ["by", "per", "par", "split-by", "broken-down-by", "ventile-par"],
  for: ["for", "pour", "where", "with", "avec"],
  vs: ["vs", "vs.", "versus", "contre", "against", "compared-to", "compared-with", "par-rapport-a", "par-rapport-au"],
  share: ["share", "partager", "partage", "publier", "post"],
  // After a KPI: the tickets behind its number, or all of them as a CSV file (docs/commands.md).
  tickets: ["tickets", "ticket", "rows", "lignes"],
  export: ["export", "exporter", "exports", "csv"],
} as const;

/** A clause keyword. */
export type Clause = keyof typeof CLAUSES;

/** Words between filters that mean nothing ("for group=A and service=B"). */
export const CONNECTORS = ["and", "et", "&", "+"];

/** Words users put before a KPI that carry no meaning ("show the fcr", "quel est le taux de fcr"). */
export const LEADING_FILLERS = [
  "show",
  "me",
  "moi",
  "display",
  "get",
  "give",
  "what",
  "what's",
  "whats",
  "is",
  "was",
  "the",
  "our",
  "my",
  "montre",
  "montre-moi",
  "donne-moi",
  "affiche",
  "donne",
  "quel",
  "quelle",
  "est",
  "le",
  "la",
  "les",
  "l'",
  "notre",
  "mon",
  "ma",
  "taux",
  "rate",
  "de",
  "du",
];

/** Words that may open a period phrase and are not part of it ("fcr in october", "fcr sur 30 derniers jours"). */
export const PERIOD_PREPOSITIONS = [
  ...["in", "en", "sur", "over", "during", "pendant", "for", "pour", "on", "at", "the", "of", "du", "de", "des"],
  ...["les", "le", "la", "l'", "au", "aux"],
];

/** Dimension words in English and French (normalised). */
export const DIMENSION_WORDS: Record<string, Dimension> = {
  group: "group",
  groups: "group",
  groupe: "group",
  groupes: "group",
  "support-group": "group",
  channel: "channel",
  channels: "channel",
  canal: "channel",
  canaux: "channel",
  priority: "priority",
  priorities: "priority",
  priorite: "priority",
  priorites: "priority",
  prio: "priority",
  service: "service",
  services: "service",
  level: "level",
  levels: "level",
  niveau: "level",
  niveaux: "level",
  tier: "level",
  category: "category",
  categories: "category",
  categorie: "category",
  kind: "kind",
  kinds: "kind",
  type: "kind",
  types: "kind",
  nature: "kind",
  assignee: "assignee",
  assignees: "assignee",
  agent: "assignee",
  agents: "assignee",
  technician: "assignee",
  technicien: "assignee",
  techniciens: "assignee",
  assigne: "assignee",
  activity: "activity",
  activities: "activity",
  activite: "activity",
  activites: "activity",
  team: "team",
  teams: "team",
  equipe: "team",
  equipes: "team",
  question: "question",
  questions: "question",
};

/** Finds a dimension by an English or French word. */
export function findDimension(word: string): Dimension | undefined {
  // Own keys only: a word such as "__proto__" must not find Object.prototype.
  const key = normalizeWord(word);
  return Object.hasOwn(DIMENSION_WORDS, key) ? DIMENSION_WORDS[key] : undefined;
}

/** The ways of naming each KPI: id, aliases and its names in both languages, as hyphenated phrases. */
export function kpiPhrases(): Map<string, KpiDefinition> {
  const phrases = new Map<string, KpiDefinition>();
  const slug = (s: string) =>
    normalizeWord(s)
      .replace(/[()'/]/g, " ")
      .trim()
      .split(/\s+/)
      .join("-");
  for (const def of KPI_DEFINITIONS) {
    for (const p of [def.id, ...def.aliases, slug(def.name.en), slug(def.name.fr)]) {
      const key = normalizeWord(p);
      if (!phrases.has(key)) phrases.set(key, def);
    }
  }
  return phrases;
}

/** Words only French speakers use in commands (normalised); decide the reply language when the platform does not say. */
export const FRENCH_WORDS = new Set([
  ...["liste", "lister", "aide", "explique", "expliquer", "objectif", "cible", "tableau", "bord", "bilan", "synthese"],
  ...["politique", "visibilite", "personnel", "personnes", "couts", "lecteur", "lecteurs", "responsable"],
  ...["qui", "suis", "suis-je", "je", "par", "pour", "contre", "rapport", "partager", "partage", "publier", "avec"],
  ...["mois", "dernier", "derniere", "derniers", "dernieres", "semaine", "semaines", "trimestre", "trimestres"],
  ...["annee", "annees", "an", "ans", "cette", "ce", "cet", "depuis", "debut", "jour", "jours", "aujourd'hui", "hier"],
  ...["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre"],
  ...["decembre", "groupe", "groupes", "canal", "canaux", "priorite", "priorites", "niveau", "niveaux", "categorie"],
  ...[
    "equipe",
    "equipes",
    "activite",
    "activites",
    "technicien",
    "et",
    "le",
    "la",
    "les",
    "du",
    "des",
    "de",
    "l'annee",
  ],
  ...["donner", "accorder", "retirer", "revoquer", "montre", "affiche", "quel", "quelle", "notre", "taux", "precedent"],
  ...["precedente", "en", "sur", "escalade", "reouverture", "automatisation", "stock", "demandes", "semestre"],
]);

/** Words only English speakers use in commands (normalised). */
export const ENGLISH_WORDS = new Set([
  ...["list", "help", "explain", "target", "scorecard", "dashboard", "who", "am", "whoami", "by", "per", "for"],
  ...["against", "compared", "share", "last", "this", "previous", "month", "months", "week", "weeks", "quarter"],
  ...["quarters", "year", "years", "day", "days", "today", "yesterday", "since", "to", "date", "ytd", "january"],
  ...["february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
  ...["group", "groups", "channel", "priority", "level", "category", "team", "activity", "assignee", "and", "the"],
  ...["show", "what", "grant", "revoke", "in", "over", "of", "where", "with", "rate", "our"],
]);

/** Period words, only to suggest a spelling when a period phrase is not understood. */
export const PERIOD_WORDS = [
  ...["today", "yesterday", "this", "last", "previous", "week", "month", "quarter", "year", "days", "weeks"],
  ...["months", "to", "date", "aujourd'hui", "hier", "cette", "ce", "dernier", "derniere", "derniers", "mois"],
  ...["semaine", "trimestre", "annee", "jours", "depuis", "debut", "january", "february", "march", "april", "may"],
  ...["june", "july", "august", "september", "october", "november", "december", "janvier", "fevrier", "mars"],
  ...["avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"],
];
