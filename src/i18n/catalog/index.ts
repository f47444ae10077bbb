import { commands } from "./commands.js";
import { common } from "./common.js";
import { digests } from "./digests.js";
import { playground } from "./playground.js";
import { reply } from "./reply.js";
import { slack } from "./slack.js";
import { surveys } from "./surveys.js";
import { teams } from "./teams.js";

/**
 * Every message catalog, one namespace per module (`t(locale, "namespace:key")`).
 * Add a namespace: create `<name>.ts` exporting `{ en: {...}, fr: {...} }` and list it here.
 */
export const catalogs: Record<string, { en: Record<string, unknown>; fr: Record<string, unknown> }> = {
  commands,
  common,
  digests,
  playground,
  reply,
  slack,
  surveys,
  teams,
};
