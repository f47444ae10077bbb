import { createHash, timingSafeEqual } from "node:crypto";
import type { Context, Hono } from "hono";
import type { App } from "../../src/app.js";
import { clickDedupe, leavesNoTrace, rememberConversation } from "../../src/commands/index.js";
import type { ConversationRef, Interaction } from "../../src/core/interaction.js";
import { nextTurn } from "../../src/core/turns.js";
import { interactionStarted, recordAck, recordAnswer } from "../../src/http/load-watch.js";
import { t, toLocale } from "../../src/i18n/index.js";
import type { Logger } from "../../src/logger.js";
import { isShared, withoutShareButton } from "../../src/reply/share.js";
import type { Reply } from "../../src/reply/types.js";
import type { Claims } from "../../src/store/idempotency.js";
import type { MattermostApi } from "./api.js";
import { type ActionCallback, actionCallbackSchema, type SlashCommand, slashCommandSchema } from "./inbound.js";
import type { MattermostPost, RenderOptions } from "./render.js";

/** Where Mattermost sends `/kpi` (the slash command's Request URL) and button clicks. */
export const MATTERMOST_COMMAND_PATH = "/mattermost/command";
export const MATTERMOST_ACTIONS_PATH = "/mattermost/actions";

/** A replayed command request is refused for a day; a double click on a KPI button within a minute. */
const COMMAND_WINDOW_MS = 24 * 3_600_000;
const CLICK_WINDOW_MS = 60_000;

/** What the routes need (built by createMattermost). */
export interface MattermostRouteDeps {
  app: App;
  api: MattermostApi;
  claims: Claims;
  /** The slash command tokens accepted (MATTERMOST_COMMAND_TOKEN); none → /mattermost/command is not served. */
  commandTokens: readonly string[];
  handle: (app: App, interaction: Interaction) => Promise<Reply>;
  /** A post to the channel, charts uploaded (the Messenger). */
  postShared: (ref: ConversationRef, reply: Reply) => Promise<void>;
  /** A private reply's post (charts as image links, buttons). */
  renderPrivate: (reply: Reply) => Promise<MattermostPost>;
  /** The user's Mattermost language, when it can be known quickly. */
  localeOf: (userId: string, logger: Logger) => Promise<string | undefined>;
  /** The signature written on a button (context.s) for its action and value. */
  sign: (actionId: string, value: string) => string;
  track: <T>(work: Promise<T>) => Promise<T>;
  logger: Logger;
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The command's token: the form's `token`, or `Authorization: Token …` (Mattermost sends both). */
function tokenOf(c: Context, body: Record<string, unknown>): string {
  const header = c.req.header("authorization") ?? "";
  const m = /^Token\s+(\S+)$/i.exec(header);
  return m?.[1] ?? (typeof body.token === "string" ? body.token : "");
}

async function readBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/json")) return (await c.req.json()) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(await c.req.text()));
}

/** Delivers a reply: in the channel when the core shared it, else privately to the person (ephemeral post). */
async function deliver(deps: MattermostRouteDeps, userId: string, where: ConversationRef, reply: Reply): Promise<void> {
  if (isShared(reply)) {
    await deps.postShared(where, withoutShareButton(reply));
    return;
  }
  await deps.api.createEphemeral(userId, where.conversationId, await deps.renderPrivate(reply), where.threadTs);
}

/**
 * Runs one interaction and delivers its reply, telling the person when it fails. `handled` is called once the core
 * has handled it (a survey answer is then stored), or once it failed: what a click acknowledged after its store
 * waits for.
 */
async function answer(
  deps: MattermostRouteDeps,
  who: { userId: string; userName?: string | undefined },
  where: ConversationRef,
  build: (locale: string | undefined) => Interaction,
  logger: Logger,
  receivedAt: number,
  handled: () => void = () => undefined,
): Promise<void> {
  const { app } = deps;
  const done = interactionStarted(app, "mattermost");
  try {
    const probe = build(undefined);
    const noTrace = await leavesNoTrace(app, probe).catch(() => true);
    if (!noTrace)
      await rememberConversation(app, where).catch((err: unknown) =>
        logger.warn({ err }, "mattermost: conversation not saved"),
      );
    const locale = await deps.localeOf(who.userId, logger);
    const reply = await deps.handle(app, build(locale));
    handled();
    await deliver(deps, who.userId, where, reply);
    recordAnswer(app, "mattermost", (performance.now() - receivedAt) / 1000);
    logger.info("mattermost: answered");
  } catch (err) {
    const ref = logger.bindings().requestId as string;
    logger.error({ err }, "mattermost: answering failed");
    const language =
      toLocale(await deps.localeOf(who.userId, logger).catch(() => undefined)) ?? app.config.KPIBOT_LOCALE;
    const text = t(language, "mattermost:error", { ref });
    await deps.api
      .createEphemeral(who.userId, where.conversationId, { message: `⚠️ ${text}`, props: {} })
      .catch((again: unknown) => logger.error({ err: again }, "mattermost: could not tell the user either"));
  } finally {
    handled();
    done();
  }
}

function commandInteraction(
  cmd: SlashCommand,
  where: ConversationRef,
  locale: string | undefined,
  at: Date,
): Interaction {
  return {
    kind: "command",
    text: cmd.text.trim(),
    user: { platform: "mattermost", id: cmd.user_id, ...(cmd.user_name ? { name: cmd.user_name } : {}) },
    conversation: where,
    ...(locale ? { locale } : {}),
    at,
  };
}

function clickInteraction(
  cb: ActionCallback,
  where: ConversationRef,
  locale: string | undefined,
  at: Date,
): Interaction {
  return {
    kind: "action",
    actionId: cb.context.a,
    value: cb.context.v,
    user: { platform: "mattermost", id: cb.user_id, ...(cb.user_name ? { name: cb.user_name } : {}) },
    conversation: where,
    ...(locale ? { locale } : {}),
    at,
  };
}

/**
 * Mounts `POST /mattermost/command` (the `/kpi` slash command, authenticated by its token) and
 * `POST /mattermost/actions` (button clicks, authenticated by the signature kpibot wrote in each button's
 * context — Mattermost keeps the context server-side and does not sign its calls). Both answer Mattermost at
 * once (an empty ephemeral response shows nothing) and deliver the answer through the REST API.
 */
export function mountMattermostRoutes(http: Hono, deps: MattermostRouteDeps): void {
  const { app } = deps;
  if (deps.commandTokens.length > 0) {
    http.post(MATTERMOST_COMMAND_PATH, async (c) => {
      const receivedAt = performance.now();
      const requestId = crypto.randomUUID().slice(0, 8);
      const logger = deps.logger.child({ requestId, mattermost: "command" });
      let body: Record<string, unknown>;
      try {
        body = await readBody(c);
      } catch {
        return c.json({ error: "unreadable body" }, 400);
      }
      const token = tokenOf(c, body);
      if (!token || !deps.commandTokens.some((expected) => sameSecret(token, expected))) {
        logger.warn("mattermost: refused a slash command with a wrong or missing token");
        return c.json({ error: "invalid token" }, 401);
      }
      const parsed = slashCommandSchema.safeParse(body);
      if (!parsed.success) return c.json({ error: "not a Mattermost slash command" }, 400);
      const cmd = parsed.data;
      // The same request replayed (its trigger id) is answered once.
      const key = `mattermost.command:${cmd.trigger_id ?? createHash("sha256").update(JSON.stringify(cmd)).digest("hex")}`;
      if (!(await deps.claims.claim(key, "mattermost.command", COMMAND_WINDOW_MS))) {
        logger.info("mattermost: slash command already answered; ignored");
        return c.json({ response_type: "ephemeral", text: "" });
      }
      const where: ConversationRef = {
        platform: "mattermost",
        conversationId: cmd.channel_id,
        teamId: cmd.team_id,
        ...(cmd.channel_name ? { name: cmd.channel_name } : {}),
        ...(cmd.root_id ? { threadTs: cmd.root_id } : {}),
      };
      const at = app.clock.now();
      // Tracked now (a stop or a test waits for it), started once Mattermost has its response.
      void deps.track(
        nextTurn().then(() =>
          answer(
            deps,
            { userId: cmd.user_id, userName: cmd.user_name },
            where,
            (locale) => commandInteraction(cmd, where, locale, at),
            logger,
            receivedAt,
          ),
        ),
      );
      recordAck(app, "mattermost", (performance.now() - receivedAt) / 1000);
      // Empty and ephemeral: Mattermost posts nothing; the answer follows through the API.
      return c.json({ response_type: "ephemeral", text: "" });
    });
  }
  http.post(MATTERMOST_ACTIONS_PATH, async (c) => {
    const receivedAt = performance.now();
    const requestId = crypto.randomUUID().slice(0, 8);
    const logger = deps.logger.child({ requestId, mattermost: "action" });
    let body: Record<string, unknown>;
    try {
      body = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json({ error: "the body must be JSON" }, 400);
    }
    const parsed = actionCallbackSchema.safeParse(body);
    if (!parsed.success) {
      logger.warn("mattermost: refused a click without kpibot's signed context");
      return c.json({ error: "not a kpibot button" }, 401);
    }
    const cb = parsed.data;
    if (!sameSecret(cb.context.s, deps.sign(cb.context.a, cb.context.v))) {
      logger.warn({ actionId: cb.context.a }, "mattermost: refused a click whose context kpibot did not sign");
      return c.json({ error: "not a kpibot button" }, 401);
    }
    const perClick = clickDedupe(app.router, cb.context.a) === "per-click";
    const key = perClick
      ? `mattermost.click:${JSON.stringify([cb.user_id, cb.trigger_id ?? crypto.randomUUID(), cb.context.a, cb.context.v])}`
      : `mattermost.button:${JSON.stringify([cb.user_id, cb.post_id ?? "", cb.context.a, cb.context.v])}`;
    const window = perClick ? 10 * 60_000 : CLICK_WINDOW_MS;
    if (!(await deps.claims.claim(key, perClick ? "mattermost.click" : "mattermost.button", window))) {
      logger.info("mattermost: click already handled; ignored");
      return c.json({});
    }
    const where: ConversationRef = {
      platform: "mattermost",
      conversationId: cb.channel_id,
      ...(cb.team_id ? { teamId: cb.team_id } : {}),
    };
    const at = app.clock.now();
    // A survey answer (its module says storesBeforeAck) is answered to Mattermost once it is stored: a click
    // acknowledged is a click stored. Every other click is answered at once and handled after.
    const storesFirst = app.router.action(cb.context.a)?.storesBeforeAck?.(cb.context.a) === true;
    let handled: () => void = () => undefined;
    const stored = new Promise<void>((resolve) => {
      handled = resolve;
    });
    const work = deps.track(
      nextTurn().then(() =>
        answer(
          deps,
          { userId: cb.user_id, userName: cb.user_name },
          where,
          (locale) => clickInteraction(cb, where, locale, at),
          logger,
          receivedAt,
          handled,
        ),
      ),
    );
    if (storesFirst) await Promise.race([stored, work]);
    else void work;
    recordAck(app, "mattermost", (performance.now() - receivedAt) / 1000);
    return c.json({});
  });
}

export type { RenderOptions };
