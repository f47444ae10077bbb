import { KpibotError } from "../errors.js";
import type { Reply } from "../reply/types.js";
import type { ConversationRef, Platform } from "./interaction.js";

/** Where a posted message lives, so it can be updated later. */
export interface PostedMessage {
  messageId: string;
  /**
   * The conversation the message landed in, when the platform chose it: Slack posts addressed to a user id
   * land in the app's direct-message channel (D…), and updating the message needs that channel.
   */
  conversationId?: string;
}

/** How to post. */
export interface PostOptions {
  /**
   * An id the platform keeps with the message (Slack: message metadata), so `find` can tell later
   * whether a post whose outcome was unknown reached the conversation.
   */
  deliveryId?: string;
}

/**
 * Each adapter implements this port; digests and surveys only know the port.
 *
 * Posting is not idempotent on chat platforms: `post` never retries on its own after the platform
 * may have accepted the message (only after an explicit rate limit). When the outcome is unknown
 * (timeout, dropped connection, server error) it throws a KpibotError `OUTCOME_UNKNOWN`; any other
 * error means nothing was posted.
 */
export interface Messenger {
  post(ref: ConversationRef, reply: Reply, opts?: PostOptions): Promise<PostedMessage>;
  update(ref: ConversationRef, messageId: string, reply: Reply): Promise<void>;
  /**
   * Looks for a message posted with `deliveryId` in the conversation since `since` (Slack:
   * conversations.history with metadata); undefined when it is not there. Throws when it cannot
   * look everywhere it should. Absent when the platform offers no way to look (Teams): a post
   * whose outcome is unknown is then never re-sent automatically.
   */
  find?(ref: ConversationRef, deliveryId: string, since: Date): Promise<PostedMessage | undefined>;
  /**
   * The one-to-one conversation with a user of this platform, opened if needed (Mattermost: a direct channel
   * with the bot account). Absent when the platform has its own way (Slack posts to a user id; Teams needs a
   * conversation the user started).
   */
  direct?(userId: string): Promise<ConversationRef>;
  /**
   * The platform's user with this e-mail address, when the platform lets a bot look it up (Slack
   * users.lookupByEmail, Mattermost users/email); undefined when nobody has it. Ticket surveys reach requesters
   * who never talked to kpibot this way.
   */
  userByEmail?(email: string): Promise<string | undefined>;
}

/** Network errors that mean the request never reached the platform (nothing can have been posted). */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/** Whether an error (or one of its causes) says the connection was never made: the request surely posted nothing. */
export function neverReachedPlatform(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NEVER_SENT.has(code)) return true;
    e = (e as { cause?: unknown; original?: unknown }).cause ?? (e as { original?: unknown }).original;
  }
  return false;
}

/** The error a Messenger throws when the platform may have posted the message: `cause` says why it is unknown. */
export function outcomeUnknown(what: string, cause: unknown): KpibotError {
  return new KpibotError("OUTCOME_UNKNOWN", `${what}: the platform did not say whether it posted`, { cause });
}

/** The messengers of the configured chat platforms, by platform (digests, alerts and surveys post through them). */
export type Messengers = Partial<Record<Platform, Messenger>>;
