import { z } from "zod";

// The fields of Slack's payloads the adapter reads, validated at the edge (Slack sends many more).

/** A slash command (form body of POST /slack/events, or a Socket Mode `slash_commands` envelope). */
export const slashCommandSchema = z.object({
  command: z.string(),
  text: z.string().default(""),
  response_url: z.url(),
  trigger_id: z.string().optional(),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  team_id: z.string().optional(),
  channel_id: z.string().min(1),
  channel_name: z.string().optional(),
});
/** A validated slash command. */
export type SlashCommandPayload = z.infer<typeof slashCommandSchema>;

/** A `block_actions` payload (a button click). */
export const blockActionsSchema = z.object({
  type: z.literal("block_actions"),
  trigger_id: z.string().optional(),
  response_url: z.url().optional(),
  user: z.object({ id: z.string().min(1), name: z.string().optional(), username: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  container: z
    .object({
      type: z.string(),
      message_ts: z.string().optional(),
      channel_id: z.string().optional(),
      is_ephemeral: z.boolean().optional(),
      view_id: z.string().optional(),
    })
    .optional(),
  message: z.object({ ts: z.string().optional() }).optional(),
  actions: z
    .array(z.object({ action_id: z.string(), value: z.string().optional(), action_ts: z.string().optional() }))
    .min(1),
});
/** A validated block_actions payload. */
export type BlockActionsPayload = z.infer<typeof blockActionsSchema>;

/** An Events API envelope (`event_callback`). */
export const eventEnvelopeSchema = z.object({
  event_id: z.string().optional(),
  team_id: z.string().optional(),
  authorizations: z.array(z.object({ user_id: z.string().optional(), is_bot: z.boolean().optional() })).optional(),
});

/** `app_home_opened`. */
export const appHomeOpenedSchema = z.object({
  type: z.literal("app_home_opened"),
  user: z.string().min(1),
  channel: z.string().optional(),
  tab: z.string().optional(),
});

/** `member_joined_channel`. */
export const memberJoinedSchema = z.object({
  type: z.literal("member_joined_channel"),
  user: z.string().min(1),
  channel: z.string().min(1),
  team: z.string().optional(),
});

/** `app_mention`: someone wrote `@kpibot …` in a channel kpibot is in (scope app_mentions:read). */
export const appMentionSchema = z.object({
  type: z.literal("app_mention"),
  user: z.string().min(1),
  text: z.string().max(40_000),
  ts: z.string().min(1),
  channel: z.string().min(1),
  thread_ts: z.string().optional(),
  team: z.string().optional(),
  bot_id: z.string().optional(),
});

/** `message.im`: a direct message to kpibot (its Messages tab; scope im:history). */
export const directMessageSchema = z.object({
  type: z.literal("message"),
  channel_type: z.literal("im"),
  user: z.string().min(1),
  text: z.string().max(40_000),
  ts: z.string().min(1),
  channel: z.string().min(1),
  thread_ts: z.string().optional(),
  team: z.string().optional(),
  // Edits, joins, bot messages (kpibot's own answers among them) carry a subtype or a bot_id: not questions.
  subtype: z.undefined().optional(),
  bot_id: z.undefined().optional(),
});
