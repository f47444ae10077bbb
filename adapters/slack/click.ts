import type { ConversationRef, Interaction } from "../../src/core/interaction.js";
import type { Logger } from "../../src/logger.js";
import { rememberConversation, type SlackDeps } from "./deps.js";
import type { BlockActionsPayload } from "./payloads.js";
import type { SlackUserInfo } from "./users.js";

/**
 * A button click as the core sees it: the conversation it came from (remembered for later posts) and
 * the clicking user (looked up for name and locale). Shared by KPI buttons and survey answers.
 */
export async function clickInteraction(
  deps: SlackDeps,
  body: BlockActionsPayload,
  click: { actionId: string; value: string; at: Date },
  logger: Logger,
): Promise<{ interaction: Interaction; user: SlackUserInfo }> {
  const channelId = body.container?.channel_id ?? body.channel?.id;
  const conversation: ConversationRef = {
    platform: "slack",
    conversationId: channelId ?? body.user.id,
    ...(body.team?.id ? { teamId: body.team.id } : {}),
    ...(body.channel?.name && body.channel.name !== "directmessage" ? { name: body.channel.name } : {}),
  };
  if (channelId) await rememberConversation(deps, conversation, logger);
  const user = await deps.users.lookup(body.user.id, logger);
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
