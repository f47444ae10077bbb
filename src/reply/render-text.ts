import { assertNever } from "../format/index.js";
import { t } from "../i18n/index.js";
import { fileWords, safeLinkUrl } from "./links.js";
import { markupToPlain } from "./markup.js";
import type { Reply, ReplyBlock, ReplyField } from "./types.js";

/** Plain-text layout limits for terminals. */
const TEXT_LIMITS = {
  /** Underlines and dividers stop here so narrow terminals do not wrap them. */
  ruleWidth: 60,
  /** Labels longer than this are not padded further (keeps values near their labels). */
  maxLabelWidth: 36,
} as const;

/** Visible width of a string, counting each code point once (good enough for labels). */
function width(text: string): number {
  return [...text].length;
}

/** Fields as aligned `label  value` lines; multi-line values stay under their first line. */
function renderFields(fields: ReplyField[]): string {
  const labelWidth = Math.min(TEXT_LIMITS.maxLabelWidth, Math.max(0, ...fields.map((f) => width(f.label))));
  return fields
    .map((f) => {
      const pad = " ".repeat(Math.max(0, labelWidth - width(f.label)));
      const indent = " ".repeat(labelWidth + 2);
      return `${f.label}${pad}  ${f.value.split("\n").join(`\n${indent}`)}`;
    })
    .join("\n");
}

/** One block as plain text (exhaustive over the block types). */
function renderBlock(block: ReplyBlock, locale: Reply["locale"]): string {
  switch (block.type) {
    case "header": {
      const text = markupToPlain(block.text);
      return `${text}\n${"=".repeat(Math.min(TEXT_LIMITS.ruleWidth, width(text)))}`;
    }
    case "text":
      return markupToPlain(block.text);
    case "fields":
      return renderFields(block.fields.map((f) => ({ label: markupToPlain(f.label), value: markupToPlain(f.value) })));
    case "chart":
      return `[${t(locale, "reply:render.chart")}: ${block.spec.title}] ${block.altText}`;
    case "actions":
      return `${t(locale, "reply:render.next")}\n${renderFields(block.actions.map((a) => ({ label: `  → ${a.label}`, value: a.value })))}`;
    case "context":
      return `· ${markupToPlain(block.text)}`;
    case "list":
      return block.items
        .map((item) => {
          const link = item.link && safeLinkUrl(item.link.url) ? item.link : undefined;
          const label = link ? `${link.label} <${link.url}>` : (item.label ?? "");
          return `• ${label ? `${label} ` : ""}${markupToPlain(item.text)}`;
        })
        .join("\n");
    case "file": {
      const words = fileWords(block.file, locale);
      const url = block.file.url && safeLinkUrl(block.file.url) ? block.file.url : null;
      return url ? `${words.line}: ${url}` : words.line;
    }
    case "divider":
      return "-".repeat(TEXT_LIMITS.ruleWidth);
    default:
      return assertNever(block);
  }
}

/** A reply as plain text for the CLI: readable, aligned fields, no markup; blocks separated by blank lines. */
export function renderText(reply: Reply): string {
  if (reply.blocks.length === 0) return markupToPlain(reply.fallback);
  return reply.blocks.map((b) => renderBlock(b, reply.locale)).join("\n\n");
}
