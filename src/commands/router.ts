import type { App } from "../app.js";
import type { Interaction } from "../core/interaction.js";
import type { Reply } from "../reply/types.js";
import type { CommandContext } from "./context.js";
import type { Role } from "./roles.js";
import { VERBS } from "./vocabulary.js";

/**
 * A verb a module adds to the language (`digest`, `alert`, `survey`…): it owns the words after it.
 * Return a Reply; throw only for bugs (the core turns them into a friendly error).
 */
export interface ModuleCommand {
  /** Verbs, normalised (lower-case, no accents), English and French, e.g. ["digest", "resume"]. */
  verbs: readonly string[];
  /** What `help` shows for it: who may use it, and how to write it in each language. */
  help: {
    role: Role;
    word: { en: string; fr: string };
    usage: { en: string; fr: string };
    summary: { en: string; fr: string };
  };
  handle(ctx: CommandContext, args: string): Promise<Reply>;
  /** True when this command must leave no trace of who sent it (an anonymous survey comment). */
  leavesNoTrace?(app: App, args: string): Promise<boolean>;
}

/**
 * How an adapter tells a platform's redelivery of a click from a new click:
 * - `per-message`: one answer per button of a message; a second click on it within a minute is a double click.
 * - `per-click`: many people click the same message and one person may change their mind (4, then 5, then 4):
 *   every click is new, only the platform's redelivery of the same click (same click id) is dropped.
 */
export type ClickDedupe = "per-message" | "per-click";

/** Buttons a module owns: every action id `prefix.*`. */
export interface ModuleAction {
  prefix: string;
  /** How repeated clicks are told apart (default `per-message`). */
  clicks: ClickDedupe;
  /**
   * Who sees the reply to a click: `clicker` keeps it for the person who clicked even where the platform has no
   * ephemeral messages (Teams: a 1:1 chat), unless the reply is shared; `default` follows the reply.
   */
  replyTo: "clicker" | "default";
  handle(ctx: CommandContext, action: Extract<Interaction, { kind: "action" }>): Promise<Reply>;
  /**
   * True for a click whose handling only stores a small record (a survey answer, milliseconds through the group
   * commit): the adapter acknowledges the platform once it is handled, so a click acknowledged is a click stored.
   * Other clicks are acknowledged at once (posting a survey in a channel can take longer than a platform waits).
   */
  storesBeforeAck?(actionId: string): boolean;
  /** True when this click must leave no trace of who made it (an answer to an anonymous survey). */
  leavesNoTrace?(app: App, action: Extract<Interaction, { kind: "action" }>): Promise<boolean>;
}

/** What one module (digests, alerts, surveys…) adds: its verbs and its buttons. */
export interface CommandModule {
  name: string;
  commands: readonly ModuleCommand[];
  actions: readonly ModuleAction[];
}

/** The command language's modules, built once by the composition root and carried on the App. */
export interface CommandRouter {
  /** The module command owning a verb, if any (the core's own verbs are not here). */
  command(verb: string): ModuleCommand | undefined;
  /** The module buttons owning an action id (`survey.answer` → prefix `survey`), if any. */
  action(actionId: string): ModuleAction | undefined;
  /** Every module command, in module order. */
  commands(): readonly ModuleCommand[];
  /** Every module's buttons, in module order (adapters register their listeners from this). */
  actions(): readonly ModuleAction[];
}

/** The core's own verbs (KPI questions, help, roles, targets…), which no module may take. */
function coreVerbs(): Set<string> {
  return new Set(Object.values(VERBS).flatMap((words) => [...(words as readonly string[])]));
}

/**
 * Builds the router from the modules' declarations. A verb or a button prefix claimed twice (or a module verb
 * that is a core verb) is a programming error: it stops kpibot at start-up rather than answering the wrong way.
 */
export function createCommandRouter(modules: readonly CommandModule[]): CommandRouter {
  const byVerb = new Map<string, ModuleCommand>();
  const byPrefix = new Map<string, ModuleAction>();
  const owner = new Map<string, string>();
  const core = coreVerbs();
  for (const module of modules) {
    for (const command of module.commands) {
      for (const verb of command.verbs) {
        if (core.has(verb)) throw new Error(`module ${module.name}: "${verb}" is a core verb`);
        const taken = owner.get(`verb:${verb}`);
        if (taken) throw new Error(`module ${module.name}: verb "${verb}" is already module ${taken}'s`);
        owner.set(`verb:${verb}`, module.name);
        byVerb.set(verb, command);
      }
    }
    for (const action of module.actions) {
      if (!/^[a-z][a-z0-9-]*$/.test(action.prefix))
        throw new Error(`module ${module.name}: bad prefix "${action.prefix}"`);
      const taken = owner.get(`action:${action.prefix}`);
      if (taken) throw new Error(`module ${module.name}: buttons "${action.prefix}.*" are already module ${taken}'s`);
      owner.set(`action:${action.prefix}`, module.name);
      byPrefix.set(action.prefix, action);
    }
  }
  const commands = modules.flatMap((m) => m.commands);
  const actions = modules.flatMap((m) => m.actions);
  return {
    command: (verb) => byVerb.get(verb),
    action: (actionId) => {
      const dot = actionId.indexOf(".");
      return dot > 0 ? byPrefix.get(actionId.slice(0, dot)) : undefined;
    },
    commands: () => commands,
    actions: () => actions,
  };
}

/** The verb and the rest of a typed command, for commands modules add. */
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
    return (await app.router.action(interaction.actionId)?.leavesNoTrace?.(app, interaction)) ?? false;
  }
  const { verb, args } = splitVerb(interaction.text);
  return (await app.router.command(verb)?.leavesNoTrace?.(app, args)) ?? false;
}

/** How clicks on a button are de-duplicated: its module's rule, `per-message` for the core's buttons. */
export function clickDedupe(router: CommandRouter, actionId: string): ClickDedupe {
  return router.action(actionId)?.clicks ?? "per-message";
}

/** Whether the reply to a click is for the person who clicked only, whatever the platform can do. */
export function repliesToClicker(router: CommandRouter, actionId: string): boolean {
  return router.action(actionId)?.replyTo === "clicker";
}
