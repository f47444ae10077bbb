import { type Locale, toLocale } from "../i18n/index.js";
import type { Token } from "./tokens.js";
import { ENGLISH_WORDS, FRENCH_WORDS } from "./vocabulary.js";

/** The language the words of a command are written in, when they say (more French words than English ones, or the reverse). */
export function detectLocale(tokens: readonly Token[]): Locale | undefined {
  let fr = 0;
  let en = 0;
  for (const t of tokens) {
    if (t.quoted) continue;
    // Hyphenated words count by their parts too ("qui suis-je", "tableau-de-bord").
    const words = new Set([t.norm, ...t.norm.split("-")]);
    if ([...words].some((w) => FRENCH_WORDS.has(w))) fr++;
    if ([...words].some((w) => ENGLISH_WORDS.has(w))) en++;
  }
  if (fr > en) return "fr";
  if (en > fr) return "en";
  return undefined;
}

/**
 * The reply language: the platform's locale when it says, else the words used,
 * else the configured default (KPIBOT_LOCALE).
 */
export function chooseLocale(platformLocale: string | undefined, tokens: readonly Token[], fallback: Locale): Locale {
  return toLocale(platformLocale) ?? detectLocale(tokens) ?? fallback;
}
