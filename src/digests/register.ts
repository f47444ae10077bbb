import { registerCommand } from "../commands/extensions.js";
import { handleDigest } from "./digest-commands.js";
import { DIGEST_VERBS } from "./words.js";

let registered = false;

/** Adds `digest …` / `résumé …` to the command language. Idempotent: the CLI and tests may all call it. */
export function registerDigestCommands(): void {
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
}
