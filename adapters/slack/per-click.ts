import type { ReceiverEvent } from "@slack/bolt";
import type { App } from "../../src/app.js";
import type { Interaction } from "../../src/core/interaction.js";
import { turnIfBacklogged } from "../../src/core/turns.js";
import { toLocale } from "../../src/i18n/index.js";
import type { Logger } from "../../src/logger.js";
import { isShared } from "../../src/reply/share.js";
import type { Reply } from "../../src/reply/types.js";
import { clickInteraction } from "./click.js";
import {
  afterAck,
  answered,
  deliver,
  eventMeta,
  fallbackLocale,
  REPLAY_WINDOW_MS,
  type RequestMeta,
  reportFailure,
  type SlackDeps,
} from "./deps.js";
import { type BlockActionsPayload, blockActionsSchema } from "./payloads.js";
import type { DirectLane } from "./receivers/in-flight.js";
import { decodeActionId } from "./render/blocks.js";

/** Steps waiting for a turn (mostly confirmations) from which a new click is held back (turnIfBacklogged). */
const CONFIRMATION_BACKLOG = 64;

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
 * Answers a per-click button. A survey answer (its module says `storesBeforeAck`) is stored before Slack is
 * acknowledged: the core's `survey.answer` upserts it through the group commit (one transaction for the clicks of the
 * same instant), and only once that transaction is committed does Slack get its 200 — a click acknowledged is a click
 * stored; a crash before the commit leaves the click unacknowledged (the person sees Slack's error and clicks again),
 * never acknowledged and lost. Slack's retries and replays of the same click store the same row again (the upsert is
 * idempotent: same click, same order) and are not confirmed twice. The other per-click buttons (post, results) are
 * acknowledged at once and handled once per click.
 */
export async function answerPerClickAction(
  deps: SlackDeps,
  body: BlockActionsPayload,
  meta: RequestMeta,
  ack: () => Promise<void>,
): Promise<void> {
  const { app } = deps;
  const sent = body.actions[0];
  if (!sent) return ack();
  const actionId = decodeActionId(sent.action_id);
  const value = sent.value ?? "";
  const logger = app.logger.child({ requestId: meta.requestId, slack: "per-click", actionId });
  const key = perClickKey(body, actionId, value);
  // Claimed for as long as the signed request could be replayed, and no longer (a claim dates a click).
  const claim = () => deps.claims.claim(key, "slack.per-click", REPLAY_WINDOW_MS);
  const storesFirst = app.router.action(actionId)?.storesBeforeAck?.(actionId) === true;
  if (!storesFirst) {
    await ack();
    await afterAck();
    if (!(await claim())) {
      logger.info({ retryNum: meta.retryNum }, "click already handled (Slack retry); ignored");
      return;
    }
  }
  const at = clickTime(sent.action_ts, app.clock.now());
  let reply: Awaited<ReturnType<SlackDeps["handle"]>>;
  let locale: string | undefined;
  let interaction: Interaction;
  try {
    const click = await clickInteraction(deps, body, { actionId, value, at }, logger, storesFirst ? "known" : "wait");
    locale = click.user.locale;
    interaction = click.interaction;
    reply = await deps.handle(app, interaction);
  } catch (err) {
    // Not handled: a retry of this click may try again, and the person is told.
    if (storesFirst) await ack();
    else await deps.claims.release(key).catch(() => undefined);
    await reportFailure(deps, body.response_url, err, fallbackLocale(deps, locale), meta, logger);
    return;
  }
  if (storesFirst) {
    await ack();
    if (body.response_url && !(await claim())) {
      logger.info({ retryNum: meta.retryNum }, "click already confirmed (Slack retry); stored again, not confirmed");
      return;
    }
    if (!locale) reply = await inTheirLanguage(deps, interaction, reply, logger);
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
    // Handled: keep the claim (a retry must not confirm twice), and do not claim a failure
    // through the same response_url that just failed.
    logger.warn({ err }, "click handled but its confirmation could not be posted");
  }
}

/**
 * The confirmation of a click by someone whose profile was not known when it was stored (their first click): once
 * the profile is looked up (after the acknowledgement), a confirmation written in another language than theirs is
 * written again in theirs by handling the click again — the same click stores the same row (an idempotent upsert).
 */
async function inTheirLanguage(
  deps: SlackDeps,
  interaction: Interaction,
  reply: Reply,
  logger: Logger,
): Promise<Reply> {
  const profile = await deps.users.lookup(interaction.user.id, logger);
  const theirs = toLocale(profile.locale);
  if (!theirs || theirs === reply.locale) return reply;
  try {
    return await deps.handle(deps.app, { ...interaction, locale: profile.locale as string });
  } catch (err) {
    logger.warn({ err }, "could not write the confirmation in the person's language; sent in the default one");
    return reply;
  }
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

/**
 * The lane of the per-click buttons (action ids `survey.*`, with or without the `#n` suffix), taken by the receiver
 * before Bolt (receivers/in-flight.ts `DirectLane`): the request is already verified, and these clicks need nothing of
 * Bolt's middleware (no client, no say, no respond) — under a burst of survey answers, that chain was a tenth of each
 * click's CPU. Unlike the other buttons (acknowledged at once, listeners/actions.ts, which leave these ids alone), a
 * click is acknowledged once it is stored. Undefined when no module has per-click buttons.
 */
export function perClickLane(deps: SlackDeps): DirectLane | undefined {
  const ids = perClickActionIds(deps.app);
  if (!ids) return undefined;
  return (body) => {
    // Bolt's own routing of an action: a block_actions payload, by the id of its first action.
    if (body.type !== "block_actions" || !Array.isArray(body.actions)) return undefined;
    const first: unknown = body.actions[0];
    const id = typeof first === "object" && first !== null ? (first as { action_id?: unknown }).action_id : undefined;
    if (typeof id !== "string" || !ids.test(id)) return undefined;
    return (event) => answerPerClick(deps, event);
  };
}

async function answerPerClick(deps: SlackDeps, event: ReceiverEvent): Promise<void> {
  const meta = eventMeta(event);
  const parsed = blockActionsSchema.safeParse(event.body);
  if (!parsed.success) {
    await event.ack();
    deps.app.logger.warn({ requestId: meta.requestId, issues: parsed.error.issues }, "malformed click ignored");
    return;
  }
  // Stored as it arrives, without waiting for a turn (src/core/turns.ts): the work before the acknowledgement is a
  // fraction of a millisecond (reads of one row, a keyed hash, the upsert handed to the group commit), like any
  // request handler's; a turn there only delayed every acknowledgement behind the queue of confirmations. The
  // confirmation, built and rendered after the ack, takes its turn (deliver). But when confirmations pile up (a
  // burst faster than they can be written), the click is held until half of them are out, then goes with the other
  // clicks held (one group commit): acknowledgements keep the pace of the confirmations, which then stay well under
  // Slack's 3 s instead of falling further behind with every click.
  await turnIfBacklogged(CONFIRMATION_BACKLOG);
  await answerPerClickAction(deps, parsed.data, meta, () => event.ack());
}
