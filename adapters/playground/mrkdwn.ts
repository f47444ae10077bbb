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

/** Code blocks, inline code and `<url|label>` links: the spans whose content is not reformatted. */
const PROTECTED = /```([\s\S]*?)```|`([^`\n]+)`|<((?:https?:\/\/|mailto:)[^|>\s]+)(?:\|([^>\n]+))?>/g;

/**
 * Renders the Slack-flavoured mrkdwn the core writes (`*bold*`, `_italic_`, `~strike~`, `` `code` ``,
 * ```` ``` ```` blocks, `<https://…|label>` links, `> quote` lines, newlines) as safe HTML.
 * Everything else is escaped text.
 */
export function mrkdwnToHtml(source: string): string {
  const spans: string[] = [];
  const protect = (html: string): string => {
    spans.push(html);
    return `${OPEN}${spans.length - 1}${CLOSE}`;
  };
  let text = source.replace(/[\uE000\uE001]/g, "").replace(/\r\n?/g, "\n");
  text = text.replace(PROTECTED, (_m, block?: string, code?: string, url?: string, label?: string) => {
    if (block !== undefined)
      return protect(`<pre class="kb-pre"><code>${escapeHtml(block.replace(/^\n/, ""))}</code></pre>`);
    if (code !== undefined) return protect(`<code>${escapeHtml(code)}</code>`);
    const href = url ?? "";
    return protect(
      `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label ?? href)}</a>`,
    );
  });
  let html = escapeHtml(text);
  for (const [pattern, tag] of EMPHASIS) html = html.replace(pattern, `$1<${tag}>$2</${tag}>`);
  html = html
    .split("\n")
    .map((line) => (line.startsWith("&gt; ") ? `<span class="kb-quote">${line.slice(5)}</span>` : line))
    .join("<br>");
  return html.replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, "g"), (_m, i: string) => spans[Number(i)] ?? "");
}
