import type { App as BoltApp } from "@slack/bolt";
import type { ConversationRef, Interaction } from "../../src/core/interaction.js";
import type { Logger } from "../../src/logger.js";
import {
  afterAck,
  leavesNoTraceOf,
  type RequestMeta,
  rememberConversation,
  requestMeta,
  type SlackDeps,
} from "./deps.js";
import { type BlockActionsPayload, blockActionsSchema } from "./payloads.js";
import type { SlackUserInfo } from "./users.js";

/**
 * A button click as the core sees it: the conversation it came from (remembered for later posts) and
 * the clicking user (looked up for name and locale). Shared by KPI buttons and survey answers. An answer to an
 * anonymous survey records neither: a row stamped at the time of the click would tie the answer to the person.
 */
export async function clickInteraction(
  deps: SlackDeps,
  body: BlockActionsPayload,
  click: { actionId: string; value: string; at: Date },
  logger: Logger,
  profile: "wait" | "known" = "wait",
): Promise<{ interaction: Interaction; user: SlackUserInfo }> {
  const channelId = body.container?.channel_id ?? body.channel?.id;
  const conversation: ConversationRef = {
    platform: "slack",
    conversationId: channelId ?? body.user.id,
    ...(body.team?.id ? { teamId: body.team.id } : {}),
    ...(body.channel?.name && body.channel.name !== "directmessage" ? { name: body.channel.name } : {}),
  };
  const clicker = { platform: "slack" as const, id: body.user.id };
  const noTrace = await leavesNoTraceOf(
    deps,
    { kind: "action", actionId: click.actionId, value: click.value, user: clicker, conversation },
    logger,
  );
  if (channelId && !noTrace) await rememberConversation(deps, conversation, logger);
  // On the acknowledgement path (`known`), the profile is what is known now: a look-up never holds an ack.
  const user =
    profile === "known" ? deps.users.known(body.user.id, logger) : await deps.users.lookup(body.user.id, logger);
  const name = user.name ?? body.user.name ?? body.user.username;
  const interaction: Interaction = {
    kind: "action",
    actionId: click.actionId,
    value: click.value,
    user: { platform: "slack", id: body.user.id, ...(name ? { name } : {}) },
    conversation,
    ...(user.locale ? { locale: user.locale } : {}),
    at: click.at,
  };
  return { interaction, user };
}

/**
 * Listens to the button clicks whose action id matches: acknowledged at once (Slack wants it within 3
 * seconds, whatever the database is doing), then the validated payload handed on; a malformed one is
 * logged (`malformed`) and dropped. Shared by the KPI buttons and the survey answers.
 */
export function onBlockActions(
  bolt: BoltApp,
  deps: SlackDeps,
  actionIds: RegExp,
  malformed: string,
  handle: (body: BlockActionsPayload, meta: RequestMeta) => Promise<void>,
): void {
  bolt.action(actionIds, async ({ ack, body, context }) => {
    await ack();
    await afterAck();
    const meta = requestMeta(context);
    const parsed = blockActionsSchema.safeParse(body);
    if (!parsed.success) {
      deps.app.logger.warn({ requestId: meta.requestId, issues: parsed.error.issues }, malformed);
      return;
    }
    await handle(parsed.data, meta);
  });
}
