import type { App as BoltApp } from "@slack/bolt";
import type { ConversationRef } from "../../../src/core/interaction.js";
import { dateTimeFormat } from "../../../src/format/intl.js";
import { t } from "../../../src/i18n/index.js";
import type { Reply } from "../../../src/reply/types.js";
import { callSlack } from "../api.js";
import {
  afterAck,
  REQUEST_WINDOW_MS,
  type RequestMeta,
  rememberConversation,
  requestMeta,
  type SlackDeps,
} from "../deps.js";
import { appHomeOpenedSchema, eventEnvelopeSchema, memberJoinedSchema } from "../payloads.js";
import { renderReply } from "../render/blocks.js";
import { HOME_COMMAND, homeScorecard } from "./home-scorecard.js";

/** Publishes the user's scorecard on the Home tab, refreshed on every open. */
export async function publishHome(
  deps: SlackDeps,
  event: { user: string; channel?: string | undefined },
  teamId: string | undefined,
  meta: RequestMeta,
): Promise<void> {
  const { app } = deps;
  const logger = app.logger.child({ requestId: meta.requestId, slack: "app_home_opened", user: event.user });
  const user = await deps.users.lookup(event.user, logger);
  const conversation: ConversationRef = {
    platform: "slack",
    conversationId: event.channel ?? event.user,
    ...(teamId ? { teamId } : {}),
  };
  const reply = await homeScorecard(app, deps.handle, {
    kind: "command",
    text: HOME_COMMAND,
    user: { platform: "slack", id: event.user, ...(user.name ? { name: user.name } : {}) },
    conversation,
    ...(user.locale ? { locale: user.locale } : {}),
    at: app.clock.now(),
  });
  const home = homeReply(reply, app.clock.now(), app.config.KPIBOT_TIMEZONE);
  const images = await deps.charts.prepare(home, logger);
  // Buttons are left out: Home tab clicks carry no response_url to answer through.
  const { blocks } = renderReply(home, { images, surface: "home", interactive: false });
  await callSlack(deps.client, "views.publish", { user_id: event.user, view: { type: "home", blocks } });
  logger.info("home tab published");
}

/** The scorecard framed for the Home tab: how to ask, and when it was computed. */
export function homeReply(reply: Reply, now: Date, timeZone: string): Reply {
  const time = dateTimeFormat(reply.locale, timeZone, { dateStyle: "medium", timeStyle: "short" }).format(now);
  return {
    ...reply,
    blocks: [
      ...reply.blocks,
      { type: "divider" },
      {
        type: "context",
        text: `${t(reply.locale, "slack:home.hint")} · ${t(reply.locale, "slack:home.updated", { time })}`,
      },
    ],
  };
}

/** Registers the events: Home tab opened, and the bot joining a channel (saves the conversation reference). */
export function registerEvents(bolt: BoltApp, deps: SlackDeps): void {
  bolt.event("app_home_opened", async ({ event, body, context }) => {
    const meta = requestMeta(context);
    const parsed = appHomeOpenedSchema.safeParse(event);
    const envelope = eventEnvelopeSchema.safeParse(body);
    if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== "home")) return;
    const eventId = envelope.success ? envelope.data.event_id : undefined;
    // Slack retries an event it thinks was not received: publish once per event id.
    await afterAck();
    if (eventId && !(await deps.claims.claim(`slack.event:${eventId}`, "slack.event", REQUEST_WINDOW_MS))) return;
    try {
      await publishHome(deps, parsed.data, envelope.success ? envelope.data.team_id : undefined, meta);
    } catch (err) {
      deps.app.logger.error({ err, requestId: meta.requestId }, "publishing the Home tab failed");
    }
  });

  bolt.event("member_joined_channel", async ({ event, body, context }) => {
    const meta = requestMeta(context);
    const parsed = memberJoinedSchema.safeParse(event);
    if (!parsed.success) return;
    const envelope = eventEnvelopeSchema.safeParse(body);
    const fromEnvelope = envelope.success ? envelope.data.authorizations?.find((a) => a.is_bot)?.user_id : undefined;
    const botUserId = deps.botUserId() ?? (typeof context.botUserId === "string" ? context.botUserId : fromEnvelope);
    if (!botUserId || parsed.data.user !== botUserId) return;
    const logger = deps.app.logger.child({ requestId: meta.requestId, slack: "member_joined_channel" });
    const teamId = parsed.data.team ?? (envelope.success ? envelope.data.team_id : undefined);
    await rememberConversation(
      deps,
      { platform: "slack", conversationId: parsed.data.channel, ...(teamId ? { teamId } : {}) },
      logger,
    );
    logger.info({ channel: parsed.data.channel }, "kpibot joined a channel; conversation reference saved");
  });
}
