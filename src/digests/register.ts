import { handleAlert } from "../alerts/alert-commands.js";
import { registerCommand } from "../commands/extensions.js";
import { handleDigest } from "./digest-commands.js";
import { ALERT_VERBS, DIGEST_VERBS } from "./words.js";

let registered = false;

/**
 * Adds `digest …` / `résumé …` and `alert …` / `alerte …` to the command language. Idempotent:
 * the scheduler, the CLI and tests may all call it.
 */
export function registerScheduleCommands(): void {
  if (registered) return;
  registered = true;
  registerCommand({
    verbs: DIGEST_VERBS,
    summary: {
      en: "digest add|list|remove|pause|resume|send|preview — scheduled KPI digests (admins)",
      fr: "résumé ajouter|liste|supprimer|suspendre|reprendre|envoyer|aperçu — résumés planifiés (admins)",
    },
    help: {
      role: "admin",
      word: { en: "digest", fr: "résumé" },
      usage: {
        en: "digest add <daily|weekly <day>|monthly> <hh:mm> <kpi,kpi…> · list · preview|send|pause|resume|remove #id",
        fr: "résumé ajouter <quotidien|hebdo <jour>|mensuel> <hh:mm> <kpi,kpi…> · liste · aperçu|envoyer|suspendre|reprendre|supprimer #id",
      },
      summary: {
        en: "scheduled KPI digests posted to this channel",
        fr: "résumés d'indicateurs planifiés, postés dans ce canal",
      },
    },
    handle: handleDigest,
  });
  registerCommand({
    verbs: ALERT_VERBS,
    summary: {
      en: "alert add|list|remove|pause|resume — threshold alerts on a KPI (admins)",
      fr: "alerte ajouter|liste|supprimer|suspendre|reprendre — alertes de seuil sur un indicateur (admins)",
    },
    help: {
      role: "admin",
      word: { en: "alert", fr: "alerte" },
      usage: {
        en: "alert add <kpi> below|above <value> [for <dimension>=<value>] · list · pause|resume|remove #id",
        fr: "alerte ajouter <kpi> sous|au-dessus <valeur> [pour <dimension>=<valeur>] · liste · suspendre|reprendre|supprimer #id",
      },
      summary: {
        en: "a message here when a KPI crosses a threshold",
        fr: "un message ici quand un indicateur franchit un seuil",
      },
    },
    handle: handleAlert,
  });
}
