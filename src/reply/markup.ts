/**
 * The one markup of Reply texts (headers, texts, contexts, field labels and values, the fallback).
 * It has three constructs and nothing else:
 *
 * - `**bold**` — on one line;
 * - `` `code` `` — on one line, shown as typed (commands to copy);
 * - `\x` — the punctuation character x itself, never markup (this is how user text is written).
 *
 * There are no links, mentions, HTML or headings: each renderer (Slack mrkdwn, Adaptive Card
 * Markdown, the playground's HTML, plain text) converts the spans `parseMarkup` reads and writes
 * every character of them as text in its own syntax. Chart specs, image alt texts and button labels
 * and values are plain text, not markup.
 */

/** A run of literal text and how it is shown. */
export interface MarkupSpan {
  text: string;
  bold: boolean;
  code: boolean;
}

/**
 * Characters `userText` escapes: the markup's own (`\`, `` ` ``, `*`) and the ones another markup
 * reads as links or emphasis (`_ ~ [ ] < >`), so that text escaped once stays text wherever it goes,
 * including consumers of the raw markup (`--json`, the playground's Slack-like view).
 */
const USER_SPECIALS = /[\\`*_~[\]<>]/g;

/** Any ASCII punctuation character may be escaped (as in CommonMark). */
const ESCAPABLE = /[!-/:-@[-`{-~]/;

/**
 * Writes text a user (or a data source) supplied so that the markup shows it literally: every
 * character that could start markup is escaped. Use it for every string kpibot did not write itself
 * before it enters a Reply text (filter values, unknown words, survey titles, names, comments…).
 */
export function userText(text: string): string {
  return text.replace(USER_SPECIALS, "\\$&");
}

/** `` `text` `` with the text escaped: a user's words quoted as code (a backtick they typed cannot end it). */
export function userCode(text: string): string {
  return `\`${userText(text)}\``;
}

interface Unit {
  ch: string;
  escaped: boolean;
}

/** The characters of the markup, with `\x` read as a literal x. */
function units(markup: string): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < markup.length; i++) {
    const ch = markup.charAt(i);
    const next = markup.charAt(i + 1);
    if (ch === "\\" && next !== "" && ESCAPABLE.test(next)) {
      out.push({ ch: next, escaped: true });
      i++;
    } else out.push({ ch, escaped: false });
  }
  return out;
}

const isMark = (u: Unit | undefined, ch: string): boolean => u !== undefined && !u.escaped && u.ch === ch;

/**
 * Reads the markup into spans of literal text, in one left-to-right pass after two right-to-left
 * passes that find each line's next closing mark (linear time, whatever the input). A mark without
 * its closing mark on the same line is text.
 */
export function parseMarkup(markup: string): MarkupSpan[] {
  const u = units(markup);
  const n = u.length;
  // nextTick[i]: the first unescaped backtick at or after i on the same line, or -1.
  const nextTick = new Array<number>(n + 1).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    nextTick[i] = u[i]?.ch === "\n" ? -1 : isMark(u[i], "`") ? i : (nextTick[i + 1] ?? -1);
  }
  const code = new Array<boolean>(n).fill(false);
  const hidden = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    if (!isMark(u[i], "`")) continue;
    const close = nextTick[i + 1] ?? -1;
    if (close <= i + 1) continue;
    hidden[i] = hidden[close] = true;
    for (let k = i + 1; k < close; k++) code[k] = true;
    i = close;
  }
  // nextStars[i]: the first `**` outside code at or after i on the same line, or -1.
  const stars = (i: number) => !code[i] && !hidden[i] && isMark(u[i], "*") && !code[i + 1] && isMark(u[i + 1], "*");
  const nextStars = new Array<number>(n + 2).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    nextStars[i] = u[i]?.ch === "\n" ? -1 : stars(i) ? i : (nextStars[i + 1] ?? -1);
  }
  const bold = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    if (!stars(i)) continue;
    const close = nextStars[i + 2] ?? -1;
    if (close <= i + 2) continue;
    hidden[i] = hidden[i + 1] = hidden[close] = hidden[close + 1] = true;
    for (let k = i + 2; k < close; k++) bold[k] = true;
    i = close + 1;
  }
  const spans: MarkupSpan[] = [];
  for (let i = 0; i < n; i++) {
    if (hidden[i]) continue;
    const ch = u[i]?.ch ?? "";
    const last = spans[spans.length - 1];
    const style = { bold: bold[i] === true, code: code[i] === true };
    if (last && last.bold === style.bold && last.code === style.code && !(style.code && hidden[i - 1])) {
      last.text += ch;
    } else spans.push({ text: ch, ...style });
  }
  return spans;
}

/** The markup as plain text: bold dropped, code kept between backticks (commands stay recognisable). */
export function markupToPlain(markup: string): string {
  return parseMarkup(markup)
    .map((s) => (s.code ? `\`${s.text}\`` : s.text))
    .join("");
}
