import { parseMarkup } from "../../src/reply/markup.js";

/**
 * U+2060 WORD JOINER: invisible, neither a space nor a line-break opportunity. Mattermost turns `@name`
 * (and `@channel`, `@all`, `@here`) into a mention that notifies people, `~name` into a channel link, and any
 * `https://…` or `www.…` into a live link; a word joiner after `@` or `~`, inside `://` and after `www` keeps
 * the text as it reads while no detector matches it any more.
 */
const WORD_JOINER = "\u2060";

/**
 * Literal text → Mattermost Markdown that shows it as is: every character Mattermost's Markdown reads
 * (emphasis, code, links, headings, quotes, tables, HTML, emoji shortcodes) is backslash-escaped, and
 * mentions, channel links and auto-links are broken with a word joiner.
 */
export function mattermostText(text: string): string {
  return text
    .replace(/[\\`*_~[\]()#>|<:!-]/g, "\\$&")
    .replace(/([@~])/g, `$1${WORD_JOINER}`)
    .replace(/:\/\//g, `:${WORD_JOINER}//`)
    .replace(/\b(www)\./gi, `$1${WORD_JOINER}.`);
}

/** Reply markup (src/reply/markup.ts) → Mattermost Markdown: bold and code kept, every other character text. */
export function toMattermostMarkdown(markup: string): string {
  return parseMarkup(markup)
    .map((span) => {
      // Inside code, Markdown reads nothing but the backtick: a mention or a link cannot start there.
      if (span.code) return `\`${span.text.replace(/`/g, "'").replace(/@/g, `@${WORD_JOINER}`)}\``;
      const text = mattermostText(span.text);
      return span.bold && span.text.trim() ? `**${text}**` : text;
    })
    .join("");
}
