import { markupToHtml } from "../../src/reply/html.js";

/** Every object of a JSON tree, depth first. */
function objects(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(objects);
  if (typeof value !== "object" || value === null) return [];
  return [value as Record<string, unknown>, ...Object.values(value).flatMap(objects)];
}

/**
 * The HTML of every text of an Adaptive Card that Teams reads as Markdown (TextBlock texts, FactSet
 * titles and values), keyed by the text. The playground's Teams view draws the card with Microsoft's
 * adaptivecards library, which shows Markdown literally (`**bold**`, `\*`) unless the page processes it
 * (`AdaptiveCard.onProcessMarkdown`): the page looks each text up here (static/card-markdown.js). The
 * Teams renderer writes only what the Reply markup reads — `**bold**`, `` `code` ``, backslash escapes —
 * so the playground's own markup renderer (markupToHtml: every character escaped) draws it.
 */
export function cardMarkdownHtml(card: unknown): Record<string, string> {
  const html = new Map<string, string>();
  const add = (text: unknown) => {
    if (typeof text === "string" && !html.has(text)) html.set(text, markupToHtml(text));
  };
  for (const node of objects(card)) {
    if (node.type === "TextBlock") add(node.text);
    if (node.type === "FactSet" && Array.isArray(node.facts)) {
      for (const fact of node.facts as { title?: unknown; value?: unknown }[]) {
        add(fact.title);
        add(fact.value);
      }
    }
  }
  // fromEntries defines own properties: a text such as "__proto__" stays a key like any other.
  return Object.fromEntries(html);
}
