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
    handle: handleDigest,
  });
  registerCommand({
    verbs: ALERT_VERBS,
    summary: {
      en: "alert add|list|remove|pause|resume — threshold alerts on a KPI (admins)",
      fr: "alerte ajouter|liste|supprimer|suspendre|reprendre — alertes de seuil sur un indicateur (admins)",
    },
    handle: handleAlert,
  });
}
