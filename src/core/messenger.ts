import type { Reply } from "../reply/types.js";
import type { ConversationRef } from "./interaction.js";

/** Where a posted message lives, so it can be updated later. */
export interface PostedMessage {
  messageId: string;
}

/** Each adapter implements this port; digests and surveys only know the port. */
export interface Messenger {
  post(ref: ConversationRef, reply: Reply): Promise<PostedMessage>;
  update(ref: ConversationRef, messageId: string, reply: Reply): Promise<void>;
}
