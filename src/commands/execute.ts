import { randomUUID } from "node:crypto";
import type { App } from "../app.js";
import type { Interaction } from "../core/interaction.js";
import { type Locale, t, toLocale } from "../i18n/index.js";
import { messageReply } from "../reply/catalog-replies.js";
import { ACTION_IDS } from "../reply/commands.js";
import type { CommandContext, Outcome } from "./context.js";
import { rememberConversation } from "./conversations.js";
import { problemReply } from "./explain-problem.js";
import { actionExtension, commandExtension, leavesNoTrace, splitVerb } from "./extensions.js";
import { answerRole, answerRoles, answerTarget, answerWhoami } from "./handlers/admin.js";
import { answerExplain, answerHelp, answerList } from "./handlers/catalog.js";
import { answerKpi, answerScorecard } from "./handlers/kpi.js";
import { detectLocale } from "./locale.js";
import { commandTokens, parseCommand } from "./parser.js";

/** Buttons whose value is a command to run as if typed. */
const RERUN_ACTIONS = new Set<string>([ACTION_IDS.breakdown, ACTION_IDS.previous, ACTION_IDS.explain]);

/** Parses and answers one command text in a context. */
export async function runText(ctx: CommandContext, text: string): Promise<Outcome> {
  const parsed = parseCommand(text);
  if (!parsed.ok) return { kind: "problem", problem: parsed.problem, reply: problemReply(parsed.problem, ctx.locale) };
  const command = parsed.command;
  ctx.app.logger.debug({ platform: ctx.user.platform, command: command.type }, "command");
  switch (command.type) {
    case "kpi":
      return answerKpi({ ...ctx, share: ctx.share || command.share }, command, parsed.understood);
    case "scorecard":
      return answerScorecard({ ...ctx, share: ctx.share || command.share }, command, parsed.understood);
    case "list":
      return answerList(ctx);
    case "help":
      return answerHelp(ctx, command);
    case "explain":
      return answerExplain(ctx, command);
    case "target":
      return answerTarget(ctx, command);
    case "role":
      return answerRole(ctx, command);
    case "roles":
      return answerRoles(ctx);
    case "whoami":
      return answerWhoami(ctx);
  }
}

async function dispatch(ctx: CommandContext, interaction: Interaction): Promise<Outcome> {
  if (interaction.kind === "action") {
    if (RERUN_ACTIONS.has(interaction.actionId)) return runText(ctx, interaction.value);
    // Shared answers are posted for the whole channel to see.
    if (interaction.actionId === ACTION_IDS.share) return runText({ ...ctx, share: true }, interaction.value);
    const extension = actionExtension(interaction.actionId);
    if (extension) return { kind: "reply", reply: await extension.handle(ctx, interaction) };
    ctx.app.logger.warn({ actionId: interaction.actionId }, "unknown action");
    const text = t(ctx.locale, "commands:error.unknownAction");
    return { kind: "reply", reply: messageReply(text, ctx.locale, "warning", { ephemeral: true }) };
  }
  const { verb, args } = splitVerb(interaction.text);
  const extension = commandExtension(verb);
  if (extension) return { kind: "reply", reply: await extension.handle(ctx, args) };
  return runText(ctx, interaction.text);
}

function internalError(app: App, interaction: Interaction, error: unknown, locale: Locale, noTrace: boolean): Outcome {
  const errorId = randomUUID().slice(0, 8);
  app.logger.error(
    {
      err: error,
      errorId,
      platform: interaction.user.platform,
      user: interaction.user.id,
      // An anonymous comment is never logged next to its author.
      ...(interaction.kind === "command"
        ? noTrace
          ? {}
          : { text: interaction.text }
        : { actionId: interaction.actionId }),
    },
    "command failed",
  );
  const text = t(locale, "commands:error.internal", { id: errorId });
  return { kind: "error", errorId, reply: messageReply(text, locale, "error", { ephemeral: true }) };
}

/**
 * Runs one interaction end to end: records the user and the conversation, picks the language,
 * answers. Never throws: bad input becomes a problem reply, a bug becomes a friendly error with an id.
 */
export async function executeInteraction(app: App, interaction: Interaction): Promise<Outcome> {
  let locale: Locale = toLocale(interaction.locale) ?? app.config.KPIBOT_LOCALE;
  let noTrace = false;
  try {
    const detected = interaction.kind === "command" ? detectLocale(commandTokens(interaction.text)) : undefined;
    const user = interaction.user;
    // An answer to an anonymous survey writes nothing about its author: a chat_users or conversation row
    // stamped at the time of the answer would tie the answer to them. Their stored language is only read.
    noTrace = await leavesNoTrace(app, interaction);
    const stored = noTrace
      ? await app.repos.users.get(user.platform, user.id)
      : await app.repos.users.touch({
          platform: user.platform,
          platformUserId: user.id,
          ...(user.name !== undefined ? { name: user.name } : {}),
          ...(user.email !== undefined ? { email: user.email } : {}),
          // Remembered so that button clicks (which carry no words) answer in the language last used.
          ...((toLocale(interaction.locale) ?? detected) ? { locale: toLocale(interaction.locale) ?? detected } : {}),
        });
    if (!noTrace) await rememberConversation(app, interaction.conversation);
    locale = toLocale(interaction.locale) ?? detected ?? toLocale(stored?.locale) ?? app.config.KPIBOT_LOCALE;
    const ctx: CommandContext = {
      app,
      interaction,
      user,
      locale,
      now: interaction.at ?? app.clock.now(),
      share: false,
    };
    return await dispatch(ctx, interaction);
  } catch (error) {
    return internalError(app, interaction, error, locale, noTrace);
  }
}
