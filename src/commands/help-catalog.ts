import type { Locale } from "../i18n/index.js";
import type { Role } from "./roles.js";
import type { CommandRouter, ModuleCommand } from "./router.js";
import { VERBS } from "./vocabulary.js";

/** One verb as `help` shows it: its words in each language, who may use it, how to write it, what it does. */
export interface VerbHelp {
  /** The canonical verb (`target`, `digest`…); `kpi` for a KPI question. */
  id: string;
  /** The least role that may use it. */
  role: Role;
  /** The verb as written in each language. */
  word: Record<Locale, string>;
  usage: Record<Locale, string>;
  summary: Record<Locale, string>;
}

/** The core's own verbs, in the order `help` lists them. */
const BUILT_IN: readonly VerbHelp[] = [
  {
    id: "kpi",
    role: "viewer",
    word: { en: "<kpi>", fr: "<kpi>" },
    usage: {
      en: "<kpi> [period] [by <dimension>] [for <dimension>=<value>] [vs <period>] [share]",
      fr: "<kpi> [période] [par <dimension>] [pour <dimension>=<valeur>] [contre <période>] [partager]",
    },
    summary: {
      en: "a KPI for a period, broken down, filtered or compared",
      fr: "un indicateur sur une période, ventilé, filtré ou comparé",
    },
  },
  {
    id: "scorecard",
    role: "viewer",
    word: { en: "scorecard", fr: "tableau de bord" },
    usage: { en: "scorecard [period] [share]", fr: "tableau de bord [période] [partager]" },
    summary: {
      en: "every KPI with data against its target, weakest first",
      fr: "chaque indicateur face à son objectif, le plus faible d'abord",
    },
  },
  {
    id: "list",
    role: "viewer",
    word: { en: "list", fr: "liste" },
    usage: { en: "list", fr: "liste" },
    summary: { en: "the KPIs, by family", fr: "les indicateurs, par famille" },
  },
  {
    id: "explain",
    role: "viewer",
    word: { en: "explain", fr: "explique" },
    usage: { en: "explain <kpi>", fr: "explique <kpi>" },
    summary: {
      en: "how a KPI is computed, its target and its data",
      fr: "comment un indicateur est calculé, son objectif, ses données",
    },
  },
  {
    id: "help",
    role: "viewer",
    word: { en: "help", fr: "aide" },
    usage: { en: "help [kpi | command]", fr: "aide [kpi | commande]" },
    summary: {
      en: "this help, or help for one KPI or command",
      fr: "cette aide, ou l'aide d'un indicateur ou d'une commande",
    },
  },
  {
    id: "whoami",
    role: "viewer",
    word: { en: "whoami", fr: "qui suis-je" },
    usage: { en: "whoami", fr: "qui suis-je" },
    summary: { en: "your user id and role", fr: "votre identifiant et votre rôle" },
  },
  {
    id: "policy",
    role: "viewer",
    word: { en: "policy", fr: "politique" },
    usage: {
      en: "policy [personal|costs viewer|manager|admin]",
      fr: "politique [personnel|couts lecteur|manager|admin]",
    },
    summary: {
      en: "who may see per-person figures and costs (admins change it)",
      fr: "qui peut voir les chiffres par personne et les coûts (les admins la changent)",
    },
  },
  {
    id: "target",
    role: "admin",
    word: { en: "target", fr: "objectif" },
    usage: {
      en: "target <kpi> <value>|reset [for <dimension>=<value>]",
      fr: "objectif <kpi> <valeur>|reset [pour <dimension>=<valeur>]",
    },
    summary: { en: "set or reset a KPI's target", fr: "fixer ou réinitialiser l'objectif d'un indicateur" },
  },
  {
    id: "role",
    role: "admin",
    word: { en: "role", fr: "role" },
    usage: {
      en: "role grant <user> admin|manager · role revoke <user> · role list",
      fr: "role donner <utilisateur> admin|manager · role retirer <utilisateur> · role liste",
    },
    summary: { en: "who is admin or manager", fr: "qui est admin ou manager" },
  },
];

/** The help of a module's command (digests, alerts, surveys), from what the module declared. */
function moduleHelp(command: ModuleCommand): VerbHelp {
  const { help } = command;
  return { id: command.verbs[0] ?? "", role: help.role, word: help.word, usage: help.usage, summary: help.summary };
}

/** Every verb kpibot understands, built-in and added by the router's modules, in the order `help` lists them. */
export function verbHelps(router: CommandRouter): VerbHelp[] {
  return [...BUILT_IN, ...router.commands().map(moduleHelp)];
}

/** The help of the verb a word names (`target`, `objectif`, `digest`, `enquête`…), if any. */
export function verbHelpOf(router: CommandRouter, word: string): VerbHelp | undefined {
  const norm = word.trim().toLowerCase();
  for (const [id, words] of Object.entries(VERBS)) {
    if ((words as readonly string[]).includes(norm)) return BUILT_IN.find((h) => h.id === id);
  }
  const command = router.command(norm);
  return command ? moduleHelp(command) : undefined;
}

/** The one-line usage hint of the Slack manifest's `/kpi` command, from the same catalog. */
export const SLACK_USAGE_HINT = "fcr last month · sla q3 by group · scorecard · help";
