import { parseMarkup } from "../../../src/reply/markup.js";

/**
 * Block Kit limits, applied at render time so no Reply can make Slack answer `invalid_blocks`.
 * Lengths are JavaScript string lengths (UTF-16 code units), measured after mrkdwn escaping.
 */
export const SLACK_LIMITS = {
  /** Blocks per message (chat.postMessage, chat.update, response_url); beyond it Slack rejects the message. */
  messageBlocks: 50,
  /** Blocks per Home tab view (views.publish) — twice the message limit. */
  homeBlocks: 100,
  /** Section `text`: 1..3000 characters; empty text is rejected too. */
  sectionText: 3000,
  /** Section `fields`: at most 10 per section, so longer field lists become several sections. */
  sectionFields: 10,
  /** Each section field: 2000 characters (less than a section text). */
  fieldText: 2000,
  /** Header: plain_text only, 150 characters, one line. */
  headerText: 150,
  /** Image `alt_text`: required and at most 2000 characters. */
  imageAltText: 2000,
  /** Image `title`: plain_text, 2000 characters. */
  imageTitle: 2000,
  /** Image `image_url`: 3000 characters — long QuickChart GET URLs exceed it, so they degrade to text. */
  imageUrl: 3000,
  /** Context: at most 10 elements, each a text object of 3000 characters. */
  contextElements: 10,
  contextText: 3000,
  /** Actions: at most 25 elements per block, so long button rows are split into several blocks. */
  actionElements: 25,
  /** Button label: plain_text, 75 characters. */
  buttonText: 75,
  /** Button `value`: 2000 characters; a longer command cannot be carried, so that button is dropped. */
  buttonValue: 2000,
  /** `action_id` and `block_id`: 255 characters; action ids must also be unique within a block. */
  actionId: 255,
  blockId: 255,
  /** Static select options: 100 (kpibot renders no selects; kept so the table is the one reference). */
  selectOptions: 100,
  /** Top-level `text` (notification fallback): Slack truncates at 40,000 and advises staying under 4,000. */
  fallbackText: 4000,
} as const;

const ELLIPSIS = "…";

/**
 * Cuts `text` to at most `max` characters, ending with "…" when cut. Never splits a surrogate
 * pair (an emoji) or a mrkdwn entity such as `&amp;`, which Slack would show broken.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let cut = text.slice(0, max - ELLIPSIS.length);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, "");
  return cut + ELLIPSIS;
}

/** Escapes the three characters Slack mrkdwn reserves (`&`, `<`, `>`), so `<kpi>` is shown, not parsed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Reply markup (src/reply/markup.ts) → Slack mrkdwn. Every character of the text is written as text:
 * `& < >` escaped, so `<https://…|x>` and `<!channel>` typed by a user are shown, never parsed; `**bold**`
 * becomes `*bold*` and code stays code (a backtick inside it, which mrkdwn cannot escape, becomes ˋ).
 * mrkdwn has no escape for `*`, `_` and `~`: a user's `*word*` may show bold, which is cosmetic.
 */
export function toMrkdwn(markup: string): string {
  return parseMarkup(markup)
    .map((span) => {
      const text = span.code ? `\`${escapeMrkdwn(span.text).replaceAll("`", "ˋ")}\`` : escapeMrkdwn(span.text);
      return span.bold && span.text.trim() ? `*${text}*` : text;
    })
    .join("");
}

/**
 * Splits a long text into chunks of at most `max` characters, at line breaks when possible,
 * so a long answer becomes several sections instead of being cut.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf("\n", max);
    if (at <= 0) at = rest.lastIndexOf(" ", max);
    if (at <= 0) at = max;
    const code = rest.charCodeAt(at - 1);
    if (at === max && code >= 0xd800 && code <= 0xdbff) at -= 1;
    // Never cut inside an entity: move the cut before a trailing "&…".
    const entity = rest.slice(Math.max(0, at - 5), at).match(/&[a-z]{0,4}$/);
    if (entity && entity.index !== undefined) at = Math.max(1, at - entity[0].length);
    chunks.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, "");
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks.filter((c) => c.trim().length > 0);
}
