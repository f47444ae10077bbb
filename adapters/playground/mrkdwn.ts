/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

// Private-use characters mark protected spans (code, links) while emphasis is applied; stripped from input first.
const OPEN = "\uE000";
const CLOSE = "\uE001";

// Slack's emphasis only opens after a boundary and closes before one, so `snake_case` and `a*b*c` stay literal.
const BEFORE = "(^|[\\s(\\[{\"'>])";
const AFTER = "(?=$|[\\s)\\]}.,;:!?\"'<])";

/** Emphasis markers in the order Slack applies them, with the HTML element each becomes. */
const EMPHASIS: ReadonlyArray<[RegExp, string]> = [
  [new RegExp(`${BEFORE}\\*([^*\\n]*[^*\\s\\n])\\*${AFTER}`, "g"), "strong"],
  [new RegExp(`${BEFORE}_([^_\\n]*[^_\\s\\n])_${AFTER}`, "g"), "em"],
  [new RegExp(`${BEFORE}~([^~\\n]*[^~\\s\\n])~${AFTER}`, "g"), "del"],
];

/**
 * Escaped characters (`\*`: a character of user text, src/reply/markup.ts), code blocks and inline code:
 * the spans whose content is not reformatted. Reply text has no link syntax, so nothing here makes a
 * link: a `<https://…|label>` typed by a user is shown as typed.
 */
const PROTECTED = /\\([!-/:-@[-`{-~])|```([\s\S]*?)```|`((?:\\[^\n]|[^`\\\n])+)`/g;

/** `\x` → x for ASCII punctuation (inside inline code, where escapes keep a user's backtick from ending it). */
const unescapeText = (text: string): string => text.replace(/\\([!-/:-@[-`{-~])/g, "$1");

/**
 * Renders the Slack-flavoured mrkdwn the core writes (`*bold*`, `_italic_`, `~strike~`, `` `code` ``,
 * ```` ``` ```` blocks, `> quote` lines, newlines, `\x` escapes) as safe HTML. Everything else is
 * escaped text, and no link is ever made.
 */
export function mrkdwnToHtml(source: string): string {
  const spans: string[] = [];
  const protect = (html: string): string => {
    spans.push(html);
    return `${OPEN}${spans.length - 1}${CLOSE}`;
  };
  let text = source.replace(/[\uE000\uE001]/g, "").replace(/\r\n?/g, "\n");
  text = text.replace(PROTECTED, (_m, escaped?: string, block?: string, code?: string) => {
    if (escaped !== undefined) return protect(escapeHtml(escaped));
    if (block !== undefined)
      return protect(`<pre class="kb-pre"><code>${escapeHtml(block.replace(/^\n/, ""))}</code></pre>`);
    return protect(`<code>${escapeHtml(unescapeText(code ?? ""))}</code>`);
  });
  let html = escapeHtml(text);
  for (const [pattern, tag] of EMPHASIS) html = html.replace(pattern, `$1<${tag}>$2</${tag}>`);
  html = html
    .split("\n")
    .map((line) => (line.startsWith("&gt; ") ? `<span class="kb-quote">${line.slice(5)}</span>` : line))
    .join("<br>");
  return html.replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, "g"), (_m, i: string) => spans[Number(i)] ?? "");
}
