import { createHash } from "node:crypto";
import type { ReceiverEvent } from "@slack/bolt";
import type { ConversationRef } from "../../../src/core/interaction.js";
import { isShared, withoutShareButton } from "../../../src/reply/share.js";
import {
  afterAck,
  answered,
  deliver,
  eventMeta,
  fallbackLocale,
  leavesNoTraceOf,
  REQUEST_WINDOW_MS,
  type RequestMeta,
  rememberConversation,
  reportFailure,
  type SlackDeps,
} from "../deps.js";
import { type SlashCommandPayload, slashCommandSchema } from "../payloads.js";
import type { DirectLane } from "../receivers/in-flight.js";

/**
 * Answers `/kpi <anything>` after the ack: once per invocation (Slack's retries repeat the
 * trigger_id), through the response_url — privately (the core adds a "Share in channel" button),
 * or in the channel when the core says the answer is shared (`share` / `partager` in the command).
 */
export async function answerCommand(deps: SlackDeps, command: SlashCommandPayload, meta: RequestMeta): Promise<void> {
  const { app } = deps;
  const logger = app.logger.child({ requestId: meta.requestId, slack: "command", channel: command.channel_id });
  const id = command.trigger_id ?? createHash("sha256").update(JSON.stringify(command)).digest("hex");
  const key = `slack.command:${command.team_id ?? ""}:${id}`;
  if (!(await deps.claims.claim(key, "slack.command", REQUEST_WINDOW_MS))) {
    logger.info({ retryNum: meta.retryNum }, "slash command already answered (Slack retry); ignored");
    return;
  }
  const text = command.text.trim();
  const conversation: ConversationRef = {
    platform: "slack",
    conversationId: command.channel_id,
    ...(command.team_id ? { teamId: command.team_id } : {}),
    ...(command.channel_name && command.channel_name !== "directmessage" ? { name: command.channel_name } : {}),
  };
  // A comment to an anonymous survey records neither the person nor their conversation (the core decides which).
  const sender = { platform: "slack" as const, id: command.user_id };
  const noTrace = await leavesNoTraceOf(deps, { kind: "command", text, user: sender, conversation }, logger);
  if (!noTrace) await rememberConversation(deps, conversation, logger);
  const user = await deps.users.lookup(command.user_id, logger);
  const name = user.name ?? command.user_name;
  try {
    const reply = await deps.handle(app, {
      kind: "command",
      text,
      user: { platform: "slack", id: command.user_id, ...(name ? { name } : {}) },
      conversation,
      ...(user.locale ? { locale: user.locale } : {}),
      at: app.clock.now(),
    });
    // Private unless the core marks the answer shared; errors and admin replies stay private.
    const inChannel = isShared(reply);
    const shaped = inChannel ? withoutShareButton(reply) : reply;
    await deliver(
      deps,
      command.response_url,
      shaped,
      { responseType: inChannel ? "in_channel" : "ephemeral" },
      logger,
      {
        channelId: command.channel_id,
        userId: command.user_id,
      },
    );
    answered(deps, meta);
    logger.info({ inChannel }, "slash command answered");
  } catch (err) {
    await deps.claims.release(key).catch(() => undefined);
    await reportFailure(deps, command.response_url, err, fallbackLocale(deps, user.locale), meta, logger);
  }
}

/**
 * The lane of slash commands (receivers/in-flight.ts `DirectLane`), taken by the receiver before Bolt once the
 * request is verified: any command routed to this app is /kpi (a workspace may rename it, e.g. /kpi-test), recognised
 * as Bolt recognises one (a `command` field). Acknowledged at once (Slack's 3-second limit), then answered; nothing of
 * Bolt's middleware chain is needed, and under a burst of 200 commands its cost came before every acknowledgement.
 */
export function commandLane(deps: SlackDeps): DirectLane {
  return (body) => (typeof body.command === "string" ? (event) => onCommand(deps, event) : undefined);
}

async function onCommand(deps: SlackDeps, event: ReceiverEvent): Promise<void> {
  await event.ack();
  await afterAck();
  const meta = eventMeta(event);
  const parsed = slashCommandSchema.safeParse(event.body);
  if (!parsed.success) {
    deps.app.logger.warn({ requestId: meta.requestId, issues: parsed.error.issues }, "malformed slash command ignored");
    return;
  }
  await answerCommand(deps, parsed.data, meta);
}
