import type { Reply } from "../reply/types.js";
import type { ConversationRef } from "./interaction.js";

/** Where a posted message lives, so it can be updated later. */
export interface PostedMessage {
  messageId: string;
  /**
   * The conversation the message landed in, when the platform chose it: Slack posts addressed to a user id
   * land in the app's direct-message channel (D…), and updating the message needs that channel.
   */
  conversationId?: string;
}

/** Each adapter implements this port; digests and surveys only know the port. */
export interface Messenger {
  post(ref: ConversationRef, reply: Reply): Promise<PostedMessage>;
  update(ref: ConversationRef, messageId: string, reply: Reply): Promise<void>;
}
