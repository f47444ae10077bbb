import type { TurnContext } from "botbuilder";
import { neverReachedPlatform, outcomeUnknown } from "../../src/core/messenger.js";
import { t, toLocale } from "../../src/i18n/index.js";
import type { Logger } from "../../src/logger.js";
import type { Reply } from "../../src/reply/types.js";
import { type ChartSource, resolveChartImages } from "./images.js";
import { type CardMessage, cardMessage, renderAdaptiveCard } from "./render/card.js";
import { POST_RETRYABLE_STATUSES, type RetryPolicy, statusOf, withRetry } from "./retry.js";

/** What sending a reply needs. */
export interface SendDeps {
  charts: ChartSource;
  retry: RetryPolicy;
  logger: Logger;
}

/** Reply → the message activity to send: chart images resolved, card rendered within Teams' limits. */
export async function buildMessage(reply: Reply, deps: SendDeps): Promise<CardMessage> {
  const images = await resolveChartImages(reply, deps.charts);
  // The hint only helps where a public URL would have fixed it (local charts, no KPIBOT_PUBLIC_URL).
  const hint =
    deps.charts.mode === "local" && !(deps.charts.publicUrl && deps.charts.secret)
      ? t(toLocale(reply.locale) ?? "en", "teams:chartUnavailable")
      : undefined;
  const rendered = renderAdaptiveCard(reply, hint ? { images, missingImageNote: hint } : { images });
  if (rendered.degraded.length > 0) {
    deps.logger.warn(
      { degraded: rendered.degraded, bytes: rendered.bytes },
      "teams: card trimmed to fit Teams' limits",
    );
  }
  return cardMessage(reply, rendered);
}

function logRetry(logger: Logger, what: string) {
  return (info: { retry: number; status: number; delayMs: number }) =>
    logger.warn(info, `teams: connector answered ${info.status} to ${what}, retrying`);
}

/**
 * Sends a message in the turn's conversation (a reply to the inbound activity when there is one); returns its id.
 * A new message: retried only when the connector refused it (429, 412), never after a 5xx or a timeout, which may
 * come after Teams posted it (the person would see the answer twice).
 */
export async function sendWithRetry(ctx: TurnContext, message: CardMessage, deps: SendDeps): Promise<string> {
  const response = await withRetry(
    () => ctx.sendActivity(message),
    deps.retry,
    logRetry(deps.logger, "a post"),
    POST_RETRYABLE_STATUSES,
  );
  return response?.id ?? "";
}

/**
 * Posts a new proactive message (digests, alerts, surveys); returns its id. Retried only when the
 * connector refused it (429, 412): a 5xx, a timeout or a dropped connection may come after Teams
 * posted it, so the post is never repeated then — it fails with OUTCOME_UNKNOWN. Teams offers no way
 * to look for the message afterwards, so the caller must not re-post it blindly either.
 */
export async function postProactive(ctx: TurnContext, message: CardMessage, deps: SendDeps): Promise<string> {
  try {
    const response = await withRetry(
      () => ctx.sendActivity(message),
      deps.retry,
      logRetry(deps.logger, "a proactive post"),
      POST_RETRYABLE_STATUSES,
    );
    return response?.id ?? "";
  } catch (err) {
    const status = statusOf(err);
    const unknown = status === undefined ? !neverReachedPlatform(err) : status >= 500;
    if (!unknown) throw err;
    deps.logger.warn({ err, status }, "teams: the connector did not say whether it posted a message (not retried)");
    throw outcomeUnknown(`Teams post to ${ctx.activity.conversation?.id ?? "?"}`, err);
  }
}

/** Replaces an earlier message of the bot (PUT …/activities/{id}). */
export async function updateWithRetry(
  ctx: TurnContext,
  messageId: string,
  message: CardMessage,
  deps: SendDeps,
): Promise<void> {
  await withRetry(
    () => ctx.updateActivity({ ...message, id: messageId }),
    deps.retry,
    logRetry(deps.logger, "an update"),
  );
}
