import { randomUUID } from "node:crypto";
import type { App } from "../../src/app.js";
import { leavesNoTrace, rememberConversation, repliesToClicker } from "../../src/commands/index.js";
import type { ConversationRef, Interaction } from "../../src/core/interaction.js";
import { interactionStarted, recordAnswer } from "../../src/http/load-watch.js";
import { t } from "../../src/i18n/index.js";
import type { Logger } from "../../src/logger.js";
import type { Reply } from "../../src/reply/types.js";
import type { Claims } from "../../src/store/idempotency.js";
import type { JoinedRoom, MatrixApi, RoomEvent, StrippedEvent } from "./api.js";
import { type MatrixMessengerDeps, type PendingActions, sendReply } from "./messenger.js";

/** Where the sync position is kept (the settings table): a restart resumes there and answers nothing twice. */
export const SINCE_KEY = "matrix.sync.since";

/** What the bot needs. */
export interface MatrixBotDeps {
  app: App;
  api: MatrixApi;
  claims: Claims;
  pending: PendingActions;
  messenger: MatrixMessengerDeps;
  handle: (app: App, interaction: Interaction) => Promise<Reply>;
  logger: Logger;
  /** The long poll's server-side wait (default 30 s). */
  pollMs?: number;
}

/** A message addressed to kpibot, read from a room event. */
export interface Addressed {
  text: string;
  /** The thread the message is in (its root event), to answer there. */
  threadRoot?: string;
}

/**
 * What a message asks kpibot, if it is for kpibot: `!kpi …` anywhere; a mention of the bot (m.mentions, or its
 * name first: `kpibot: fcr`); any message in a direct chat. Undefined otherwise.
 */
export function addressedToBot(event: RoomEvent, botUserId: string, direct: boolean): Addressed | undefined {
  if (event.type !== "m.room.message" || event.sender === botUserId) return undefined;
  const content = event.content as {
    msgtype?: unknown;
    body?: unknown;
    "m.relates_to"?: { rel_type?: unknown; event_id?: unknown };
    "m.mentions"?: { user_ids?: unknown };
  };
  if (content.msgtype !== "m.text" || typeof content.body !== "string") return undefined;
  // An edit is not a new question.
  if (content["m.relates_to"]?.rel_type === "m.replace") return undefined;
  const relation = content["m.relates_to"];
  const threadRoot =
    relation?.rel_type === "m.thread" && typeof relation.event_id === "string" ? relation.event_id : undefined;
  const body = content.body.trim();
  const localpart = botUserId.replace(/^@/, "").split(":")[0] ?? "";
  const prefixed = /^!kpi(?:\s+|$)([\s\S]*)$/i.exec(body);
  const mentions = Array.isArray(content["m.mentions"]?.user_ids) && content["m.mentions"].user_ids.includes(botUserId);
  const named = new RegExp(`^@?${localpart.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?::[^\\s]+)?[:,]?\\s+`, "i");
  let text: string | undefined;
  if (prefixed) text = prefixed[1] ?? "";
  else if (named.test(body)) text = body.replace(named, "");
  else if (mentions) text = body.replace(new RegExp(botUserId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g"), " ");
  else if (direct) text = body;
  if (text === undefined) return undefined;
  return { text: text.replace(/\s+/g, " ").trim() || "help", ...(threadRoot ? { threadRoot } : {}) };
}

/** Whether a room's state (from an invite or a sync) says it is end-to-end encrypted. */
export function isEncrypted(events: readonly (RoomEvent | StrippedEvent)[] | undefined): boolean {
  return (events ?? []).some((e) => e.type === "m.room.encryption");
}

/** The running sync loop. */
export interface MatrixBot {
  /** One sync round (what the loop repeats): joins invites, answers messages, saves the position. */
  syncOnce(signal?: AbortSignal): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  botUserId(): string | undefined;
}

/**
 * kpibot as a Matrix bot account: it long-polls /sync from the stored position, joins the rooms it is invited to
 * (and leaves an end-to-end encrypted one after saying why), answers `!kpi …`, mentions and direct messages in
 * the room or thread, and picks numbered actions (`!kpi 2`). The position is saved after each round; a message
 * seen again after a crash is claimed by its event id and answered once.
 */
export function matrixBot(deps: MatrixBotDeps): MatrixBot {
  const { app, api, logger } = deps;
  let me: string | undefined;
  let since: string | undefined;
  let loaded = false;
  const encrypted = new Set<string>();
  const members = new Map<string, number>();
  let stopping: AbortController | undefined;
  let loop: Promise<void> | undefined;

  const refuseEncrypted = async (roomId: string) => {
    const text = t(app.config.KPIBOT_LOCALE, "matrix:encrypted");
    await api
      .send(roomId, "m.room.message", { msgtype: "m.notice", body: text, "m.mentions": {} }, `kpibot.e2e.${roomId}`)
      .catch((err: unknown) => logger.warn({ err, room: roomId }, "matrix: could not say why kpibot leaves"));
    await api.leave(roomId, "end-to-end encrypted rooms are not supported yet").catch(() => undefined);
    logger.warn({ room: roomId }, "matrix: left an end-to-end encrypted room (not supported)");
  };

  const answer = async (roomId: string, event: RoomEvent, asked: Addressed, direct: boolean) => {
    const started = performance.now();
    const done = interactionStarted(app, "matrix");
    const where: ConversationRef = { platform: "matrix", conversationId: roomId };
    const reply_to: ConversationRef = asked.threadRoot ? { ...where, threadTs: asked.threadRoot } : where;
    const log = logger.child({ requestId: randomUUID().slice(0, 8), room: roomId, event: event.event_id });
    try {
      if (!(await deps.claims.claim(`matrix.event:${event.event_id}`, "matrix.event", 7 * 24 * 3_600_000))) return;
      const number = /^\d{1,2}$/.exec(asked.text);
      const picked = number ? deps.pending.pick(roomId, event.sender, Number(number[0])) : undefined;
      const user = { platform: "matrix" as const, id: event.sender };
      // In a room everyone reads the answer; in a direct chat the asker alone.
      const seenBy = direct ? ("asker" as const) : ("conversation" as const);
      const interaction: Interaction = picked
        ? {
            kind: "action",
            actionId: picked.actionId,
            value: picked.value,
            user,
            conversation: where,
            at: app.clock.now(),
            seenBy,
          }
        : { kind: "command", text: asked.text, user, conversation: where, at: app.clock.now(), seenBy };
      if (number && !picked) {
        const text = t(app.config.KPIBOT_LOCALE, "matrix:noChoice", { n: number[0] });
        await sendReply(
          deps.messenger,
          reply_to,
          { locale: app.config.KPIBOT_LOCALE, fallback: text, blocks: [{ type: "text", text }] },
          { deliveryId: event.event_id },
        );
        return;
      }
      if (!(await leavesNoTrace(app, interaction).catch(() => true))) await rememberConversation(app, where);
      const reply = await deps.handle(app, interaction);
      // A reply meant for the clicker alone (a survey answer's confirmation) never goes to a shared room.
      let target = reply_to;
      if (picked && !direct && repliesToClicker(app.router, picked.actionId)) {
        target = { platform: "matrix", conversationId: await api.createDirectRoom(event.sender) };
      }
      await sendReply(deps.messenger, target, reply, { deliveryId: event.event_id, forUser: event.sender });
      recordAnswer(app, "matrix", (performance.now() - started) / 1000);
      log.info("matrix: answered");
    } catch (err) {
      log.error({ err }, "matrix: answering failed");
      const text = t(app.config.KPIBOT_LOCALE, "matrix:error", { ref: event.event_id });
      await sendReply(
        deps.messenger,
        reply_to,
        { locale: app.config.KPIBOT_LOCALE, fallback: text, blocks: [{ type: "text", text: `⚠️ ${text}` }] },
        { deliveryId: `${event.event_id}.error` },
      ).catch(() => undefined);
    } finally {
      done();
    }
  };

  const room = async (roomId: string, joined: JoinedRoom, catchingUp: boolean) => {
    const state = [...(joined.state?.events ?? []), ...(joined.timeline?.events ?? [])];
    const count = joined.summary?.["m.joined_member_count"];
    if (typeof count === "number") members.set(roomId, count);
    if (isEncrypted(state) || (joined.timeline?.events ?? []).some((e) => e.type === "m.room.encrypted")) {
      if (!encrypted.has(roomId)) {
        encrypted.add(roomId);
        await refuseEncrypted(roomId);
      }
      return;
    }
    // The first sync of a new bot (no stored position) catches up on history: nothing there is answered.
    if (catchingUp || !me) return;
    const direct = members.get(roomId) === 2;
    for (const event of joined.timeline?.events ?? []) {
      const asked = addressedToBot(event, me, direct);
      if (asked) await answer(roomId, event, asked, direct);
    }
  };

  const syncOnce = async (signal?: AbortSignal) => {
    if (!loaded) {
      since = (await app.repos.settings.get(SINCE_KEY)) ?? undefined;
      loaded = true;
    }
    me ??= (await api.whoami()).user_id;
    const catchingUp = since === undefined;
    const res = await api.sync(since, catchingUp ? 0 : (deps.pollMs ?? 30_000), signal);
    for (const [roomId, invite] of Object.entries(res.rooms?.invite ?? {})) {
      if (isEncrypted(invite.invite_state?.events)) {
        // Joined only to say why it cannot stay (an invite cannot be answered otherwise).
        await api.join(roomId).catch((err: unknown) => logger.warn({ err, room: roomId }, "matrix: join failed"));
        encrypted.add(roomId);
        await refuseEncrypted(roomId);
        continue;
      }
      await api.join(roomId).then(
        () => logger.info({ room: roomId }, "matrix: joined a room kpibot was invited to"),
        (err: unknown) => logger.warn({ err, room: roomId }, "matrix: could not join a room it was invited to"),
      );
    }
    for (const [roomId, joined] of Object.entries(res.rooms?.join ?? {})) await room(roomId, joined, catchingUp);
    since = res.next_batch;
    await app.repos.settings.set(SINCE_KEY, since, "matrix");
  };

  return {
    syncOnce,
    botUserId: () => me,
    async start() {
      try {
        me = (await api.whoami()).user_id;
        logger.info({ user: me }, "connected to Matrix");
      } catch (err) {
        logger.error({ err }, "matrix: the access token was refused (GET /account/whoami); check MATRIX_ACCESS_TOKEN");
        return;
      }
      stopping = new AbortController();
      const signal = stopping.signal;
      loop = (async () => {
        let backoff = 1000;
        while (!signal.aborted) {
          try {
            await syncOnce(signal);
            backoff = 1000;
          } catch (err) {
            if (signal.aborted) break;
            logger.warn({ err, retryInMs: backoff }, "matrix: sync failed; retrying");
            await new Promise((resolve) => setTimeout(resolve, backoff));
            backoff = Math.min(backoff * 2, 60_000);
          }
        }
      })();
    },
    async stop() {
      stopping?.abort();
      await loop;
    },
  };
}
