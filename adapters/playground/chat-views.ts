import MarkdownIt from "markdown-it";
import { t } from "../../src/i18n/index.js";
import { escapeHtml } from "../../src/reply/html.js";
import { withoutShareButton } from "../../src/reply/share.js";
import type { Reply } from "../../src/reply/types.js";
import { renderMatrix } from "../matrix/render.js";
import { renderPost } from "../mattermost/render.js";
import type { ChartImageRef } from "./render-html.js";

// The playground's Mattermost and Element views: the post and the event the real adapters would send, drawn the
// way those clients draw them — the Mattermost Markdown through a CommonMark renderer with links detected as
// Mattermost does (so an escape that failed would show as a live link here too), the Matrix HTML body as is
// (kpibot writes only a handful of plain elements). Every string from the reply is escaped.

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

/** Both views of a reply, as HTML. */
export interface ChatViews {
  mattermost: string;
  element: string;
}

/** The playground images, by chart block index (what the adapters' renderers take). */
function byBlock(reply: Reply, images: ReadonlyArray<ChartImageRef | undefined>): Map<number, ChartImageRef> {
  const out = new Map<number, ChartImageRef>();
  let chart = 0;
  for (const [index, block] of reply.blocks.entries()) {
    if (block.type !== "chart") continue;
    const image = images[chart++];
    if (image) out.set(index, image);
  }
  return out;
}

/** The reply as a Mattermost post: Markdown message, coloured attachments with fields, image and buttons. */
export function mattermostView(reply: Reply, images: ReadonlyArray<ChartImageRef | undefined>): string {
  const pictures = byBlock(reply, images);
  const post = renderPost(reply, {
    images: new Map([...pictures].map(([i, img]) => [i, { url: img.src }])),
    button: (a) => ({ url: "", context: { a: a.actionId, v: a.value, s: "" } }),
  });
  const attachments = (post.props.attachments ?? [])
    .map((a) => {
      const fields = (a.fields ?? [])
        .map(
          (f) =>
            `<div class="kb-mm-field"><dt>${escapeHtml(f.title)}</dt><dd>${markdown.renderInline(f.value)}</dd></div>`,
        )
        .join("");
      const image = a.image_url ? `<img src="${escapeHtml(a.image_url)}" alt="${escapeHtml(a.fallback)}">` : "";
      const buttons = (a.actions ?? [])
        .map((b) => {
          const { a: actionId = "", v: value = "" } = b.integration.context;
          return `<button type="button" class="kb-button" data-action-id="${escapeHtml(actionId)}" data-value="${escapeHtml(value)}">${escapeHtml(b.name)}</button>`;
        })
        .join("");
      const colour = a.color && /^#[0-9a-f]{6}$/i.test(a.color) ? ` style="border-left-color:${a.color}"` : "";
      return `<div class="kb-mm-attachment"${colour}>${fields ? `<dl class="kb-mm-fields">${fields}</dl>` : ""}${image}${buttons ? `<div class="kb-actions">${buttons}</div>` : ""}</div>`;
    })
    .join("");
  const note = reply.ephemeral
    ? `<p class="kb-ephemeral-note">${escapeHtml(t(reply.locale, "playground:onlyYou"))}</p>`
    : "";
  return `<article class="kb-mattermost" lang="${reply.locale}">${note}${markdown.render(post.message)}${attachments}</article>`;
}

/** The reply as Element shows kpibot's m.notice (its HTML body), then its m.image events. */
export function elementView(reply: Reply, images: ReadonlyArray<ChartImageRef | undefined>): string {
  const m = renderMatrix(withoutShareButton(reply), (first, last) => t(reply.locale, "matrix:pick", { first, last }));
  const pictures = [...byBlock(reply, images).values()]
    .map((img, i) => `<img src="${escapeHtml(img.src)}" alt="${escapeHtml(m.charts[i]?.altText ?? "")}">`)
    .join("");
  return `<article class="kb-element" lang="${reply.locale}">${m.html}${pictures}</article>`;
}

/** Both views. */
export function chatViews(reply: Reply, images: ReadonlyArray<ChartImageRef | undefined>): ChatViews {
  return { mattermost: mattermostView(reply, images), element: elementView(reply, images) };
}
