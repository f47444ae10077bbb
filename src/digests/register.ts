import type { CommandModule } from "../commands/router.js";
import { handleDigest } from "./digest-commands.js";
import { DIGEST_VERBS } from "./words.js";

/** `digest …` / `résumé …` in the command language (admins). */
export function digestModule(): CommandModule {
  return {
    name: "digests",
    commands: [
      {
        verbs: DIGEST_VERBS,
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
      },
    ],
    actions: [],
  };
}
