import { formatNumber } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import type { ReplyFile } from "./types.js";

/**
 * Links in replies (docs/security.md, "Links"): kpibot writes only links it built itself, to the ITSM tool's ticket
 * page (KPIBOT_TICKET_URL) or to its own signed downloads. A user's or a data source's text never becomes a link:
 * a ticket id is percent-encoded into the template, and every renderer checks the URL again with `safeLinkUrl`
 * before writing it in its syntax (Slack `<url|label>`, Markdown `[label](url)`, HTML `href`).
 */

/**
 * The characters a link URL may hold: RFC 3986's unreserved and reserved ones, and `%` escapes, without those
 * that end a link in some renderer's syntax — `<` `>` `|` (Slack), `(` `)` `[` `]` (Markdown), quotes and
 * spaces (HTML attributes, text).
 */
const URL_CHARS = /^[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+$/;

/** Whether a URL may be written as a link: absolute http(s), or one of kpibot's own paths, of safe characters. */
export function safeLinkUrl(url: string): boolean {
  if (url.length > 2000 || !URL_CHARS.test(url)) return false;
  return /^https?:\/\/[^/]/i.test(url) || /^\/[A-Za-z0-9]/.test(url);
}

/** Whether a URL is kpibot's own path (followed only where kpibot serves the page itself: the playground). */
function isRelativeLink(url: string): boolean {
  return url.startsWith("/");
}

/**
 * The URL a chat platform may show as a link (Slack, Teams, Mattermost, Matrix): safe and absolute — kpibot's own
 * paths are links only in the playground, which serves them; null otherwise.
 */
export function chatLinkUrl(url: string | null | undefined): string | null {
  return url && safeLinkUrl(url) && !isRelativeLink(url) ? url : null;
}

/** RFC 3986 percent-encoding of everything but the unreserved characters (encodeURIComponent leaves !'()* alone). */
function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The ITSM tool's page of a ticket: the template with `{id}` replaced by the encoded id; null without a safe one. */
export function ticketUrl(template: string | undefined, externalId: string): string | null {
  if (!template) return null;
  const url = template.replace("{id}", encodeStrict(externalId));
  return safeLinkUrl(url) ? url : null;
}

/** The words every renderer shows for a file: its line, the link's label, and what to say without a link. */
export function fileWords(
  file: Pick<ReplyFile, "title" | "rows">,
  locale: Locale,
): { line: string; download: string; expires: string; noLink: string } {
  return {
    line: t(locale, "numbers:file.line", { title: file.title, rows: formatNumber(file.rows, locale, 0) }),
    download: t(locale, "numbers:file.download"),
    expires: t(locale, "numbers:file.expires"),
    noLink: t(locale, "numbers:file.noLink"),
  };
}
