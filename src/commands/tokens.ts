/** One token of a command: what the user typed and its normalised form. */
export interface Token {
  /** As typed (quotes removed), so values keep their case: `Service Desk N1`. */
  raw: string;
  /** Lower-case, accents stripped, for matching words in either language. */
  norm: string;
  /** A quoted value: never a keyword. */
  quoted: boolean;
  /** `=` between a dimension and its value. */
  eq: boolean;
}

/** Lower-cases and strips accents and ligatures ("Priorité" → "priorite", "cœur" → "coeur"). */
export function normalizeWord(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/œ/gi, "oe")
    .replace(/æ/gi, "ae")
    .replace(/[’‘`´]/g, "'")
    .toLowerCase();
}

const OPEN_QUOTES: Record<string, string> = { '"': '"', "“": "”", "«": "»", "„": "“", "‘": "’", "'": "'" };
const CLOSE_ANY = new Set(['"', "”", "»", "“", "’", "'"]);
// Punctuation that ends a sentence or separates items; dropped from the edges of unquoted tokens.
const LEADING_PUNCT = new Set("([{,;!?");
const TRAILING_PUNCT = new Set(")]},;!?.:");

/**
 * Drops edge punctuation with two index walks: linear in the token's length whatever it holds
 * (the regular expression this replaces backtracked quadratically on long runs of dots).
 */
export function trimEdgePunctuation(raw: string): string {
  let start = 0;
  while (start < raw.length && LEADING_PUNCT.has(raw.charAt(start))) start++;
  let end = raw.length;
  while (end > start && TRAILING_PUNCT.has(raw.charAt(end - 1))) end--;
  return raw.slice(start, end);
}

function word(raw: string): Token | undefined {
  const trimmed = raw === ".." ? raw : trimEdgePunctuation(raw);
  if (trimmed === "") return undefined;
  return { raw: trimmed, norm: normalizeWord(trimmed), quoted: false, eq: false };
}

/**
 * Splits a command into tokens: whitespace separates, `=` is its own token, quotes
 * (straight, curly, guillemets) group words into one value. Total: never throws.
 */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const text = input.replace(/\u00a0|\u202f/g, " ");
  let current = "";
  const flush = () => {
    const t = word(current);
    if (t) tokens.push(t);
    current = "";
  };
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    const close = OPEN_QUOTES[ch];
    // An apostrophe inside a word (l'année, aujourd'hui) is not a quote.
    if (close !== undefined && current === "") {
      let j = i + 1;
      let value = "";
      while (j < text.length && !(text.charAt(j) === close || (close !== "'" && CLOSE_ANY.has(text.charAt(j))))) {
        value += text.charAt(j);
        j++;
      }
      const inner = value.trim();
      if (inner !== "") tokens.push({ raw: inner, norm: normalizeWord(inner), quoted: true, eq: false });
      i = j + 1;
      continue;
    }
    if (/\s/.test(ch)) {
      flush();
    } else if (ch === "=") {
      flush();
      tokens.push({ raw: "=", norm: "=", quoted: false, eq: true });
    } else {
      current += ch;
    }
    i++;
  }
  flush();
  return tokens;
}

/** Removes the leading `/kpi`, `kpi` or `@kpibot` a surface may leave in the text. */
export function stripInvocation(tokens: Token[]): Token[] {
  const first = tokens[0];
  if (first && !first.quoted && ["/kpi", "/kpibot", "@kpibot", "kpibot", "kpi"].includes(first.norm)) {
    return tokens.slice(1);
  }
  return tokens;
}

/** The normalised words of tokens joined with hyphens, for multi-word phrases ("tableau de bord"). */
export function joinNorm(tokens: readonly Token[]): string {
  return tokens.map((t) => t.norm).join("-");
}
