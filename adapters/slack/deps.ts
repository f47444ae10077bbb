import type { ReceiverEvent } from "@slack/bolt";
import type { App } from "../../src/app.js";
import { leavesNoTrace, rememberConversation as rememberConversationOnce } from "../../src/commands/index.js";
import type { ConversationRef, Interaction } from "../../src/core/interaction.js";
import type { Messenger } from "../../src/core/messenger.js";
import { nextTurn } from "../../src/core/turns.js";
import { recordAnswer } from "../../src/http/load-watch.js";
import { type Locale, toLocale } from "../../src/i18n/index.js";
import type { Logger } from "../../src/logger.js";
import type { Reply } from "../../src/reply/types.js";
import type { Claims } from "../../src/store/idempotency.js";
import type { WebClient } from "./api.js";
import type { ChartPreparer } from "./charts.js";
import { type AskerPlace, uploadReplyFiles } from "./files.js";
import { MAX_CLOCK_SKEW_SECONDS } from "./receivers/verify.js";
import { renderReply } from "./render/blocks.js";
import { failureReply, type ResponseOptions, type ResponsePoster } from "./respond.js";
import type { UserDirectory } from "./users.js";

/** The core's entry point (handleInteraction), injectable so tests can hold an answer back. */
export type HandleFn = (app: App, interaction: Interaction) => Promise<Reply>;

/** What the listeners need, built once by createSlackAdapter. */
export interface SlackDeps {
  app: App;
  client: WebClient;
  claims: Claims;
  handle: HandleFn;
  charts: ChartPreparer;
  users: UserDirectory;
  respond: ResponsePoster;
  /** Posts replies in conversations (mentions and DMs are answered with it, in their thread). */
  messenger: Messenger;
  /** The bot's own user id once known (auth.test or an event's authorizations). */
  botUserId(): string | undefined;
}

/** Per-request facts carried from the receiver to the listeners (Bolt custom properties). */
export interface RequestMeta {
  requestId: string;
  retryNum?: number;
  /** When the receiver got the request (performance.now()), for the answer delay. */
  receivedAt?: number;
}

/**
 * Lets the acknowledgement reach Slack before any work starts: database calls (synchronous with
 * SQLite) and CPU (charts) would otherwise run between `ack()` and the HTTP response being written. The work
 * then starts at its turn (src/core/turns.ts), one request per loop iteration.
 */
export function afterAck(): Promise<void> {
  return nextTurn();
}

/** How long a handled request or event stays claimed: Slack retries within minutes, replays are rejected by age. */
export const REQUEST_WINDOW_MS = 24 * 3_600_000;

/**
 * How long a signed request can be replayed, so how long its claim must last: the receiver accepts a timestamp up to
 * 5 minutes either side of its clock, so a request stamped 5 minutes ahead stays acceptable until 10 minutes after
 * it first arrives. A click claimed for less could be replayed (the same signed bytes) and answered again.
 */
export const REPLAY_WINDOW_MS = 2 * MAX_CLOCK_SKEW_SECONDS * 1000;

/** Reads the request id and retry number Bolt put in the listener context. */
export function requestMeta(context: Record<string, unknown>): RequestMeta {
  const requestId = typeof context.requestId === "string" ? context.requestId : "unknown";
  const retryNum = typeof context.retryNum === "number" ? context.retryNum : undefined;
  const receivedAt = typeof context.receivedAt === "number" ? context.receivedAt : undefined;
  return {
    requestId,
    ...(retryNum !== undefined ? { retryNum } : {}),
    ...(receivedAt !== undefined ? { receivedAt } : {}),
  };
}

/** The same, for a request a lane takes around Bolt (receivers/in-flight.ts): Bolt would have built that context. */
export function eventMeta(event: ReceiverEvent): RequestMeta {
  return requestMeta({ ...event.customProperties, retryNum: event.retryNum });
}

/** The language for messages the adapter writes itself (failures): Slack's locale, else the default. */
export function fallbackLocale(deps: SlackDeps, slackLocale: string | undefined): Locale {
  return toLocale(slackLocale) ?? deps.app.config.KPIBOT_LOCALE;
}

/**
 * Saves the conversation a user talked to kpibot in, so digests and surveys can post there later, through
 * the core's once-an-hour memory (the core's own save of the same message is then a cache hit). A failure
 * is logged: answering matters more.
 */
export async function rememberConversation(deps: SlackDeps, ref: ConversationRef, logger: Logger): Promise<void> {
  try {
    await rememberConversationOnce(deps.app, ref);
  } catch (err) {
    logger.warn({ err, channel: ref.conversationId }, "could not save the conversation reference");
  }
}

/**
 * Whether the adapter must record nothing about who sent this interaction (an answer to an anonymous survey: the
 * core's leavesNoTrace). When that cannot be told (the database failed), nothing is recorded either.
 */
export async function leavesNoTraceOf(deps: SlackDeps, interaction: Interaction, logger: Logger): Promise<boolean> {
  try {
    return await leavesNoTrace(deps.app, interaction);
  } catch (err) {
    logger.warn({ err }, "could not tell whether this interaction must leave no trace; recording nothing");
    return true;
  }
}

/** Pictures and files (uploaded where the asker can take them), rendering, then one post to the response_url. */
export async function deliver(
  deps: SlackDeps,
  url: string,
  reply: Reply,
  opts: ResponseOptions,
  logger: Logger,
  place: AskerPlace = {},
): Promise<void> {
  const [images, files] = await Promise.all([
    deps.charts.prepare(reply, logger),
    uploadReplyFiles(deps, reply, place, opts.responseType === "in_channel", logger),
  ]);
  await nextTurn();
  await deps.respond(url, renderReply(reply, { images, files }), opts);
}

/** Logs a failed answer with its request id and tells the user in words (never a stack trace). */
export async function reportFailure(
  deps: SlackDeps,
  url: string | undefined,
  err: unknown,
  locale: Locale,
  meta: RequestMeta,
  logger: Logger,
): Promise<void> {
  logger.error({ err, requestId: meta.requestId }, "answering a Slack request failed");
  if (!url) return;
  try {
    await deps.respond(url, renderReply(failureReply(err, locale, meta.requestId)), { responseType: "ephemeral" });
  } catch (again) {
    logger.error({ err: again, requestId: meta.requestId }, "could not tell the user about the failure either");
  }
}

/** Records how long the person waited for this answer (from the request's arrival to its delivery). */
export function answered(deps: SlackDeps, meta: RequestMeta): void {
  if (meta.receivedAt !== undefined) recordAnswer(deps.app, "slack", (performance.now() - meta.receivedAt) / 1000);
}
