import { markupToPlain, parseMarkup } from "../../../src/reply/markup.js";

/**
 * U+2060 WORD JOINER: invisible, and neither a space nor a line-break opportunity. Teams turns any
 * `https://…` or `www.…` in a card's text into a live link and has no switch to stop it; a word joiner
 * inside `://` and after `www` keeps the text as it reads while no link detector matches it any more.
 */
const WORD_JOINER = "\u2060";

/**
 * Literal text → Adaptive Card Markdown that shows it as is. Teams reads `**`, `_`, `` ` ``, `~` and
 * `[label](url)`: those characters are backslash-escaped, and a `(` right after a `]` too, so that even a
 * client that ignores backslash escapes never sees `](` (a link). Parentheses elsewhere stay as they are.
 */
export function cardText(text: string): string {
  return breakAutoLinks(text.replace(/[\\`*_~[\]]/g, "\\$&").replace(/\\\]\(/g, "\\]\\("));
}

/** Puts a word joiner inside `://` and after `www`, so no link detector matches the text any more. */
function breakAutoLinks(text: string): string {
  return text.replace(/:\/\//g, `:${WORD_JOINER}//`).replace(/\b(www)\./gi, `$1${WORD_JOINER}.`);
}

/** Reply markup (src/reply/markup.ts) → Adaptive Card Markdown: bold and code kept, every other character text. */
export function toCardMarkdown(markup: string): string {
  return parseMarkup(markup)
    .map((span) => {
      const text = span.code ? `\`${cardText(span.text)}\`` : cardText(span.text);
      return span.bold && span.text.trim() ? `**${text}**` : text;
    })
    .join("");
}

/** Reply markup → plain text for what Teams shows without Markdown (notification summary, fallbackText), links broken too. */
export function toCardPlain(markup: string): string {
  return breakAutoLinks(markupToPlain(markup));
}
