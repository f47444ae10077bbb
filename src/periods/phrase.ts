import type { Period } from "../kpi/types.js";
import { type PeriodContext, parsePeriod } from "./parse.js";

/** A period found at the head of a token list. */
export interface PeriodPhrase {
  period: Period;
  /** Index of the first token of the phrase. */
  start: number;
  /** How many tokens the phrase uses (the caller continues at `start + length`). */
  length: number;
  /** The tokens of the phrase, joined by spaces. */
  text: string;
}

/** The longest period phrase kpibot understands, in tokens ("depuis le début de l'année" is 5). */
export const MAX_PERIOD_TOKENS = 8;

/**
 * Finds the longest run of tokens starting at `start` that parses as a period, so that a command
 * parser can split `fcr mois dernier par priorité` into the KPI, `mois dernier` and the rest.
 * Returns null when no prefix is a period.
 */
export function findPeriodPhrase(tokens: readonly string[], ctx: PeriodContext, start = 0): PeriodPhrase | null {
  const longest = Math.min(MAX_PERIOD_TOKENS, tokens.length - start);
  for (let length = longest; length >= 1; length--) {
    const text = tokens.slice(start, start + length).join(" ");
    const parsed = parsePeriod(text, ctx);
    if (parsed.ok) return { period: parsed.period, start, length, text };
  }
  return null;
}
