import { randomUUID } from "node:crypto";
import type { App } from "../app.js";
import { type Interaction, MAX_COMMAND_CHARS } from "../core/interaction.js";
import { type Locale, t, toLocale } from "../i18n/index.js";
import { messageReply } from "../reply/catalog-replies.js";
import { ACTION_IDS } from "../reply/commands.js";
import type { CommandContext, Outcome } from "./context.js";
import { rememberConversation } from "./conversations.js";
import { problemReply } from "./explain-problem.js";
import { answerRole, answerRoles, answerTarget, answerWhoami } from "./handlers/admin.js";
import { answerExplain, answerHelp, answerList } from "./handlers/catalog.js";
import { answerKpi, answerScorecard } from "./handlers/kpi.js";
import { answerPolicy } from "./handlers/policy.js";
import { detectLocale } from "./locale.js";
import { fail } from "./parse-support.js";
import { commandTokens, parseCommand } from "./parser.js";
import { leavesNoTrace, splitVerb } from "./router.js";
import { rememberUser } from "./users.js";
import { VERBS } from "./vocabulary.js";

/** Buttons whose value is a command to run as if typed. */
const RERUN_ACTIONS = new Set<string>([
  ACTION_IDS.breakdown,
  ACTION_IDS.previous,
  ACTION_IDS.explain,
  ACTION_IDS.rows,
  ACTION_IDS.export,
]);

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
    case "policy":
      return answerPolicy(ctx, command);
  }
}

async function dispatch(ctx: CommandContext, interaction: Interaction): Promise<Outcome> {
  if (interaction.kind === "action") {
    if (RERUN_ACTIONS.has(interaction.actionId)) return runText(ctx, interaction.value);
    // Shared answers are posted for the whole channel to see.
    if (interaction.actionId === ACTION_IDS.share) return runText({ ...ctx, share: true }, interaction.value);
    const owner = ctx.app.router.action(interaction.actionId);
    if (owner) return { kind: "reply", reply: await owner.handle(ctx, interaction) };
    ctx.app.logger.warn({ actionId: interaction.actionId }, "unknown action");
    const text = t(ctx.locale, "commands:error.unknownAction");
    return { kind: "reply", reply: messageReply(text, ctx.locale, "warning", { ephemeral: true }) };
  }
  const { verb, args } = splitVerb(interaction.text);
  const command = ctx.app.router.command(verb);
  if (command) return { kind: "reply", reply: await command.handle(ctx, args) };
  // `help digest`, `aide enquête`: a module's command has its help too (the parser knows only the core's verbs).
  const topic = splitVerb(args).verb;
  if ((VERBS.help as readonly string[]).includes(verb) && topic && ctx.app.router.command(topic)) {
    return answerHelp(ctx, { type: "help", verb: topic });
  }
  return runText(ctx, interaction.text);
}

/** What a failure log says the user sent: never the text of an anonymous comment, which sits next to their id. */
function whatWasSent(interaction: Interaction, noTrace: boolean): Record<string, string> {
  if (interaction.kind === "action") return { actionId: interaction.actionId };
  return noTrace ? {} : { text: interaction.text };
}

function internalError(app: App, interaction: Interaction, error: unknown, locale: Locale, noTrace: boolean): Outcome {
  const errorId = randomUUID().slice(0, 8);
  app.logger.error(
    {
      err: error,
      errorId,
      platform: interaction.user.platform,
      user: interaction.user.id,
      ...whatWasSent(interaction, noTrace),
    },
    "command failed",
  );
  const text = t(locale, "commands:error.internal", { id: errorId });
  return { kind: "error", errorId, reply: messageReply(text, locale, "error", { ephemeral: true }) };
}

/**
 * The interaction with lone UTF-16 surrogates replaced by U+FFFD in everything a user typed: they
 * cannot be stored as UTF-8 (SQLite kept invalid bytes) and mean nothing to any parser.
 */
function wellFormed(interaction: Interaction): Interaction {
  const user = {
    ...interaction.user,
    ...(interaction.user.name ? { name: interaction.user.name.toWellFormed() } : {}),
  };
  return interaction.kind === "command"
    ? { ...interaction, user, text: interaction.text.toWellFormed() }
    : { ...interaction, user, actionId: interaction.actionId.toWellFormed(), value: interaction.value.toWellFormed() };
}

/**
 * The gate every interaction passes before any parser or database write: one length limit for
 * every command and button value (MAX_COMMAND_CHARS), and the user's rate budget. The CLI is the
 * operator's own shell and is not rate-limited.
 */
async function admissible(app: App, interaction: Interaction, locale: Locale): Promise<Outcome | undefined> {
  const size = interaction.kind === "command" ? interaction.text.length : interaction.value.length;
  if (size > MAX_COMMAND_CHARS) {
    const problem = fail("too_long", [], [], { details: { max: String(MAX_COMMAND_CHARS) } });
    return { kind: "problem", problem, reply: problemReply(problem, locale) };
  }
  if (interaction.user.platform === "cli") return undefined;
  const budget = await app.limiter.take(interaction.user);
  if (budget.ok) return undefined;
  app.logger.warn(
    { platform: interaction.user.platform },
    "a user went over KPIBOT_RATE_LIMIT; refused until the window frees",
  );
  const seconds = Math.max(1, Math.ceil(budget.retryAfterMs / 1000));
  const text = t(locale, "commands:error.rateLimited", { seconds });
  return { kind: "reply", reply: messageReply(text, locale, "warning", { ephemeral: true }) };
}

/**
 * Runs one interaction end to end: records the user and the conversation, picks the language,
 * answers. Never throws: bad input becomes a problem reply, a bug becomes a friendly error with an id.
 */
export async function executeInteraction(app: App, received: Interaction): Promise<Outcome> {
  const interaction = wellFormed(received);
  let locale: Locale = toLocale(interaction.locale) ?? app.config.KPIBOT_LOCALE;
  let noTrace = false;
  try {
    const refused = await admissible(app, interaction, locale);
    if (refused) return refused;
    const detected = interaction.kind === "command" ? detectLocale(commandTokens(interaction.text)) : undefined;
    const user = interaction.user;
    // An answer to an anonymous survey writes nothing about its author: a chat_users or conversation row
    // stamped at the time of the answer would tie the answer to them. Their stored language is only read.
    noTrace = await leavesNoTrace(app, interaction);
    // Remembered so that button clicks (which carry no words) answer in the language last used; written only
    // when something changed (rememberUser).
    const remembered = toLocale(interaction.locale) ?? detected;
    // Without a trace, the stored row is read only for the language, so not at all when the platform told it (one
    // round trip less per anonymous answer, on the path that acknowledges the click).
    const stored = noTrace
      ? remembered
        ? undefined
        : await app.repos.users.get(user.platform, user.id)
      : await rememberUser(app, { user, ...(remembered ? { locale: remembered } : {}) });
    if (!noTrace) await rememberConversation(app, interaction.conversation);
    locale = remembered ?? toLocale(stored?.locale) ?? app.config.KPIBOT_LOCALE;
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
