import type { App as BoltApp } from "@slack/bolt";
import type { App } from "../../src/app.js";
import { recordQueueDepth } from "../../src/http/load-watch.js";
import { isShared } from "../../src/reply/share.js";
import { clickInteraction, onBlockActions } from "./click.js";
import {
  answered,
  deliver,
  fallbackLocale,
  REPLAY_WINDOW_MS,
  type RequestMeta,
  reportFailure,
  type SlackDeps,
} from "./deps.js";
import type { BlockActionsPayload } from "./payloads.js";
import { decodeActionId } from "./render/blocks.js";

/** A click's own time (Slack's action_ts) is trusted only this close to the clock; else the clock is used. */
const MAX_CLICK_SKEW_MS = 24 * 3_600_000;

// Buttons whose module de-duplicates them `per-click` (src/commands/router.ts; survey answers today): many people
// click the same channel message, and one person may click 4, then 5, then 4 again — each is a new answer. Only
// Slack's retries (and replays) of one click are dropped. The other buttons go to listeners/actions.ts.

/**
 * The claim key of one click: who clicked, and the click itself (action_ts, the same in Slack's retries
 * of one payload, different for each real click). Two clicks on the same value store one row anyway (a survey
 * answer is an upsert per person and question).
 * The key names the person, so it is never stored as such: dbClaims stores an HMAC of it under the server key.
 */
export function perClickKey(body: BlockActionsPayload, actionId: string, value: string): string {
  const action = body.actions[0];
  const click = action?.action_ts ?? body.trigger_id ?? "";
  return `slack.per-click:${JSON.stringify([body.team?.id ?? "", body.user.id, click, actionId, value])}`;
}

/** When the person clicked: Slack's action_ts when plausible, else now. */
export function clickTime(actionTs: string | undefined, now: Date): Date {
  const ms = Number(actionTs) * 1000;
  if (!Number.isFinite(ms) || ms <= 0 || Math.abs(ms - now.getTime()) > MAX_CLICK_SKEW_MS) return now;
  return new Date(Math.floor(ms));
}

/**
 * Answers a per-click button: the click is handled by the core (`survey.answer` → one upsert), and the reply is
 * sent privately to the person through the click's response_url (an ephemeral message, even under a
 * channel message), unless it is shared. Slack's retries of the same click are answered once.
 */
export async function answerPerClickAction(
  deps: SlackDeps,
  body: BlockActionsPayload,
  meta: RequestMeta,
): Promise<void> {
  const { app } = deps;
  const sent = body.actions[0];
  if (!sent) return;
  const actionId = decodeActionId(sent.action_id);
  const value = sent.value ?? "";
  const logger = app.logger.child({ requestId: meta.requestId, slack: "per-click", actionId });
  const key = perClickKey(body, actionId, value);
  // Claimed for as long as the signed request could be replayed, and no longer (a claim dates a click).
  if (!(await deps.claims.claim(key, "slack.per-click", REPLAY_WINDOW_MS))) {
    logger.info({ retryNum: meta.retryNum }, "click already handled (Slack retry); ignored");
    return;
  }
  const at = clickTime(sent.action_ts, app.clock.now());
  const { interaction, user } = await clickInteraction(deps, body, { actionId, value, at }, logger);
  let reply: Awaited<ReturnType<SlackDeps["handle"]>>;
  try {
    reply = await deps.handle(app, interaction);
  } catch (err) {
    // Not handled: a retry of this click may try again.
    await deps.claims.release(key).catch(() => undefined);
    await reportFailure(deps, body.response_url, err, fallbackLocale(deps, user.locale), meta, logger);
    return;
  }
  if (!body.response_url) {
    logger.info("click without a response_url (Home tab): handled, nothing to confirm through");
    return;
  }
  try {
    // Confirmations are private; a survey posted by the "Post here" button (no messenger) is for everyone.
    await deliver(
      deps,
      body.response_url,
      reply,
      { responseType: isShared(reply) ? "in_channel" : "ephemeral", replaceOriginal: false },
      logger,
    );
    answered(deps, meta);
  } catch (err) {
    // The answer is stored: keep the claim (a retry must not confirm twice), and do not claim a failure
    // through the same response_url that just failed.
    logger.warn({ err }, "click handled but its confirmation could not be posted");
  }
}

/**
 * Per-click buttons (survey answers) processed at once per database; the others wait their turn (already acknowledged). SQLite runs
 * one statement at a time anyway (more would only hold the event loop longer); PostgreSQL overlaps them.
 */
export const SURVEY_CLICK_CONCURRENCY = { sqlite: 2, postgresql: 8 } as const;

/**
 * A small queue: at most `limit` tasks run at once, and the event loop gets a turn before each one starts.
 * With SQLite every query runs synchronously, so a burst of clicks processed all at once would hold the loop
 * and delay the acknowledgements of new clicks past Slack's 3 seconds; queued, a burst is stored at the same
 * pace while every new click is acknowledged at once.
 */
export function clickQueue(
  limit: number,
  onDepth: (waiting: number) => void = () => undefined,
): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) {
      const turn = new Promise<void>((resolve) => waiting.push(resolve));
      onDepth(waiting.length);
      await turn;
      onDepth(waiting.length);
    }
    running++;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** The action ids of the router's `per-click` buttons (`survey.*`), or undefined when no module has any. */
export function perClickActionIds(app: App): RegExp | undefined {
  const prefixes = app.router
    .actions()
    .filter((a) => a.clicks === "per-click")
    .map((a) => a.prefix);
  // Prefixes are [a-z0-9-] (the router checks): nothing to escape.
  return prefixes.length > 0 ? new RegExp(`^(?:${prefixes.join("|")})\\.`) : undefined;
}

/** Registers the listener of the per-click buttons (action ids `survey.*`, with or without the `#n` suffix). */
export function registerPerClickActions(bolt: BoltApp, deps: SlackDeps): void {
  const ids = perClickActionIds(deps.app);
  if (!ids) return;
  const queue = clickQueue(SURVEY_CLICK_CONCURRENCY[deps.app.db.provider], (depth) =>
    recordQueueDepth(deps.app, "slack.per-click", depth),
  );
  onBlockActions(bolt, deps, ids, "malformed click ignored", (body, meta) =>
    queue(() => answerPerClickAction(deps, body, meta)),
  );
}
