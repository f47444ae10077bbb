import type { CommandModule } from "../commands/router.js";
import { handleAlert } from "./alert-commands.js";
import { ALERT_VERBS } from "./words.js";

/** `alert …` / `alerte …` in the command language (admins). */
export function alertModule(): CommandModule {
  return {
    name: "alerts",
    commands: [
      {
        verbs: ALERT_VERBS,
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
      },
    ],
    actions: [],
  };
}
