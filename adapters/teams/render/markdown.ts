import { markupToPlain, parseMarkup } from "../../../src/reply/markup.js";
import { breakLinks } from "../../../src/reply/unlink.js";

/**
 * Literal text → Adaptive Card Markdown that shows it as is. Teams reads `**`, `_`, `` ` ``, `~` and
 * `[label](url)`: those characters are backslash-escaped, and a `(` right after a `]` too, so that even a
 * client that ignores backslash escapes never sees `](` (a link). Parentheses elsewhere stay as they are.
 */
export function cardText(text: string): string {
  return breakLinks(text.replace(/[\\`*_~[\]]/g, "\\$&").replace(/\\\]\(/g, "\\]\\("));
}

const ELLIPSIS = "…";

/**
 * Reply markup (src/reply/markup.ts) → Adaptive Card Markdown: bold and code kept, every other character
 * text. `max` caps what the reader sees (code points, the ellipsis included): the text is cut between
 * the characters of its spans, never inside a mark, so a cut bold span is still closed (cutting the
 * markup itself could leave a lone `**`, then shown as stars).
 */
export function toCardMarkdown(markup: string, max = Number.POSITIVE_INFINITY): string {
  const spans = parseMarkup(markup);
  const length = spans.reduce((n, span) => n + Array.from(span.text).length, 0);
  let budget = length > max ? Math.max(0, max - 1) : length;
  const out: string[] = [];
  for (const span of spans) {
    if (budget <= 0) break;
    const chars = Array.from(span.text);
    const kept = chars.length > budget ? chars.slice(0, budget).join("").trimEnd() : span.text;
    budget -= Math.min(chars.length, budget);
    const text = span.code ? `\`${cardText(kept)}\`` : cardText(kept);
    out.push(span.bold && kept.trim() ? `**${text}**` : text);
  }
  return length > max ? `${out.join("")}${ELLIPSIS}` : out.join("");
}

/** Reply markup → plain text for what Teams shows without Markdown (notification summary, fallbackText), links broken too. */
export function toCardPlain(markup: string): string {
  return breakLinks(markupToPlain(markup));
}
