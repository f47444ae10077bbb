import { parseMarkup } from "./markup.js";

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

// Shared by the renderers that write HTML (the playground, Matrix formatted bodies).

/**
 * Renders the core's one markup (src/reply/markup.ts: `**bold**`, `` `code` ``, `\x` escapes, line
 * breaks) as safe HTML: every character is escaped text, bold becomes <strong>, code <code>. The
 * markup has no link syntax, so nothing here ever makes a link.
 */
export function markupToHtml(source: string): string {
  return parseMarkup(source.replace(/\r\n?/g, "\n"))
    .map((span) => {
      const text = escapeHtml(span.text).replace(/\n/g, "<br>");
      const inner = span.code ? `<code>${text}</code>` : text;
      return span.bold ? `<strong>${inner}</strong>` : inner;
    })
    .join("");
}
