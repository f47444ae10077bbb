import { handleInteraction } from "../../src/commands/index.js";
import type { Clock } from "../../src/core/clock.js";
import type { ConversationRef, Interaction, Platform } from "../../src/core/interaction.js";
import { type Messenger, outcomeUnknown } from "../../src/core/messenger.js";
import { parseMarkup } from "../../src/reply/markup.js";
import type { Reply } from "../../src/reply/types.js";
import type { Provider } from "../../src/store/db.js";
import type { Messengers } from "../../src/surveys/index.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

/** The secret the survey tests configure (anonymous surveys need one). */
export const SECRET = "test-secret-0123456789abcdef";
/** The admin of the survey tests. */
export const ADMIN = { platform: "slack" as Platform, id: "UADMIN" };

/** A clock the test moves by hand. */
export interface MovableClock extends Clock {
  set(at: Date | string): void;
}

/** A clock fixed at `start` until moved. */
export function movableClock(start: Date | string): MovableClock {
  let now = new Date(start);
  return { now: () => new Date(now.getTime()), set: (at) => (now = new Date(at)) };
}

/** A messenger that records what it posts and updates (ids m1, m2…), or fails on demand. */
export interface RecordingMessenger extends Messenger {
  posts: { ref: ConversationRef; reply: Reply; messageId: string }[];
  updates: { ref: ConversationRef; messageId: string; reply: Reply }[];
  failFor: Set<string>;
  /** Conversations whose post times out: the platform does not say whether it posted (OUTCOME_UNKNOWN). */
  unknownFor: Set<string>;
}

/** A recording messenger. */
export function recordingMessenger(): RecordingMessenger {
  const m: RecordingMessenger = {
    posts: [],
    updates: [],
    failFor: new Set(),
    unknownFor: new Set(),
    async post(ref, reply) {
      if (m.failFor.has(ref.conversationId)) throw new Error(`channel_not_found (${ref.conversationId})`);
      if (m.unknownFor.has(ref.conversationId))
        throw outcomeUnknown(`post to ${ref.conversationId}`, new Error("timeout"));
      const messageId = `m${m.posts.length + 1}`;
      m.posts.push({ ref, reply, messageId });
      // As Slack does: a message addressed to a user id (U…) lands in the direct-message channel (D…).
      const dm = ref.platform === "slack" && ref.conversationId.startsWith("U");
      return dm ? { messageId, conversationId: `D${ref.conversationId.slice(1)}` } : { messageId };
    },
    async update(ref, messageId, reply) {
      m.updates.push({ ref, messageId, reply });
    },
  };
  return m;
}

/** A survey test app: fresh database, movable clock, one admin, KPIBOT_SECRET set, surveys registered. */
export interface SurveyTestApp extends TestApp {
  clock: MovableClock;
  slack: RecordingMessenger;
  /** Types a command as `user` in `channel` (default: the admin in #it-ops); returns the reply. */
  say(text: string, user?: { platform: Platform; id: string }, channel?: string): Promise<Reply>;
  /** Clicks a button as `user`, at the clock's time unless `at` is given. */
  click(actionId: string, value: string, user: { platform: Platform; id: string }, at?: Date): Promise<Reply>;
}

/** Builds a survey test app on one provider. */
export async function surveyTestApp(
  provider: Provider,
  opts: { start?: string; env?: Record<string, string>; messengers?: (slack: RecordingMessenger) => Messengers } = {},
): Promise<SurveyTestApp> {
  const clock = movableClock(opts.start ?? "2026-11-16T09:00:00Z");
  const test = await createTestApp(provider, {
    clock,
    env: { KPIBOT_SECRET: SECRET, KPIBOT_ADMINS: `${ADMIN.platform}:${ADMIN.id}`, ...opts.env },
  });
  const slack = recordingMessenger();
  Object.assign(test.app.messengers, opts.messengers ? opts.messengers(slack) : { slack });
  const conversation = (platform: Platform, id: string): ConversationRef => ({ platform, conversationId: id });
  return {
    ...test,
    clock,
    slack,
    say: (text, user = ADMIN, channel = "C-IT-OPS") =>
      handleInteraction(test.app, {
        kind: "command",
        text,
        user,
        conversation: conversation(user.platform, channel),
      } satisfies Interaction),
    click: (actionId, value, user, at) =>
      handleInteraction(test.app, {
        kind: "action",
        actionId,
        value,
        user,
        conversation: conversation(user.platform, "C-IT-OPS"),
        at: at ?? clock.now(),
      }),
  };
}

/** Reply markup with its escapes read (user text as typed), bold and code marks kept for assertions to see. */
function readable(markup: string): string {
  return parseMarkup(markup)
    .map((s) => {
      const text = s.code ? `\`${s.text}\`` : s.text;
      return s.bold ? `**${text}**` : text;
    })
    .join("");
}

/** All the text of a reply, for assertions on wording (see `readable`). */
export function textOf(reply: Reply): string {
  return reply.blocks
    .map((b) => {
      switch (b.type) {
        case "header":
        case "text":
        case "context":
          return readable(b.text);
        case "fields":
          return b.fields.map((f) => `${readable(f.label)}: ${readable(f.value)}`).join("\n");
        case "actions":
          return b.actions.map((a) => `[${a.label}]`).join(" ");
        case "chart":
          return `(chart ${b.spec.title})`;
        default:
          return "";
      }
    })
    .join("\n");
}

/** The answer buttons of a survey message, by question position (1-based) and label. */
export function buttons(reply: Reply): { actionId: string; label: string; value: string }[] {
  return reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
}
