/**
 * The longest command text or button value kpibot reads, in UTF-16 code units, checked once at the
 * core's entry for every parser (KPI questions, surveys, digests, alerts): longer ones are refused
 * with a reply that says the limit.
 */
export const MAX_COMMAND_CHARS = 2000;

/** The chat surfaces kpibot talks to. */
export type Platform = "slack" | "teams" | "mattermost" | "matrix" | "playground" | "cli";

/** What is needed to post into a conversation later. Stored in the database. */
export interface ConversationRef {
  platform: Platform;
  /** Slack channel id, Teams conversation id, playground session id, CLI conversation id. */
  conversationId: string;
  /** Slack team (workspace) id. */
  teamId?: string;
  /** Slack thread timestamp to reply in. */
  threadTs?: string;
  /** Teams: the Bot Framework service URL, tenant and bot id. */
  serviceUrl?: string;
  tenantId?: string;
  botId?: string;
  name?: string;
  /** Platform-specific extra (e.g. a full Bot Framework conversation reference), JSON-serialisable. */
  data?: unknown;
}

/** Who is asking. */
export interface ChatUserRef {
  platform: Platform;
  id: string;
  name?: string;
  email?: string;
}

/** A neutral interaction: a typed command, or a button click (action id + value). */
export type Interaction = {
  user: ChatUserRef;
  conversation: ConversationRef;
  /** The platform's locale when it says (e.g. "fr-FR"); otherwise the words decide. */
  locale?: string;
  /** When the interaction happened (the platform's timestamp or the clock). */
  at?: Date;
  /**
   * Who will read the answer: the asker alone (a private reply: a slash command, a DM — the default), or everyone
   * in the conversation (a channel thread, a Teams channel, a Matrix room). The adapter knows; the who-sees-what
   * rules then apply to the least of the readers.
   */
  seenBy?: "asker" | "conversation";
} & ({ kind: "command"; text: string } | { kind: "action"; actionId: string; value: string });
