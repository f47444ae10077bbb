import { alertModule } from "./alerts/index.js";
import type { CommandModule } from "./commands/router.js";
import { digestModule } from "./digests/index.js";
import { surveyModule } from "./surveys/index.js";

// The modules of the command language, assembled here beside src/app.ts (which builds the router from
// them): the core's parser knows KPI questions, help, roles, targets and policy; each module brings its
// verbs (EN and FR), help lines and buttons. Adding a module is one line.

/** Every module of the command language, in the order `help` lists them. */
export function commandModules(): CommandModule[] {
  return [digestModule(), alertModule(), surveyModule()];
}
