import { createHash } from "node:crypto";
import type { App as BoltApp } from "@slack/bolt";
import { isShared, withoutShareButton } from "../../../src/reply/share.js";
import { clickInteraction, onBlockActions } from "../click.js";
import {
  answered,
  deliver,
  fallbackLocale,
  REPLAY_WINDOW_MS,
  type RequestMeta,
  reportFailure,
  type SlackDeps,
} from "../deps.js";
import type { BlockActionsPayload } from "../payloads.js";
import { perClickActionIds } from "../per-click.js";
import { decodeActionId } from "../render/blocks.js";

/** A double click of the same button within this window is answered once. */
export const CLICK_WINDOW_MS = 60_000;

/**
 * The claim key of one click itself (action_ts and trigger_id: the same in Slack's retries and in a replay of the
 * signed request, different for each real click). It is kept for the whole replay window (REPLAY_WINDOW_MS), which
 * the per-button key below is not: a deliberate click a minute later must be answered, a replayed request never.
 */
export function clickReplayKey(body: BlockActionsPayload, actionId: string, value: string): string {
  const click = [body.actions[0]?.action_ts ?? "", body.trigger_id ?? ""];
  return `slack.click:${JSON.stringify([body.team?.id ?? "", body.user.id, ...click, actionId, value])}`;
}

/**
 * The claim key of a click: who, the message, the button and its value — the same for a double click
 * (two payloads with different trigger ids) and for Slack's retry of one payload.
 */
export function clickKey(body: BlockActionsPayload, actionId: string, value: string): string {
  const where = [
    body.team?.id ?? "",
    // Per user: two people clicking the same button of a message everyone sees each get their answer.
    body.user.id,
    body.container?.channel_id ?? body.channel?.id ?? "",
    body.container?.message_ts ?? body.message?.ts ?? body.container?.view_id ?? "",
  ];
  return `slack.action:${createHash("sha256")
    .update(JSON.stringify([...where, actionId, value]))
    .digest("hex")}`;
}

/**
 * Answers a button (KPI ones: breakdown, previous period, explain, share) through the click's response_url:
 * a shared answer (Share) is posted in the channel; the others replace a private answer in place, or follow
 * up privately under a message everyone sees (never rewriting a shared message for everybody).
 */
export async function answerAction(deps: SlackDeps, body: BlockActionsPayload, meta: RequestMeta): Promise<void> {
  const { app } = deps;
  const sent = body.actions[0];
  if (!sent) return;
  const actionId = decodeActionId(sent.action_id);
  const value = sent.value ?? "";
  const channelId = body.container?.channel_id ?? body.channel?.id;
  const logger = app.logger.child({ requestId: meta.requestId, slack: "action", actionId, channel: channelId });
  if (!body.response_url) {
    logger.info("button without a response_url (Home tab or modal); nothing to answer through");
    return;
  }
  const replay = clickReplayKey(body, actionId, value);
  const key = clickKey(body, actionId, value);
  if (
    !(await deps.claims.claim(replay, "slack.click", REPLAY_WINDOW_MS)) ||
    !(await deps.claims.claim(key, "slack.action", CLICK_WINDOW_MS))
  ) {
    logger.info({ retryNum: meta.retryNum }, "button already answered (double click, Slack retry or replay); ignored");
    return;
  }
  const { interaction, user } = await clickInteraction(deps, body, { actionId, value, at: app.clock.now() }, logger);
  try {
    const reply = await deps.handle(app, interaction);
    // Files (an export) go to the channel of a shared answer, else to the clicker's DM with kpibot.
    const place = { channelId: body.container?.channel_id ?? body.channel?.id, userId: body.user.id };
    if (isShared(reply)) {
      // "Share in channel": the same answer, visible to everyone, as a new message.
      await deliver(deps, body.response_url, withoutShareButton(reply), { responseType: "in_channel" }, logger, place);
    } else {
      // A private answer is replaced in place (navigation); under a message everyone sees, a private follow-up.
      const inPlace = body.container?.is_ephemeral === true;
      await deliver(
        deps,
        body.response_url,
        reply,
        { responseType: "ephemeral", replaceOriginal: inPlace },
        logger,
        place,
      );
    }
    answered(deps, meta);
    logger.info("button answered");
  } catch (err) {
    // Not answered: a retry of this click may try again.
    await deps.claims.release(key).catch(() => undefined);
    await deps.claims.release(replay).catch(() => undefined);
    await reportFailure(deps, body.response_url, err, fallbackLocale(deps, user.locale), meta, logger);
  }
}

/**
 * Registers the buttons listener: every action goes to the core, which knows the KPI buttons
 * (`kpi.*`, sent with a `#n` uniqueness suffix) and the modules' ones — except those a module de-duplicates
 * per click (survey answers: 4 → 5 → 4 is three answers), which ../per-click.ts answers.
 */
export function registerActions(bolt: BoltApp, deps: SlackDeps): void {
  const perClick = perClickActionIds(deps.app);
  const ids = perClick ? new RegExp(`^(?!${perClick.source.slice(1)})`) : /^/;
  onBlockActions(bolt, deps, ids, "malformed block_actions ignored", (body, meta) => answerAction(deps, body, meta));
}
