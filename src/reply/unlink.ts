/**
 * U+2060 WORD JOINER: invisible, neither a space nor a line-break opportunity. Chat clients turn `https://…` and
 * `www.…` into live links (Teams has no switch to stop it), and some read `@name` or `~channel` as a mention or a
 * channel link; a word joiner inside `://`, after `www` and after such a mark keeps the text as it reads while no
 * detector matches it any more.
 */
export const WORD_JOINER = "\u2060";

/**
 * Text with auto-links broken, and after each of `marks` (the characters that start a mention on the platform:
 * `@` on Matrix, `@` and `~` on Mattermost) a word joiner.
 */
export function breakLinks(text: string, marks = ""): string {
  const broken = text.replace(/:\/\//g, `:${WORD_JOINER}//`).replace(/\b(www)\./gi, `$1${WORD_JOINER}.`);
  if (!marks) return broken;
  const mark = new RegExp(`[${marks.replace(/[\\\]^-]/g, "\\$&")}]`, "g");
  return broken.replace(mark, `$&${WORD_JOINER}`);
}
