import type { Interaction } from "../core/interaction.js";
import type { Reply } from "../reply/types.js";
import type { CommandContext } from "./context.js";

/**
 * A command another module adds to the language (digests, surveys…): it owns the words after its verb.
 * Return a Reply; throw only for bugs (the caller turns them into a friendly error).
 */
export interface CommandExtension {
  /** Verbs, normalised (lower-case, no accents), e.g. ["digest", "resume"]. */
  verbs: string[];
  /** One line for help texts. */
  summary?: { en: string; fr: string };
  handle(ctx: CommandContext, args: string): Promise<Reply>;
}

/** A button handler another module adds: every action id starting with `prefix.` goes to it. */
export interface ActionExtension {
  prefix: string;
  handle(ctx: CommandContext, action: Extract<Interaction, { kind: "action" }>): Promise<Reply>;
}

const commandExtensions = new Map<string, CommandExtension>();
const actionExtensions = new Map<string, ActionExtension>();

/** Adds verbs to the language (the module's `register` calls this once at start-up). */
export function registerCommand(extension: CommandExtension): void {
  for (const verb of extension.verbs) commandExtensions.set(verb, extension);
}

/** Routes action ids `prefix.*` to a module (e.g. `survey.answer`). */
export function registerAction(extension: ActionExtension): void {
  actionExtensions.set(extension.prefix, extension);
}

/** The extension owning a verb, if any. */
export function commandExtension(verb: string): CommandExtension | undefined {
  return commandExtensions.get(verb);
}

/** The extension owning an action id (`survey.answer` → prefix `survey`), if any. */
export function actionExtension(actionId: string): ActionExtension | undefined {
  const dot = actionId.indexOf(".");
  return dot > 0 ? actionExtensions.get(actionId.slice(0, dot)) : undefined;
}
