import { registerCommand } from "../commands/extensions.js";
import { handleAlert } from "./alert-commands.js";
import { ALERT_VERBS } from "./words.js";

let registered = false;

/** Adds `alert …` / `alerte …` to the command language. Idempotent: the CLI and tests may all call it. */
export function registerAlertCommands(): void {
  if (registered) return;
  registered = true;
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
