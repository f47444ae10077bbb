import type { KpiDefinition } from "../kpi/types.js";
import type { Problem, ProblemCode, Understood } from "./command-types.js";
import { suggest } from "./suggest.js";
import { joinNorm, type Token } from "./tokens.js";
import { kpiPhrases } from "./vocabulary.js";

/** Longest phrase (in words) the language knows: "first contact resolution rate". */
const MAX_PHRASE_WORDS = 6;

/** A position in the token list, moved by the recursive-descent parsers. */
export class Cursor {
  constructor(
    readonly tokens: readonly Token[],
    public index: number,
  ) {}

  /** The current token, if any. */
  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  /** Whether every token was consumed. */
  done(): boolean {
    return this.index >= this.tokens.length;
  }

  /** Consumes and returns the current token. */
  next(): Token | undefined {
    const t = this.tokens[this.index];
    if (t) this.index++;
    return t;
  }

  /** The raw words left, as typed. */
  rest(): string[] {
    return this.tokens.slice(this.index).map((t) => t.raw);
  }
}

/**
 * Greedily matches the longest phrase of `table` at the cursor (words joined with hyphens, so
 * "tableau de bord" and "sla response" match "tableau-de-bord" and "sla-response"); advances on a match.
 */
export function matchPhrase<T>(c: Cursor, table: Record<string, T> | Map<string, T>): T | undefined {
  const get = (key: string) =>
    table instanceof Map ? table.get(key) : Object.hasOwn(table, key) ? table[key] : undefined;
  for (let n = Math.min(MAX_PHRASE_WORDS, c.tokens.length - c.index); n >= 1; n--) {
    const slice = c.tokens.slice(c.index, c.index + n);
    if (slice.some((t) => t.quoted || t.eq)) continue;
    const hit = get(joinNorm(slice));
    if (hit !== undefined) {
      c.index += n;
      return hit;
    }
  }
  return undefined;
}

let phrases: Map<string, KpiDefinition> | undefined;

/** Every way of naming a KPI (built once). */
export function kpiTable(): Map<string, KpiDefinition> {
  phrases ??= kpiPhrases();
  return phrases;
}

/** Matches a KPI name at the cursor (id, alias, English or French name, one or more words). */
export function matchKpi(c: Cursor): KpiDefinition | undefined {
  return matchPhrase(c, kpiTable());
}

/**
 * "Did you mean" for the words at the cursor: tries the first one, two and three words joined,
 * against KPI names (shown as KPI ids) or the given candidates.
 */
export function kpiCandidates(
  c: Cursor,
  candidates: Iterable<string> = kpiTable().keys(),
  display: (w: string) => string = (w) => kpiTable().get(w)?.id ?? w,
): string[] {
  const list = [...candidates];
  const out: string[] = [];
  for (let n = 1; n <= 3 && c.index + n <= c.tokens.length; n++) {
    const word = joinNorm(c.tokens.slice(c.index, c.index + n));
    for (const s of suggest(word, list, display)) if (!out.includes(s)) out.push(s);
  }
  return out.slice(0, 3);
}

/** Builds a problem. */
export function fail(
  code: ProblemCode,
  words: string[],
  understood: Understood[],
  extra: { suggestions?: string[]; kpi?: string; verb?: string; details?: Record<string, string> } = {},
): Problem {
  return {
    code,
    words,
    suggestions: extra.suggestions ?? [],
    understood,
    ...(extra.kpi !== undefined ? { kpi: extra.kpi } : {}),
    ...(extra.verb !== undefined ? { verb: extra.verb } : {}),
    ...(extra.details !== undefined ? { details: extra.details } : {}),
  };
}
