import { t } from "../../src/i18n/index.js";
import type { KpiStatus } from "../../src/kpi/types.js";
import { escapeHtml, markupToHtml } from "../../src/reply/html.js";
import { fileWords, safeLinkUrl } from "../../src/reply/links.js";
import { markupToPlain, userCode } from "../../src/reply/markup.js";
import type { Reply, ReplyBlock } from "../../src/reply/types.js";

/** A chart picture ready for an `<img>`: a data URI of the local PNG or the imager's URL. */
export interface ChartImageRef {
  src: string;
  width?: number;
  height?: number;
}

/** The colour class of each status bar (CSS paints green, orange, red, grey). */
export const STATUS_CLASS: Record<KpiStatus, string> = {
  on_target: "kb-status-good",
  watch: "kb-status-warn",
  off_target: "kb-status-bad",
  no_target: "kb-status-none",
  no_data: "kb-status-none",
};

/**
 * Renders a neutral reply as the Slack-like HTML of the playground. Pure; every string from the
 * reply is escaped. `images[i]` is the picture of the i-th chart block (missing: the alt text shows).
 */
export function renderReplyHtml(reply: Reply, images: ReadonlyArray<ChartImageRef | undefined> = []): string {
  let chartIndex = 0;
  const parts = reply.blocks.map((block) => {
    const image = block.type === "chart" ? images[chartIndex++] : undefined;
    return renderBlock(block, reply.locale, image);
  });
  const classes = reply.ephemeral ? "kb-reply kb-ephemeral" : "kb-reply";
  const note = reply.ephemeral
    ? `<p class="kb-ephemeral-note">${escapeHtml(t(reply.locale, "playground:onlyYou"))}</p>`
    : "";
  return `<article class="${classes}" lang="${reply.locale}">${note}${parts.join("")}</article>`;
}

/** One block; the switch is exhaustive so a new block type fails the build until it is rendered here. */
function renderBlock(block: ReplyBlock, locale: Reply["locale"], image: ChartImageRef | undefined): string {
  switch (block.type) {
    case "header":
      // Headers and field labels are shown as plain text, as Slack does (plain_text headers).
      return `<h3 class="kb-header">${escapeHtml(markupToPlain(block.text))}</h3>`;
    case "text":
      return `<div class="kb-text">${markupToHtml(block.text)}</div>`;
    case "fields": {
      const status = block.status;
      const bar = status ? ` ${STATUS_CLASS[status]}` : "";
      const statusText = status
        ? `<p class="kb-sr">${escapeHtml(t(locale, "playground:statusLabel", { status: t(locale, `reply:status.${status}`) }))}</p>`
        : "";
      const fields = block.fields
        .map(
          (f) =>
            `<div class="kb-field"><dt>${escapeHtml(markupToPlain(f.label))}</dt><dd>${markupToHtml(f.value)}</dd></div>`,
        )
        .join("");
      const dataStatus = status ? ` data-status="${status}"` : "";
      return `<div class="kb-fields${bar}"${dataStatus}>${statusText}<dl>${fields}</dl></div>`;
    }
    case "chart": {
      if (!image) {
        // The picture carries its own title; without it, the title and alt text stand in.
        const caption = `<figcaption>${escapeHtml(block.spec.title)}</figcaption>`;
        return `<figure class="kb-chart kb-chart-missing">${caption}<p>${escapeHtml(block.altText)}</p></figure>`;
      }
      const size =
        image.width && image.height ? ` width="${Math.round(image.width)}" height="${Math.round(image.height)}"` : "";
      return `<figure class="kb-chart"><img src="${escapeHtml(image.src)}" alt="${escapeHtml(block.altText)}"${size}></figure>`;
    }
    case "actions": {
      const buttons = block.actions
        .map((a) => {
          const style = a.style ? ` kb-button-${a.style}` : "";
          return `<button type="button" class="kb-button${style}" data-action-id="${escapeHtml(a.actionId)}" data-value="${escapeHtml(a.value)}">${escapeHtml(a.label)}</button>`;
        })
        .join("");
      return `<div class="kb-actions" role="group">${buttons}</div>`;
    }
    case "context":
      return `<div class="kb-context">${markupToHtml(block.text)}</div>`;
    case "list": {
      const items = block.items.map((item) => {
        // The playground is served by kpibot itself: its own paths (signed downloads) are followed here too.
        const url = item.link && safeLinkUrl(item.link.url) ? item.link.url : null;
        const label =
          url && item.link
            ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${escapeHtml(item.link.label)}</a> `
            : item.label
              ? `${markupToHtml(userCode(item.label))} `
              : "";
        return `<li>${label}${markupToHtml(item.text)}</li>`;
      });
      return `<ul class="kb-list">${items.join("")}</ul>`;
    }
    case "file": {
      const words = fileWords(block.file, locale);
      const url = block.file.url && safeLinkUrl(block.file.url) ? block.file.url : null;
      const link = url
        ? `: <a href="${escapeHtml(url)}" download="${escapeHtml(block.file.name)}">${escapeHtml(words.download)}</a> — ${escapeHtml(words.expires)}`
        : ` — ${escapeHtml(words.noLink)}`;
      return `<p class="kb-file">${escapeHtml(words.line)}${link}</p>`;
    }
    case "divider":
      return `<hr class="kb-divider">`;
    default:
      return assertNever(block);
  }
}

function assertNever(block: never): never {
  throw new Error(`unhandled reply block ${JSON.stringify(block)}`);
}
