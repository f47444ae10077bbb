import type { KpiStatus } from "../../src/kpi/types.js";
import { escapeHtml } from "../../src/reply/html.js";
import { chatLinkUrl, fileWords } from "../../src/reply/links.js";
import { markupToPlain, parseMarkup, userCode } from "../../src/reply/markup.js";
import type { ChartSpec, Reply, ReplyAction, ReplyListItem } from "../../src/reply/types.js";
import { breakLinks } from "../../src/reply/unlink.js";

/** Element turns addresses into links (even in an HTML body) and `@room` notifies the room: both broken. */
function unlink(text: string): string {
  return breakLinks(text, "@");
}

/** Reply markup → Matrix HTML (org.matrix.custom.html): every character escaped text, bold and code kept. */
export function toMatrixHtml(markup: string): string {
  return parseMarkup(markup)
    .map((span) => {
      const text = escapeHtml(unlink(span.text)).replace(/\n/g, "<br>");
      const inner = span.code ? `<code>${text}</code>` : text;
      return span.bold ? `<strong>${inner}</strong>` : inner;
    })
    .join("");
}

/** Reply markup → the plain body every client can show. */
export function toMatrixPlain(markup: string): string {
  return unlink(markupToPlain(markup));
}

/** A list line, plain (the URL written out: kpibot's own link) and HTML (`<a href>` with the label as text). */
function listLine(item: ReplyListItem): { plain: string; html: string } {
  const url = chatLinkUrl(item.link?.url);
  const label = url && item.link ? item.link.label.replace(/\s+/g, " ").trim() || url : undefined;
  const text = { plain: toMatrixPlain(item.text), html: toMatrixHtml(item.text) };
  if (url && label) {
    return {
      plain: `• ${unlink(label)} ${url} ${text.plain}`,
      html: `<li><a href="${escapeHtml(url)}">${escapeHtml(unlink(label))}</a> ${text.html}</li>`,
    };
  }
  const code = item.label ? userCode(item.label) : "";
  return {
    plain: `• ${code ? `${toMatrixPlain(code)} ` : ""}${text.plain}`,
    html: `<li>${code ? `${toMatrixHtml(code)} ` : ""}${text.html}</li>`,
  };
}

const STATUS: Record<KpiStatus, string> = {
  on_target: "🟢",
  watch: "🟠",
  off_target: "🔴",
  no_target: "⚪",
  no_data: "⚪",
};

/** A Reply as Matrix events: one notice (plain and HTML), the charts to send as images, the numbered actions. */
export interface MatrixMessage {
  body: string;
  html: string;
  charts: { spec: ChartSpec; altText: string }[];
  /** Matrix has no buttons: the reply lists them numbered, and `!kpi <n>` (or `<n>` in a DM) picks one. */
  actions: ReplyAction[];
}

/** Renders a Reply for Matrix. `pickHint` is the line that says how to pick an action (in the reply's language). */
export function renderMatrix(reply: Reply, pickHint: (first: number, last: number) => string): MatrixMessage {
  const plain: string[] = [];
  const html: string[] = [];
  const charts: MatrixMessage["charts"] = [];
  const actions: ReplyAction[] = [];
  for (const block of reply.blocks) {
    switch (block.type) {
      case "header":
        plain.push(toMatrixPlain(block.text));
        html.push(`<h4>${toMatrixHtml(block.text)}</h4>`);
        break;
      case "text":
        plain.push(toMatrixPlain(block.text));
        html.push(`<p>${toMatrixHtml(block.text)}</p>`);
        break;
      case "context":
        plain.push(toMatrixPlain(block.text));
        html.push(`<p><em>${toMatrixHtml(block.text)}</em></p>`);
        break;
      case "divider":
        plain.push("—");
        html.push("<hr>");
        break;
      case "fields": {
        const mark = block.status ? `${STATUS[block.status]} ` : "";
        plain.push(...block.fields.map((f) => `${mark}${toMatrixPlain(f.label)}: ${toMatrixPlain(f.value)}`));
        html.push(
          `<ul>${block.fields.map((f) => `<li>${mark}<strong>${toMatrixHtml(f.label)}</strong>: ${toMatrixHtml(f.value)}</li>`).join("")}</ul>`,
        );
        break;
      }
      case "chart":
        charts.push({ spec: block.spec, altText: block.altText });
        break;
      case "actions":
        actions.push(...block.actions);
        break;
      case "list": {
        const lines = block.items.map(listLine);
        plain.push(...lines.map((l) => l.plain));
        html.push(`<ul>${lines.map((l) => l.html).join("")}</ul>`);
        break;
      }
      case "file": {
        const words = fileWords(block.file, reply.locale);
        const url = chatLinkUrl(block.file.url);
        if (url) {
          plain.push(`${toMatrixPlain(words.line)}: ${url} — ${toMatrixPlain(words.expires)}`);
          html.push(
            `<p>${escapeHtml(words.line)}: <a href="${escapeHtml(url)}">${escapeHtml(words.download)}</a> — ${escapeHtml(words.expires)}</p>`,
          );
        } else {
          plain.push(`${toMatrixPlain(words.line)} — ${toMatrixPlain(words.noLink)}`);
          html.push(`<p>${escapeHtml(words.line)} — ${escapeHtml(words.noLink)}</p>`);
        }
        break;
      }
      default: {
        const never: never = block;
        throw new Error(`unknown block ${JSON.stringify(never)}`);
      }
    }
  }
  if (actions.length > 0) {
    const hint = pickHint(1, actions.length);
    plain.push(...actions.map((a, i) => `${i + 1}. ${unlink(a.label)}`), hint);
    html.push(
      `<ol>${actions.map((a) => `<li>${escapeHtml(unlink(a.label))}</li>`).join("")}</ol><p><em>${escapeHtml(hint)}</em></p>`,
    );
  }
  return {
    body: plain.join("\n") || toMatrixPlain(reply.fallback),
    html: html.join("") || toMatrixHtml(reply.fallback),
    charts,
    actions,
  };
}
