/**
 * What a reader sees of HTML a renderer wrote (the playground, the Matrix body, the playground's chat views):
 * line breaks and block ends as new lines, other tags dropped, entities decoded, word joiners (which break
 * links and mentions) gone.
 */
export function htmlVisible(html: string): string {
  return html
    .replace(/<br>|<\/li>|<\/p>|<\/h4>/g, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\u2060/g, "");
}
