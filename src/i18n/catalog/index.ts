import { commands } from "./commands.js";
import { common } from "./common.js";
import { digests } from "./digests.js";
import { matrix } from "./matrix.js";
import { mattermost } from "./mattermost.js";
import { numbers } from "./numbers.js";
import { playground } from "./playground.js";
import { reply } from "./reply.js";
import { slack } from "./slack.js";
import { surveys } from "./surveys.js";
import { teams } from "./teams.js";

/**
 * The shape a translation of the English messages `E` must have: every key of `E`, at every depth, with a
 * string wherever English has one. Derived from English, so English is the one list of keys.
 */
export type Translation<E> = { readonly [K in keyof E]: E[K] extends string ? string : Translation<E[K]> };

/** Keys a translation `F` has that English `E` lacks, at every depth, typed `never` so that any of them fails. */
type NoExtraKeys<E, F> = {
  readonly [K in keyof F]: K extends keyof E ? (E[K] extends string ? F[K] : NoExtraKeys<E[K], F[K]>) : never;
};

/**
 * One namespace's catalog, checked: French must have exactly the English keys (a missing or a stale French key is
 * a type error here, so `npm run typecheck` and the build fail). `E` is inferred from English alone.
 */
export function namespace<E, F extends Translation<E>>(catalog: {
  readonly en: E;
  readonly fr: F & NoExtraKeys<NoInfer<E>, F>;
}): { en: E; fr: Translation<E> } {
  return catalog;
}

/**
 * Every message catalog, one namespace per module (`t(locale, "namespace:key")`).
 * Add a namespace: create `<name>.ts` exporting `{ en: {...}, fr: {...} } as const` and list it here.
 */
export const catalogs = {
  commands: namespace(commands),
  common: namespace(common),
  digests: namespace(digests),
  playground: namespace(playground),
  reply: namespace(reply),
  slack: namespace(slack),
  surveys: namespace(surveys),
  mattermost: namespace(mattermost),
  numbers: namespace(numbers),
  matrix: namespace(matrix),
  teams: namespace(teams),
};
