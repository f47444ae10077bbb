import { t } from "../../../src/i18n/index.js";
import type { KpiStatus } from "../../../src/kpi/types.js";
import { chatLinkUrl, fileWords } from "../../../src/reply/links.js";
import { markupToPlain } from "../../../src/reply/markup.js";
import type { Reply, ReplyAction, ReplyBlock, ReplyFile, ReplyListItem } from "../../../src/reply/types.js";
import { escapeMrkdwn, SLACK_LIMITS as L, splitText, toMrkdwn, truncate } from "./limits.js";

/** A plain_text object. */
export interface PlainText {
  type: "plain_text";
  text: string;
  emoji: true;
}
/** A mrkdwn text object. */
export interface Mrkdwn {
  type: "mrkdwn";
  text: string;
  /**
   * Always true: Slack then skips its own pre-processing of the text, which would turn a bare
   * `https://…` into a link and `@channel`, `@here` or `#channel` typed by a user into live mentions.
   */
  verbatim: true;
}
/** A button element. */
export interface SlackButton {
  type: "button";
  action_id: string;
  text: PlainText;
  value: string;
  style?: "primary" | "danger";
}
/** An image block: a Slack-hosted file (uploaded PNG) or a public URL (QuickChart). */
export type SlackImageBlock = { type: "image"; alt_text: string; title?: PlainText } & (
  | { slack_file: { id: string } }
  | { image_url: string }
);
/** The Block Kit blocks kpibot emits (a subset of Slack's KnownBlock). */
export type SlackBlock =
  | { type: "header"; text: PlainText }
  | { type: "section"; text?: Mrkdwn; fields?: Mrkdwn[] }
  | SlackImageBlock
  | { type: "actions"; elements: SlackButton[] }
  | { type: "context"; elements: Mrkdwn[] }
  | { type: "divider" };

/** Where a chart's picture lives once prepared (uploaded file or URL); undefined = no picture. */
export type ChartImageRef = { kind: "slack_file"; id: string } | { kind: "url"; url: string };

/** Options of one rendering. */
export interface RenderOptions {
  /** Pictures of the reply's chart blocks, in order of appearance. */
  images?: readonly (ChartImageRef | undefined)[];
  /** "home" allows 100 blocks (views.publish); messages allow 50. */
  surface?: "message" | "home";
  /** Drop buttons (the Home tab has no response_url to answer them through). */
  interactive?: boolean;
  /** Where the reply's files were uploaded, in order of their blocks (the adapter uploads them; see files.ts). */
  files?: readonly (FileDelivery | undefined)[];
}

/** Where a file block's content went: into the conversation, or into the asker's direct messages with kpibot. */
export type FileDelivery = "conversation" | "direct";

/** A rendered Slack message: blocks plus the fallback text used for notifications and screen readers. */
export interface SlackMessage {
  blocks: SlackBlock[];
  text: string;
}

const plain = (text: string): PlainText => ({ type: "plain_text", text, emoji: true });
const mrkdwn = (text: string): Mrkdwn => ({ type: "mrkdwn", text, verbatim: true });

const STATUS_CUE: Record<KpiStatus, string> = {
  on_target: "🟢",
  watch: "🟠",
  off_target: "🔴",
  no_target: "⚪",
  no_data: "⚫",
};

/** The action id as sent: the neutral id plus `#n`, because Slack wants action ids unique within a block. */
export function encodeActionId(actionId: string, index: number): string {
  return `${actionId}#${index}`;
}

/** The neutral action id of a clicked button (drops the `#n` uniqueness suffix). */
export function decodeActionId(sent: string): string {
  return sent.replace(/#\d+$/, "");
}

/**
 * Renders a neutral Reply as Block Kit, pure and total: whatever the input, the output is within
 * SLACK_LIMITS (long texts split or cut, extra fields/buttons spread over more blocks, buttons that
 * cannot be carried dropped, pictures that cannot be shown replaced by their alt text).
 */
export function renderReply(reply: Reply, opts: RenderOptions = {}): SlackMessage {
  const locale = reply.locale;
  const images = opts.images ?? [];
  let chartIndex = 0;
  let fileIndex = 0;
  let buttonIndex = 0;
  const out: SlackBlock[] = [];
  for (const block of reply.blocks) {
    const image = block.type === "chart" ? images[chartIndex++] : undefined;
    if (block.type === "file") {
      out.push(renderFile(block.file, opts.files?.[fileIndex++], locale));
      continue;
    }
    const rendered = renderBlock(block, locale, image, opts.interactive !== false, () => buttonIndex++);
    out.push(...rendered);
  }
  const max = opts.surface === "home" ? L.homeBlocks : L.messageBlocks;
  return { blocks: fitBlockBudget(out, max, locale), text: fallbackText(reply.fallback) };
}

function renderBlock(
  block: ReplyBlock,
  locale: Reply["locale"],
  image: ChartImageRef | undefined,
  interactive: boolean,
  nextButton: () => number,
): SlackBlock[] {
  switch (block.type) {
    case "header": {
      // Headers are one line of plain text (no markup); an empty header is rejected, so it is skipped.
      const text = markupToPlain(block.text).replace(/\s+/g, " ").trim();
      return text ? [{ type: "header", text: plain(truncate(text, L.headerText)) }] : [];
    }
    case "text":
      // Long texts become several sections (split at line breaks) rather than losing the end.
      return splitText(toMrkdwn(block.text), L.sectionText).map((chunk) => ({
        type: "section",
        text: mrkdwn(chunk),
      }));
    case "fields":
      return renderFields(block.fields, block.status, locale);
    case "chart":
      return [renderChart(block.altText || block.spec.title, block.spec.title, image, locale)];
    case "actions":
      return interactive ? renderActions(block.actions, nextButton) : [];
    case "context": {
      const text = toMrkdwn(block.text).trim();
      return text ? [{ type: "context", elements: [mrkdwn(truncate(text, L.contextText))] }] : [];
    }
    case "list":
      return splitText(block.items.map(listLine).join("\n"), L.sectionText).map((chunk) => ({
        type: "section",
        text: mrkdwn(chunk),
      }));
    case "file":
      return [renderFile(block.file, undefined, locale)];
    case "divider":
      return [{ type: "divider" }];
    default:
      return assertNever(block);
  }
}

/**
 * A list line: the link kpibot built (`<url|label>`, checked again here: no `<`, `>` or `|` can end it early), or
 * the label as code, then the text. The label is data (a ticket id): escaped, never read as mrkdwn.
 */
function listLine(item: ReplyListItem): string {
  const link = item.link && chatLinkUrl(item.link.url) ? item.link : undefined;
  const label = link
    ? `<${link.url}|${escapeMrkdwn(link.label.replace(/\s+/g, " ").trim() || link.url)}>`
    : item.label
      ? `\`${escapeMrkdwn(item.label).replaceAll("`", "ˋ")}\``
      : "";
  return `• ${label ? `${label} ` : ""}${toMrkdwn(item.text)}`;
}

/** A file: where it was uploaded, else kpibot's download link (absolute URLs only), else how to get one. */
function renderFile(file: ReplyFile, delivery: FileDelivery | undefined, locale: Reply["locale"]): SlackBlock {
  const words = fileWords(file, locale);
  const line = escapeMrkdwn(words.line);
  let text: string;
  if (delivery) {
    text = `${line}: ${t(locale, delivery === "direct" ? "numbers:file.uploadedDirect" : "numbers:file.uploaded")}`;
  } else if (chatLinkUrl(file.url)) {
    text = `${line}: <${file.url}|${escapeMrkdwn(words.download)}> — ${escapeMrkdwn(words.expires)}`;
  } else {
    text = `${line} — ${escapeMrkdwn(words.noLink)}`;
  }
  return { type: "context", elements: [mrkdwn(truncate(text, L.contextText))] };
}

function renderFields(
  fields: readonly { label: string; value: string }[],
  status: KpiStatus | undefined,
  locale: Reply["locale"],
): SlackBlock[] {
  const texts = fields
    .map((f) => truncate(`*${escapeMrkdwn(markupToPlain(f.label)).trim()}*\n${toMrkdwn(f.value)}`, L.fieldText))
    .filter((text) => text.replace(/[*\s]/g, "").length > 0);
  const blocks: SlackBlock[] = [];
  // Block Kit has no colours outside attachments: the status is an emoji cue plus its words.
  if (status)
    blocks.push({ type: "section", text: mrkdwn(`${STATUS_CUE[status]} *${t(locale, `slack:status.${status}`)}*`) });
  for (let i = 0; i < texts.length; i += L.sectionFields) {
    blocks.push({ type: "section", fields: texts.slice(i, i + L.sectionFields).map(mrkdwn) });
  }
  return blocks;
}

function renderChart(
  altText: string,
  title: string,
  image: ChartImageRef | undefined,
  locale: Reply["locale"],
): SlackBlock {
  const alt = truncate(altText.trim() || title.trim() || "chart", L.imageAltText);
  const pictureTitle = title.trim() ? { title: plain(truncate(title.replace(/\s+/g, " ").trim(), L.imageTitle)) } : {};
  if (image?.kind === "slack_file")
    return { type: "image", alt_text: alt, ...pictureTitle, slack_file: { id: image.id } };
  if (image?.kind === "url" && image.url.length <= L.imageUrl && /^https?:\/\//.test(image.url)) {
    return { type: "image", alt_text: alt, ...pictureTitle, image_url: image.url };
  }
  // No picture (rendering failed, or a URL longer than Slack accepts): say what it would have shown.
  return {
    type: "context",
    elements: [mrkdwn(truncate(`📈 ${t(locale, "slack:chartAlt", { alt: escapeMrkdwn(alt) })}`, L.contextText))],
  };
}

function renderActions(actions: readonly ReplyAction[], nextButton: () => number): SlackBlock[] {
  const buttons: SlackButton[] = [];
  for (const action of actions) {
    const label = action.label.replace(/\s+/g, " ").trim();
    const index = nextButton();
    const actionId = encodeActionId(action.actionId, index);
    // A command that does not fit in a button's value (or an id Slack would refuse) cannot be answered: drop it.
    if (!label || action.value.length > L.buttonValue || actionId.length > L.actionId) continue;
    buttons.push({
      type: "button",
      action_id: actionId,
      text: plain(truncate(label, L.buttonText)),
      value: action.value,
      ...(action.style ? { style: action.style } : {}),
    });
  }
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < buttons.length; i += L.actionElements) {
    blocks.push({ type: "actions", elements: buttons.slice(i, i + L.actionElements) });
  }
  return blocks;
}

/** Keeps the message within the block budget: head blocks, a "more not shown" note, and the final buttons. */
function fitBlockBudget(blocks: SlackBlock[], max: number, locale: Reply["locale"]): SlackBlock[] {
  if (blocks.length <= max) return blocks;
  const last = blocks[blocks.length - 1];
  const tail: SlackBlock[] = last?.type === "actions" ? [last] : [];
  const head = blocks.slice(0, max - 1 - tail.length);
  const hidden = blocks.length - head.length - tail.length;
  const note: SlackBlock = { type: "context", elements: [mrkdwn(t(locale, "slack:moreNotShown", { count: hidden }))] };
  return [...head, note, ...tail];
}

function fallbackText(fallback: string): string {
  // Slack wants a non-empty top-level text with blocks (notifications, screen readers).
  const text = toMrkdwn(fallback).trim();
  return truncate(text || "kpibot", L.fallbackText);
}

function assertNever(value: never): never {
  throw new Error(`unhandled reply block ${JSON.stringify(value)}`);
}
