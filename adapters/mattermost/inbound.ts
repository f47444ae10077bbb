import { z } from "zod";

/**
 * The request Mattermost sends for a custom slash command (form-encoded, or JSON), as documented at
 * developers.mattermost.com/integrate/slash-commands/custom: who, where, the words, and the command's token.
 */
export const slashCommandSchema = z.object({
  token: z.string().optional(),
  team_id: z.string().min(1).max(64),
  team_domain: z.string().max(256).optional(),
  channel_id: z.string().min(1).max(64),
  channel_name: z.string().max(256).optional(),
  user_id: z.string().min(1).max(64),
  user_name: z.string().max(256).optional(),
  command: z.string().max(256).optional(),
  text: z.string().max(40_000).default(""),
  trigger_id: z.string().max(4096).optional(),
  root_id: z.string().max(64).optional(),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

/**
 * What the Mattermost server POSTs to a button's integration URL when someone clicks it (interactive message
 * actions): the clicker as the server authenticated them, the post, and the context kpibot wrote on the button.
 */
export const actionCallbackSchema = z.object({
  user_id: z.string().min(1).max(64),
  user_name: z.string().max(256).optional(),
  channel_id: z.string().min(1).max(64),
  team_id: z.string().max(64).optional(),
  post_id: z.string().max(64).optional(),
  trigger_id: z.string().max(4096).optional(),
  context: z.object({
    /** The neutral action id (kpi.breakdown, survey.answer…). */
    a: z.string().min(1).max(200),
    /** The button's value. */
    v: z.string().max(4000),
    /** HMAC of a and v under kpibot's key: only kpibot wrote this button. */
    s: z.string().min(1).max(200),
  }),
});
export type ActionCallback = z.infer<typeof actionCallbackSchema>;
