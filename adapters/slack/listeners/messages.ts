import type { App as BoltApp } from "@slack/bolt";
import type { ConversationRef, Interaction } from "../../../src/core/interaction.js";
import type { Logger } from "../../../src/logger.js";
import {
  afterAck,
  answered,
  fallbackLocale,
  leavesNoTraceOf,
  REQUEST_WINDOW_MS,
  type RequestMeta,
  rememberConversation,
  requestMeta,
  type SlackDeps,
} from "../deps.js";
import { appMentionSchema, directMessageSchema, eventEnvelopeSchema } from "../payloads.js";
import { failureReply } from "../respond.js";

/** A question typed to kpibot outside `/kpi`: `@kpibot …` in a channel, or a direct message. */
interface TypedQuestion {
  kind: "mention" | "dm";
  user: string;
  text: string;
  channel: string;
  ts: string;
  threadTs?: string | undefined;
  teamId?: string | undefined;
}

/**
 * The command in a message: kpibot's own mention (`<@UBOT>`, anywhere) removed; other people's mentions are kept
 * (`role grant <@U123> admin` names them).
 */
export function commandOfMessage(text: string, botUserId: string | undefined): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g") : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/;
  return text.replace(own, " ").replace(/\s+/g, " ").trim();
}

/**
 * Answers a mention in the thread it started (or was in), and a direct message in the DM (in its thread if it
 * was in one), once per event (Slack retries events it thinks were not received). Same roles, language and
 * anonymity rules as `/kpi`: the core decides. A bare mention gets the help.
 */
export async function answerMessage(deps: SlackDeps, q: TypedQuestion, meta: RequestMeta): Promise<void> {
  const { app } = deps;
  const logger = app.logger.child({ requestId: meta.requestId, slack: q.kind, channel: q.channel });
  const text = commandOfMessage(q.text, deps.botUserId()) || "help";
  const conversation: ConversationRef = {
    platform: "slack",
    conversationId: q.channel,
    ...(q.teamId ? { teamId: q.teamId } : {}),
  };
  const sender = { platform: "slack" as const, id: q.user };
  // A DM `survey comment #3 …` to an anonymous survey records neither the person nor the conversation.
  const noTrace = await leavesNoTraceOf(deps, { kind: "command", text, user: sender, conversation }, logger);
  if (!noTrace) await rememberConversation(deps, conversation, logger);
  const user = await deps.users.lookup(q.user, logger);
  const interaction: Interaction = {
    kind: "command",
    text,
    user: { ...sender, ...(user.name ? { name: user.name } : {}) },
    conversation,
    ...(user.locale ? { locale: user.locale } : {}),
    at: app.clock.now(),
    // A mention is answered in the channel's thread, where everyone reads it; a DM by the asker alone.
    seenBy: q.kind === "mention" ? "conversation" : "asker",
  };
  // A mention is answered in its thread, where the channel sees it (as in Teams); a DM where it was asked.
  const threadTs = q.kind === "mention" ? (q.threadTs ?? q.ts) : q.threadTs;
  const where: ConversationRef = { ...conversation, ...(threadTs ? { threadTs } : {}) };
  try {
    const reply = await deps.handle(app, interaction);
    await deps.messenger.post(where, reply);
    answered(deps, meta);
    logger.info("message answered");
  } catch (err) {
    await tellFailure(deps, where, err, fallbackLocale(deps, user.locale), meta, logger);
  }
}

async function tellFailure(
  deps: SlackDeps,
  where: ConversationRef,
  err: unknown,
  locale: ReturnType<typeof fallbackLocale>,
  meta: RequestMeta,
  logger: Logger,
): Promise<void> {
  logger.error({ err }, "answering a Slack message failed");
  try {
    await deps.messenger.post(where, failureReply(err, locale, meta.requestId));
  } catch (again) {
    logger.error({ err: again }, "could not tell the user about the failure either");
  }
}

/** Registers `app_mention` and `message.im` (direct messages): acknowledged at once, answered once per event. */
export function registerMessages(bolt: BoltApp, deps: SlackDeps): void {
  const once = async (body: unknown): Promise<boolean> => {
    const envelope = eventEnvelopeSchema.safeParse(body);
    const eventId = envelope.success ? envelope.data.event_id : undefined;
    return !eventId || deps.claims.claim(`slack.event:${eventId}`, "slack.event", REQUEST_WINDOW_MS);
  };
  const teamOf = (body: unknown) => {
    const envelope = eventEnvelopeSchema.safeParse(body);
    return envelope.success ? envelope.data.team_id : undefined;
  };
  bolt.event("app_mention", async ({ event, body, context }) => {
    const meta = requestMeta(context);
    const parsed = appMentionSchema.safeParse(event);
    if (!parsed.success || parsed.data.bot_id) return;
    await afterAck();
    if (!(await once(body))) return;
    const e = parsed.data;
    const question = { user: e.user, text: e.text, channel: e.channel, ts: e.ts, threadTs: e.thread_ts };
    await answerMessage(deps, { kind: "mention", ...question, teamId: e.team ?? teamOf(body) }, meta);
  });
  bolt.event("message", async ({ event, body, context }) => {
    const meta = requestMeta(context);
    const parsed = directMessageSchema.safeParse(event);
    if (!parsed.success) return;
    await afterAck();
    if (!(await once(body))) return;
    const e = parsed.data;
    const question = { user: e.user, text: e.text, channel: e.channel, ts: e.ts, threadTs: e.thread_ts };
    await answerMessage(deps, { kind: "dm", ...question, teamId: e.team ?? teamOf(body) }, meta);
  });
}
