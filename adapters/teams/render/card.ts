import type { KpiStatus } from "../../../src/kpi/types.js";
import { chatLinkUrl, fileWords } from "../../../src/reply/links.js";
import { userCode } from "../../../src/reply/markup.js";
import type { Reply, ReplyAction, ReplyBlock, ReplyListItem } from "../../../src/reply/types.js";
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCard,
  type CardElement,
  type ContainerElement,
  type SubmitAction,
  type TextBlockElement,
} from "./card-types.js";
import { TEAMS_LIMITS } from "./limits.js";
import { cardText, toCardMarkdown, toCardPlain } from "./markdown.js";

/** A chart picture resolved before rendering: an https URL, or a data: URI (`inline`). */
export interface CardImage {
  url: string;
  inline: boolean;
}

/** What the pure renderer needs besides the reply. */
export interface CardRenderOptions {
  /** Chart images keyed by the index of their chart block in `reply.blocks`. */
  images?: ReadonlyMap<number, CardImage>;
  /** Shown instead of a chart that has no image (e.g. "chart: set KPIBOT_PUBLIC_URL"); the alt text always is. */
  missingImageNote?: string;
  /** Overrides TEAMS_LIMITS.maxMessageBytes (tests). */
  maxMessageBytes?: number;
}

/** A rendered card, its serialised size and what had to give way to fit Teams' limits. */
export interface RenderedCard {
  card: AdaptiveCard;
  bytes: number;
  degraded: string[];
}

/** A Bot Framework message activity carrying one card (plain JSON; no SDK types). */
export interface CardMessage {
  type: "message";
  summary: string;
  attachments: { contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard }[];
}

const ELLIPSIS = "…";

/** Cuts text to `max` characters (code points, so an emoji is never split), ending with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}${ELLIPSIS}`;
}

const STATUS_STYLE: Record<KpiStatus, ContainerElement["style"]> = {
  on_target: "good",
  watch: "warning",
  off_target: "attention",
  no_target: "emphasis",
  no_data: "emphasis",
};

/** Teams drops single newlines in TextBlocks: one block per line, paragraphs spaced, lines tight. */
function textBlocks(text: string, extra: Partial<TextBlockElement>): TextBlockElement[] {
  const out: TextBlockElement[] = [];
  let gap = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") {
      gap = out.length > 0;
      continue;
    }
    const spacing = out.length === 0 ? undefined : gap ? "Medium" : "None";
    out.push({ type: "TextBlock", text: line, wrap: true, ...extra, ...(spacing ? { spacing } : {}) });
    gap = false;
  }
  return out;
}

function submit(action: ReplyAction): SubmitAction {
  const style = action.style === "primary" ? "positive" : action.style === "danger" ? "destructive" : undefined;
  return {
    type: "Action.Submit",
    title: clip(action.label, TEAMS_LIMITS.maxActionTitleChars),
    data: { actionId: action.actionId, value: clip(action.value, TEAMS_LIMITS.maxActionValueChars) },
    ...(style ? { style } : {}),
  };
}

interface BodyOptions {
  images: ReadonlyMap<number, CardImage>;
  missingImageNote: string | undefined;
  maxText: number;
  /** Keep only headers, fields and actions (last resort before the fallback-only card). */
  essentialsOnly: boolean;
  locale: Reply["locale"];
}

/** A list line: the link as Markdown `[label](url)` (the label written as text), or the label as code, then the text. */
function listLine(item: ReplyListItem, max: number): string {
  const url = chatLinkUrl(item.link?.url);
  const label =
    url && item.link
      ? `[${cardText(item.link.label.replace(/\s+/g, " ").trim() || url)}](${url})`
      : item.label
        ? toCardMarkdown(userCode(item.label))
        : "";
  return `${label ? `${label} ` : ""}${toCardMarkdown(item.text, max)}`;
}

/** One block → card elements; the single exhaustive switch over the neutral block types. */
function renderBlock(block: ReplyBlock, index: number, o: BodyOptions): CardElement[] {
  switch (block.type) {
    case "header":
      return [
        {
          type: "TextBlock",
          text: toCardMarkdown(block.text, TEAMS_LIMITS.maxHeaderChars),
          wrap: true,
          size: "Large",
          weight: "Bolder",
          style: "heading",
        },
      ];
    case "text":
      return o.essentialsOnly ? [] : textBlocks(toCardMarkdown(block.text, o.maxText), {});
    case "fields": {
      const facts = block.fields.slice(0, TEAMS_LIMITS.maxFacts).map((f) => ({
        title: toCardMarkdown(f.label, TEAMS_LIMITS.maxFactTitleChars),
        value: toCardMarkdown(f.value, TEAMS_LIMITS.maxFactValueChars),
      }));
      if (facts.length === 0) return [];
      const factSet: CardElement = { type: "FactSet", facts };
      const style = block.status ? STATUS_STYLE[block.status] : undefined;
      return style ? [{ type: "Container", style, items: [factSet] }] : [factSet];
    }
    case "chart": {
      if (o.essentialsOnly) return [];
      const altText = clip(block.altText, TEAMS_LIMITS.maxAltTextChars);
      const image = o.images.get(index);
      if (image) return [{ type: "Image", url: image.url, altText, size: "Stretch" }];
      const note = o.missingImageNote ? ` (${o.missingImageNote})` : "";
      // The alt text is plain text, but a TextBlock reads Markdown: written as literal text.
      return [{ type: "TextBlock", text: cardText(`${altText}${note}`), wrap: true, isSubtle: true, size: "Small" }];
    }
    case "actions": {
      const actions = block.actions.slice(0, TEAMS_LIMITS.maxActionsPerSet).map(submit);
      return actions.length > 0 ? [{ type: "ActionSet", actions }] : [];
    }
    case "context":
      return o.essentialsOnly
        ? []
        : textBlocks(toCardMarkdown(block.text, o.maxText), { size: "Small", isSubtle: true });
    case "list":
      if (o.essentialsOnly) return [];
      return block.items.map((item, i) => ({
        type: "TextBlock",
        text: listLine(item, o.maxText),
        wrap: true,
        ...(i > 0 ? { spacing: "None" as const } : {}),
      }));
    case "file": {
      const words = fileWords(block.file, o.locale);
      const url = chatLinkUrl(block.file.url);
      const text = url
        ? `${cardText(words.line)}: [${cardText(words.download)}](${url}) — ${cardText(words.expires)}`
        : `${cardText(words.line)} — ${cardText(words.noLink)}`;
      return [{ type: "TextBlock", text, wrap: true }];
    }
    case "divider":
      return [];
    default: {
      const unknown: never = block;
      throw new Error(`unhandled reply block ${JSON.stringify(unknown)}`);
    }
  }
}

function renderBody(reply: Reply, o: BodyOptions): CardElement[] {
  const body: CardElement[] = [];
  let separate = false;
  reply.blocks.forEach((block, index) => {
    if (block.type === "divider") {
      // Adaptive Cards have no divider element: the next element draws a separator line above itself.
      separate = body.length > 0;
      return;
    }
    const elements = renderBlock(block, index, o);
    const first = elements[0];
    if (separate && first) {
      first.separator = true;
      separate = false;
    }
    body.push(...elements);
  });
  return body;
}

function cardOf(reply: Reply, body: CardElement[], maxText: number = TEAMS_LIMITS.maxTextChars): AdaptiveCard {
  // The schema lets hosts read fallbackText as Markdown: written like the card's own texts.
  const fallbackText = toCardMarkdown(reply.fallback, maxText);
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: TEAMS_LIMITS.cardVersion,
    fallbackText,
    body: body.length > 0 ? body : [{ type: "TextBlock", text: toCardMarkdown(reply.fallback, maxText), wrap: true }],
    msteams: { width: "Full" },
  };
}

function sizeOf(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), "utf8");
}

/**
 * Reply → Adaptive Card 1.5, pure and total. Teams limits are applied here: texts, facts and
 * buttons are clipped, and when the card would exceed the message budget it degrades step by
 * step (inline images → shorter texts → essentials only → the fallback text alone).
 */
export function renderAdaptiveCard(reply: Reply, opts: CardRenderOptions = {}): RenderedCard {
  const summaryBytes = Buffer.byteLength(summaryOf(reply), "utf8");
  const budget =
    (opts.maxMessageBytes ?? TEAMS_LIMITS.maxMessageBytes) - TEAMS_LIMITS.envelopeReserveBytes - summaryBytes;
  const degraded: string[] = [];
  let o: BodyOptions = {
    images: opts.images ?? new Map(),
    missingImageNote: opts.missingImageNote,
    maxText: TEAMS_LIMITS.maxTextChars,
    essentialsOnly: false,
    locale: reply.locale,
  };
  const attempt = (): RenderedCard => {
    const card = cardOf(reply, renderBody(reply, o));
    return { card, bytes: sizeOf(card), degraded: [...degraded] };
  };
  let out = attempt();
  if (out.bytes <= budget) return out;
  if ([...o.images.values()].some((i) => i.inline)) {
    degraded.push("inline images removed");
    o = { ...o, images: new Map([...o.images].filter(([, i]) => !i.inline)) };
    out = attempt();
    if (out.bytes <= budget) return out;
  }
  while (o.maxText > 250) {
    o = { ...o, maxText: Math.floor(o.maxText / 2) };
    degraded.push(`texts clipped to ${o.maxText} characters`);
    out = attempt();
    if (out.bytes <= budget) return out;
  }
  degraded.push("only header, fields and buttons kept");
  o = { ...o, essentialsOnly: true };
  out = attempt();
  if (out.bytes <= budget) return out;
  degraded.push("fallback text only");
  // 1,000 characters fit even at 4 bytes each (or escaped), written twice (fallbackText and the body).
  const card = cardOf(reply, [], 1_000);
  return { card, bytes: sizeOf(card), degraded };
}

/** The notification preview Teams shows for the message (the reply's plain-text fallback, one line). */
export function summaryOf(reply: Reply): string {
  return clip(toCardPlain(reply.fallback).replace(/\s+/g, " ").trim(), 250);
}

/** The message activity that carries a rendered card (summary = the reply's fallback). */
export function cardMessage(reply: Reply, rendered: RenderedCard): CardMessage {
  return {
    type: "message",
    summary: summaryOf(reply),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: rendered.card }],
  };
}
