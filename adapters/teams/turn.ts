import { createHash, randomUUID } from "node:crypto";
import type { Activity, TurnContext } from "botbuilder";
import type { App } from "../../src/app.js";
import {
  type CommandRouter,
  clickDedupe,
  handleInteraction,
  leavesNoTrace,
  rememberConversation,
  repliesToClicker,
} from "../../src/commands/index.js";
import type { ConversationRef, Interaction } from "../../src/core/interaction.js";
import { t, toLocale } from "../../src/i18n/index.js";
import type { Reply } from "../../src/reply/types.js";
import type { Claims } from "../../src/store/idempotency.js";
import { conversationRefOf, type Inbound, inboundOf, interactionOf } from "./activity.js";
import { disableSdkRetries, type KpibotCloudAdapter, type TurnLogic } from "./bot-adapter.js";
import { perClickDedupeKey, sendToClicker } from "./per-click.js";
import { buildMessage, type SendDeps, sendWithRetry } from "./send.js";

/** Redeliveries of one activity arrive within minutes; keep their claims a day. */
const MESSAGE_WINDOW_MS = 24 * 3600 * 1000;
/** Double clicks arrive within seconds; a deliberate click on the same button later is answered again. */
const ACTION_WINDOW_MS = 60 * 1000;

/** What the turn logic needs. */
export interface TurnDeps extends SendDeps {
  app: App;
  adapter: KpibotCloudAdapter;
  once: Claims;
  /** The core (tests may wrap it). */
  answer?: (app: App, interaction: Interaction) => Promise<Reply>;
}

/**
 * The answer-once key of an inbound message: its activity id, or the card + button + value for a
 * click. Undefined when the activity has no id to key on (some emulators): it is then just answered.
 */
export function dedupeKey(
  router: CommandRouter,
  activity: Partial<Activity>,
  inbound: Exclude<Inbound, { kind: "empty" }>,
): string | undefined {
  if (inbound.kind === "action" && clickDedupe(router, inbound.actionId) === "per-click") {
    return perClickDedupeKey(activity, inbound);
  }
  const target = inbound.kind === "action" ? (activity.replyToId ?? activity.id) : activity.id;
  if (!target) return undefined;
  const raw =
    inbound.kind === "action"
      ? ["action", activity.conversation?.id, target, inbound.actionId, inbound.value]
      : ["message", activity.conversation?.id, target];
  return `teams:${createHash("sha256").update(JSON.stringify(raw)).digest("base64url")}`;
}

/** Saves the reference through the core's once-an-hour memory (the core's save of this message is then a cache hit). */
async function saveReference(deps: TurnDeps, ref: ConversationRef): Promise<void> {
  try {
    await rememberConversation(deps.app, ref);
  } catch (err) {
    // Answering matters more than remembering the conversation for later digests.
    deps.logger.error({ err, conversation: ref.conversationId }, "teams: could not save the conversation reference");
  }
}

async function answer(ctx: TurnContext, deps: TurnDeps, interaction: Interaction): Promise<void> {
  const reply = await (deps.answer ?? handleInteraction)(deps.app, interaction);
  // A reply meant for the clicker (a survey confirmation) stays private in a channel (Teams has no ephemeral messages).
  if (interaction.kind === "action" && repliesToClicker(deps.app.router, interaction.actionId)) {
    if (await sendToClicker(ctx, deps.adapter, reply, deps)) return;
  }
  await sendWithRetry(ctx, await buildMessage(reply, deps), deps);
}

async function onMessage(ctx: TurnContext, deps: TurnDeps, ref: ConversationRef): Promise<void> {
  const activity = ctx.activity;
  const read = inboundOf(activity);
  // A bare @mention gets the help card rather than silence.
  const inbound = read.kind === "empty" ? ({ kind: "command", text: "help" } as const) : read;
  const key = dedupeKey(deps.app.router, activity, inbound);
  const first =
    key === undefined ||
    (await deps.once.claim(
      key,
      inbound.kind === "action" ? "teams.action" : "teams.message",
      inbound.kind === "action" ? ACTION_WINDOW_MS : MESSAGE_WINDOW_MS,
    ));
  if (!first) {
    deps.logger.info({ activity: activity.id, kind: inbound.kind }, "teams: duplicate ignored (already answered)");
    return;
  }
  try {
    await answer(ctx, deps, interactionOf(activity, inbound, ref, deps.app.clock.now()));
  } catch (err) {
    if (key) await deps.once.release(key).catch(() => undefined);
    const reference = randomUUID().slice(0, 8);
    deps.logger.error({ err, ref: reference, activity: activity.id }, "teams: answering failed");
    const locale = toLocale(activity.locale) ?? deps.app.config.KPIBOT_LOCALE;
    // Best effort: if the connector itself is down this fails too, and the log has it.
    await ctx.sendActivity(t(locale, "teams:error", { ref: reference })).catch(() => undefined);
  }
}

async function onConversationUpdate(ctx: TurnContext, deps: TurnDeps, ref: ConversationRef): Promise<void> {
  const activity = ctx.activity;
  const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
  if (!botAdded) return;
  // Installed in a chat or a team: introduce kpibot with the help card, once per install event.
  const key = dedupeKey(deps.app.router, activity, { kind: "command", text: "help" });
  if (key && !(await deps.once.claim(key, "teams.install", MESSAGE_WINDOW_MS))) return;
  try {
    await answer(ctx, deps, interactionOf(activity, { kind: "command", text: "help" }, ref, deps.app.clock.now()));
  } catch (err) {
    deps.logger.error({ err, conversation: ref.conversationId }, "teams: welcome message failed");
  }
}

/**
 * Whether a message is an answer to an anonymous survey, whose conversation must not be saved: in a personal chat
 * the reference names the person, and its updated_at would date their answer. When that cannot be told (the
 * database failed), nothing is saved either.
 */
async function leavesNoTraceOf(deps: TurnDeps, activity: Activity, ref: ConversationRef): Promise<boolean> {
  const inbound = inboundOf(activity);
  if (inbound.kind === "empty") return false;
  try {
    return await leavesNoTrace(deps.app, interactionOf(activity, inbound, ref, deps.app.clock.now()));
  } catch (err) {
    deps.logger.warn({ err }, "teams: could not tell whether this message must leave no trace; saving nothing");
    return true;
  }
}

/** The bot's turn: remember the conversation, answer messages and clicks, welcome on install. */
export function teamsTurn(deps: TurnDeps): TurnLogic {
  return async (ctx) => {
    if (!disableSdkRetries(ctx, deps.adapter)) {
      deps.logger.warn("teams: could not switch off botbuilder's own retries (SDK internals changed)");
    }
    const activity = ctx.activity;
    switch (activity.type) {
      case "message": {
        const ref = conversationRefOf(activity);
        if (!(await leavesNoTraceOf(deps, activity, ref))) await saveReference(deps, ref);
        await onMessage(ctx, deps, ref);
        return;
      }
      case "conversationUpdate": {
        const ref = conversationRefOf(activity);
        await saveReference(deps, ref);
        await onConversationUpdate(ctx, deps, ref);
        return;
      }
      case "installationUpdate":
        await saveReference(deps, conversationRefOf(activity));
        return;
      default:
        // typing, reactions, invokes kpibot does not use: nothing to do (invokes get 501 from the adapter).
        return;
    }
  };
}
