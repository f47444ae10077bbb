import type { App } from "../app.js";
import type { Interaction } from "../core/interaction.js";
import type { Reply } from "../reply/types.js";
import type { CommandContext } from "./context.js";
import type { Role } from "./roles.js";

/**
 * A command another module adds to the language (digests, surveys…): it owns the words after its verb.
 * Return a Reply; throw only for bugs (the caller turns them into a friendly error).
 */
export interface CommandExtension {
  /** Verbs, normalised (lower-case, no accents), e.g. ["digest", "resume"]. */
  verbs: string[];
  /** One line for help texts. */
  summary?: { en: string; fr: string };
  /** What `help` shows for it: who may use it, and how to write it in each language. */
  help?: {
    role: Role;
    word: { en: string; fr: string };
    usage: { en: string; fr: string };
    summary: { en: string; fr: string };
  };
  handle(ctx: CommandContext, args: string): Promise<Reply>;
  /** True when this command must leave no trace of who sent it (see leavesNoTrace). */
  leavesNoTrace?(app: App, args: string): Promise<boolean>;
}

/** A button handler another module adds: every action id starting with `prefix.` goes to it. */
export interface ActionExtension {
  prefix: string;
  handle(ctx: CommandContext, action: Extract<Interaction, { kind: "action" }>): Promise<Reply>;
  /** True when this click must leave no trace of who made it (see leavesNoTrace). */
  leavesNoTrace?(app: App, action: Extract<Interaction, { kind: "action" }>): Promise<boolean>;
}

const registeredCommands = new Map<string, CommandExtension>();
const actionExtensions = new Map<string, ActionExtension>();

/** Adds verbs to the language (the module's `register` calls this once at start-up). */
export function registerCommand(extension: CommandExtension): void {
  for (const verb of extension.verbs) registeredCommands.set(verb, extension);
}

/** Routes action ids `prefix.*` to a module (e.g. `survey.answer`). */
export function registerAction(extension: ActionExtension): void {
  actionExtensions.set(extension.prefix, extension);
}

/** Every module command, once each (a module registers several verbs for one command). */
export function commandExtensions(): CommandExtension[] {
  return [...new Set(registeredCommands.values())];
}

/** The extension owning a verb, if any. */
export function commandExtension(verb: string): CommandExtension | undefined {
  return registeredCommands.get(verb);
}

/** The extension owning an action id (`survey.answer` → prefix `survey`), if any. */
export function actionExtension(actionId: string): ActionExtension | undefined {
  const dot = actionId.indexOf(".");
  return dot > 0 ? actionExtensions.get(actionId.slice(0, dot)) : undefined;
}

/** The verb and the rest of a typed command, for commands other modules add. */
export function splitVerb(text: string): { verb: string; args: string } {
  const m = /^\s*(?:\/kpi(?:bot)?\s+|kpi\s+)?(\S+)\s*([\s\S]*)$/i.exec(text);
  return { verb: (m?.[1] ?? "").toLowerCase(), args: m?.[2] ?? "" };
}

/**
 * Whether an interaction is an answer to an anonymous survey (a click or a comment), which must leave no trace of
 * who made it: the core and the adapters then write nothing about the person or their conversation, since a row
 * stamped with their id at the time of the answer would tie it to them (docs/security.md, "Anonymous survey
 * answers"). The module owning the command or button decides.
 */
export async function leavesNoTrace(app: App, interaction: Interaction): Promise<boolean> {
  if (interaction.kind === "action") {
    return (await actionExtension(interaction.actionId)?.leavesNoTrace?.(app, interaction)) ?? false;
  }
  const { verb, args } = splitVerb(interaction.text);
  return (await commandExtension(verb)?.leavesNoTrace?.(app, args)) ?? false;
}
