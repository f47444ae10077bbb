import type { KpiStatus } from "../../src/kpi/types.js";
import { chatLinkUrl, fileWords } from "../../src/reply/links.js";
import { markupToPlain, userCode } from "../../src/reply/markup.js";
import type { Reply, ReplyAction, ReplyListItem } from "../../src/reply/types.js";
import { mattermostText, toMattermostMarkdown } from "./markdown.js";

/** What Mattermost accepts (developers.mattermost.com: posts up to 16,383 characters; attachments' fields). */
export const MATTERMOST_LIMITS = {
  messageChars: 16_383,
  /** Buttons kept per post (more do not fit a chat line; the core sends a handful). */
  buttons: 10,
  fieldChars: 2_000,
} as const;

/** A message attachment (Slack-compatible, as Mattermost documents it). */
export interface Attachment {
  fallback: string;
  color?: string;
  text?: string;
  fields?: { title: string; value: string; short: boolean }[];
  image_url?: string;
  actions?: AttachmentAction[];
}

/** An interactive button: clicking it makes the Mattermost server POST `context` to `integration.url`. */
export interface AttachmentAction {
  id: string;
  name: string;
  type: "button";
  style?: "primary" | "danger" | "default";
  integration: { url: string; context: Record<string, string> };
}

/** A post as kpibot sends it (Client4.createPost / createPostEphemeral). */
export interface MattermostPost {
  message: string;
  props: { attachments?: Attachment[]; kpibot_delivery?: string };
  file_ids?: string[];
}

/** How a reply's pieces are shown: chart images, and the button callbacks. */
export interface RenderOptions {
  /** The image of each chart block (by block index): an uploaded file id or a URL; absent → its alt text. */
  images?: Map<number, { fileId: string } | { url: string }>;
  /** Builds each button's callback; absent → no buttons (a post nobody can click through, e.g. a preview). */
  button?: (action: ReplyAction) => AttachmentAction["integration"];
}

const COLOURS: Record<KpiStatus, string> = {
  on_target: "#2eb886",
  watch: "#daa038",
  off_target: "#d00000",
  no_target: "#8d8d8d",
  no_data: "#8d8d8d",
};

/** Cuts a text to `max` characters (code points), with an ellipsis. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** A list line: `- [label](url) text`, the label written as text (never a mention), or the label as code. */
function listLine(item: ReplyListItem): string {
  const url = chatLinkUrl(item.link?.url);
  const label =
    url && item.link
      ? `[${mattermostText(item.link.label.replace(/\s+/g, " ").trim() || url)}](${url})`
      : item.label
        ? toMattermostMarkdown(userCode(item.label))
        : "";
  return `- ${label ? `${label} ` : ""}${toMattermostMarkdown(item.text)}`;
}

/**
 * A Reply → a Mattermost post: the texts as Markdown in the message (bold and code kept, people's text shown as
 * typed, never a mention or a link), KPI fields in an attachment coloured by status, charts as uploaded files or
 * image URLs (else their alt text), buttons as interactive message actions.
 */
export function renderPost(reply: Reply, opts: RenderOptions = {}): MattermostPost {
  const lines: string[] = [];
  const attachments: Attachment[] = [];
  const fileIds: string[] = [];
  const buttons: AttachmentAction[] = [];
  for (const [index, block] of reply.blocks.entries()) {
    switch (block.type) {
      case "header":
        lines.push(`#### ${toMattermostMarkdown(block.text)}`);
        break;
      case "text":
        lines.push(toMattermostMarkdown(block.text));
        break;
      case "context":
        lines.push(`_${toMattermostMarkdown(block.text)}_`);
        break;
      case "divider":
        lines.push("", "---", "");
        break;
      case "fields":
        attachments.push({
          fallback: block.fields.map((f) => `${markupToPlain(f.label)}: ${markupToPlain(f.value)}`).join(" · "),
          ...(block.status ? { color: COLOURS[block.status] } : {}),
          fields: block.fields.map((f) => ({
            title: cut(markupToPlain(f.label), 200),
            value: cut(toMattermostMarkdown(f.value), MATTERMOST_LIMITS.fieldChars),
            short: true,
          })),
        });
        break;
      case "chart": {
        const image = opts.images?.get(index);
        if (image && "fileId" in image) fileIds.push(image.fileId);
        else if (image) attachments.push({ fallback: block.altText, image_url: image.url });
        else lines.push(`_📈 ${mattermostText(block.altText)}_`);
        break;
      }
      case "actions":
        if (!opts.button) break;
        for (const action of block.actions) {
          if (buttons.length >= MATTERMOST_LIMITS.buttons) break;
          buttons.push({
            // Mattermost wants an alphanumeric id per button of a post.
            id: `b${buttons.length}`,
            name: cut(action.label, 60),
            type: "button",
            style: action.style ?? "default",
            integration: opts.button(action),
          });
        }
        break;
      case "list":
        for (const item of block.items) lines.push(listLine(item));
        break;
      case "file": {
        const words = fileWords(block.file, reply.locale);
        const url = chatLinkUrl(block.file.url);
        lines.push(
          url
            ? `${mattermostText(words.line)}: [${mattermostText(words.download)}](${url}) — ${mattermostText(words.expires)}`
            : `${mattermostText(words.line)} — ${mattermostText(words.noLink)}`,
        );
        break;
      }
      default: {
        const never: never = block;
        throw new Error(`unknown block ${JSON.stringify(never)}`);
      }
    }
  }
  if (buttons.length > 0) attachments.push({ fallback: "", actions: buttons });
  const message = cut(
    lines
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim() || toMattermostMarkdown(reply.fallback),
    MATTERMOST_LIMITS.messageChars,
  );
  return {
    message,
    props: attachments.length > 0 ? { attachments } : {},
    ...(fileIds.length > 0 ? { file_ids: fileIds } : {}),
  };
}
