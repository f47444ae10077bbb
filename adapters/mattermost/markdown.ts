import { parseMarkup } from "../../src/reply/markup.js";
import { breakLinks, WORD_JOINER } from "../../src/reply/unlink.js";

// Mattermost turns `@name` (and `@channel`, `@all`, `@here`) into a mention that notifies people, `~name` into a
// channel link, and addresses into live links: breakLinks puts a word joiner after `@` and `~` and in addresses.

/**
 * Literal text → Mattermost Markdown that shows it as is: every character Mattermost's Markdown reads
 * (emphasis, code, links, headings, quotes, tables, HTML, emoji shortcodes) is backslash-escaped, and
 * mentions, channel links and auto-links are broken with a word joiner.
 */
export function mattermostText(text: string): string {
  return breakLinks(text.replace(/[\\`*_~[\]()#>|<:!-]/g, "\\$&"), "@~");
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
