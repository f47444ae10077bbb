import { randomUUID } from "node:crypto";
import type { ConversationRef } from "../../src/core/interaction.js";
import type { Messenger, PostedMessage } from "../../src/core/messenger.js";
import type { Reply } from "../../src/reply/types.js";

/** A message kpibot posted into a playground conversation (a digest, a survey, an alert…). */
export interface OutboxMessage {
  /** Grows with every post and update: the page asks for what came after the last one it saw. */
  seq: number;
  messageId: string;
  reply: Reply;
}

/**
 * The playground's Messenger: what digests, alerts and surveys post into a browser's conversation waits
 * here until the page asks for it (`GET /playground/api/messages`, polled). An update replaces the message
 * and gives it a new sequence number, so the page redraws it. In memory and bounded (recent messages of
 * recent conversations): the playground is a try-out, not an archive.
 */
export class PlaygroundOutbox {
  private seq = 0;
  private readonly conversations = new Map<string, OutboxMessage[]>();

  constructor(
    private readonly perConversation = 50,
    private readonly maxConversations = 1000,
  ) {}

  /** The port digests and surveys post through; only `playground` conversations exist here. */
  readonly messenger: Messenger = {
    post: async (ref: ConversationRef, reply: Reply): Promise<PostedMessage> => {
      const messageId = randomUUID();
      const list = this.list(ref.conversationId);
      list.push({ seq: ++this.seq, messageId, reply });
      if (list.length > this.perConversation) list.splice(0, list.length - this.perConversation);
      return { messageId };
    },
    update: async (ref: ConversationRef, messageId: string, reply: Reply): Promise<void> => {
      const list = this.list(ref.conversationId);
      const i = list.findIndex((m) => m.messageId === messageId);
      // Gone (evicted): the page no longer shows it either; post it again as the current version.
      if (i >= 0) list.splice(i, 1);
      list.push({ seq: ++this.seq, messageId, reply });
    },
  };

  /** The messages of a conversation posted or updated after `after`, oldest first. */
  since(conversationId: string, after: number): OutboxMessage[] {
    return (this.conversations.get(conversationId) ?? []).filter((m) => m.seq > after);
  }

  /** The latest sequence number handed out (a fresh page starts from here or from 0 to see recent ones). */
  get last(): number {
    return this.seq;
  }

  private list(conversationId: string): OutboxMessage[] {
    let list = this.conversations.get(conversationId);
    if (list === undefined) {
      list = [];
      this.conversations.set(conversationId, list);
      for (const key of this.conversations.keys()) {
        if (this.conversations.size <= this.maxConversations) break;
        this.conversations.delete(key);
      }
    } else {
      // Most recently used last, so the oldest conversation is the one evicted.
      this.conversations.delete(conversationId);
      this.conversations.set(conversationId, list);
    }
    return list;
  }
}
