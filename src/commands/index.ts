import type { App } from "../app.js";
import type { Interaction } from "../core/interaction.js";
import type { Reply } from "../reply/types.js";
import { executeInteraction } from "./execute.js";

/**
 * The one entry point every surface calls: a neutral interaction in, a neutral reply out.
 * Never throws: bad input becomes a helpful reply in the user's language, a bug a friendly error with an id.
 */
export async function handleInteraction(app: App, interaction: Interaction): Promise<Reply> {
  return (await executeInteraction(app, interaction)).reply;
}

export type { Command, ParseOutcome, Problem } from "./command-types.js";
export type { CommandContext, Outcome } from "./context.js";
export { rememberConversation } from "./conversations.js";
export { executeInteraction, runText } from "./execute.js";
export { problemReply } from "./explain-problem.js";
export { requireAdmin } from "./handlers/admin.js";
export { chooseLocale, detectLocale } from "./locale.js";
export { parseCommand } from "./parser.js";
export { kpiQuerySchema, resolveKpiQuery } from "./resolve.js";
export { isConfigAdmin, parseUserArg, type Role, roleOf, userKey } from "./roles.js";
export {
  type ClickDedupe,
  type CommandModule,
  type CommandRouter,
  clickDedupe,
  createCommandRouter,
  leavesNoTrace,
  type ModuleAction,
  type ModuleCommand,
  repliesToClicker,
} from "./router.js";
