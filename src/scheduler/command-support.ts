import type { CommandContext } from "../commands/context.js";
import { userKey } from "../commands/roles.js";
import { tokenize } from "../commands/tokens.js";
import { formatDateTime } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import { messageReply } from "../reply/catalog-replies.js";
import { userText } from "../reply/markup.js";
import type { Reply } from "../reply/types.js";
import { ENGLISH_SUB_HINTS, FRENCH_SUB_HINTS, type ParseError } from "./command-words.js";

/** Words that tell the language of a job's command (its own words plus the shared sub-commands'). */
export interface LanguageHints {
  fr: ReadonlySet<string>;
  en: ReadonlySet<string>;
}

/** A job's language hints: its own French and English words, plus the shared sub-commands'. */
export function languageHints(fr: readonly string[], en: readonly string[]): LanguageHints {
  return { fr: new Set([...FRENCH_SUB_HINTS, ...fr]), en: new Set([...ENGLISH_SUB_HINTS, ...en]) };
}

/**
 * The reply language of a digest/alert command: the platform's locale when it says, else the
 * words (these commands have words the core parser does not know), else the context's.
 */
export function commandLocale(ctx: CommandContext, hints: LanguageHints): Locale {
  if (ctx.interaction.locale || ctx.interaction.kind !== "command") return ctx.locale;
  let fr = 0;
  let en = 0;
  for (const token of tokenize(ctx.interaction.text)) {
    if (token.quoted) continue;
    if (hints.fr.has(token.norm)) fr++;
    if (hints.en.has(token.norm)) en++;
  }
  return fr > en ? "fr" : en > fr ? "en" : ctx.locale;
}

/** An ephemeral confirmation, notice or warning. */
export function say(locale: Locale, text: string, kind: "info" | "success" | "warning" | "error" = "info"): Reply {
  return messageReply(text, locale, kind, { ephemeral: true });
}

/** The friendly answer to a command that could not be read: what is wrong, a suggestion, and the usage. */
export function parseErrorReply(locale: Locale, error: ParseError, module: string): Reply {
  const suggestions = error.suggestions?.length ? error.suggestions.map((s) => `\`${s}\``).join(", ") : "";
  // The word is what the user typed (quoted as code by the catalog): escaped so it stays text.
  const lines = [t(locale, `digests:parse.${error.code}`, { word: userText(error.word ?? "") })];
  if (suggestions) lines.push(t(locale, "digests:parse.didYouMean", { suggestions }));
  lines.push(t(locale, `digests:usage.${module}Short`));
  return say(locale, lines.join("\n"), "warning");
}

/** The id of the stored conversation the command was typed in (executeInteraction saved it first). */
export async function conversationRefId(ctx: CommandContext): Promise<number> {
  const { platform, conversationId } = ctx.interaction.conversation;
  const stored = await ctx.app.repos.conversations.find(platform, conversationId);
  return stored ? stored.id : ctx.app.repos.conversations.save(ctx.interaction.conversation);
}

/** Where a schedule or rule posts, for lists: "this channel" or the stored name / id (as text: names are the platform's users'). */
export async function channelLabel(ctx: CommandContext, refId: number, locale: Locale): Promise<string> {
  const ref = await ctx.app.repos.conversations.get(refId);
  if (!ref) return "?";
  const here = ctx.interaction.conversation;
  if (ref.platform === here.platform && ref.conversationId === here.conversationId) {
    return t(locale, "digests:list.here");
  }
  return userText(`${ref.platform}:${ref.name ?? ref.conversationId}`);
}

/** Audits an admin action on a schedule or rule. */
export async function audit(ctx: CommandContext, action: string, target: string, details: unknown): Promise<void> {
  await ctx.app.repos.audit.record({ actor: userKey(ctx.user), action, target, details });
}

/** A date-time in a zone, in the locale (for "next" and "last" columns). */
export function when(at: Date | undefined | null, locale: Locale, timeZone: string): string {
  return at ? formatDateTime(at, locale, timeZone) : "—";
}
