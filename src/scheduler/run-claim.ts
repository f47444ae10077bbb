import type { ConversationRef } from "../core/interaction.js";
import type { Messenger, PostedMessage } from "../core/messenger.js";
import { isKpibotError, KpibotError } from "../errors.js";
import { formatDateTime } from "../format/index.js";
import { t } from "../i18n/index.js";
import { messageReply } from "../reply/catalog-replies.js";
import { userText } from "../reply/markup.js";
import type { Claim } from "../store/repositories.js";
import { adminMessenger, channelOf } from "./admin-report.js";
import type { Job, RunContext, RunEvent } from "./job.js";

/** A message an earlier attempt may have posted is looked for from this long before the fire (clocks differ). */
const LOOK_BACK_MS = 10 * 60_000;

/**
 * What went wrong, for the log's `error` column and the admins: the cause (a Slack error code, an
 * HTTP status, a timeout), not the apology written for a chat user that wraps it.
 */
export function causeText(e: unknown): string {
  const parts: string[] = [];
  for (let err: unknown = e, depth = 0; err !== undefined && err !== null && depth < 5; depth++) {
    const message = err instanceof Error ? err.message : String(err);
    // A KpibotError wrapping a platform error says it for a user: keep the platform's words instead.
    const wrapper = isKpibotError(err) && err.code === "PLATFORM_ERROR" && err.cause !== undefined;
    // Causes often repeat their wrapper's words ("A request error occurred: <cause's message>").
    if (!wrapper && !parts.some((p) => p.includes(message))) parts.push(message);
    const next = err instanceof Error ? err.cause : undefined;
    if (next === undefined) break;
    err = next;
  }
  const text = parts.join(": ") || String(e);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** The id a post carries on the platform (Slack metadata), so a later attempt can find it: `digest:42`. */
export function deliveryIdOf(job: Job, claim: Claim): string {
  return `${job.kind}:${claim.id}`;
}

/** Tells the admin channel about a fire (gave up, or outcome unknown); never throws (a report that fails is logged). */
async function report(
  ctx: RunContext,
  job: Job,
  claim: Claim,
  key: "failed" | "unknown",
  error: string,
): Promise<void> {
  const { app } = ctx;
  const admin = await adminMessenger(app, ctx.messengers);
  const locale = app.config.KPIBOT_LOCALE;
  const what = await job.describe(ctx, claim).catch(() => `${job.kind} #${claim.ownerId}`);
  // The job's description and the error quote names and values users chose: text in the report.
  const text = t(locale, `digests:report.${key}`, {
    what: userText(what),
    fire: formatDateTime(claim.fireTime, locale, app.config.KPIBOT_TIMEZONE),
    attempts: claim.attempts,
    error: userText(error),
  });
  if (!admin) {
    app.logger.error(
      { job: job.kind, id: claim.ownerId, error },
      `${key} (no KPIBOT_ADMIN_CHANNEL messenger): ${what}`,
    );
    return;
  }
  try {
    await admin.messenger.post(admin.ref, messageReply(text, locale, key === "failed" ? "error" : "warning"));
  } catch (e) {
    app.logger.error({ err: e, job: job.kind, id: claim.ownerId }, "could not report to the admin channel");
  }
}

/** Records a failed attempt (nothing posted): a retry later, or, after the last attempt, "failed" and a report. */
async function fail(ctx: RunContext, job: Job, claim: Claim, e: unknown): Promise<void> {
  const error = causeText(e);
  const final = claim.attempts >= ctx.policy.maxAttempts;
  const status = final ? "failed" : "retry";
  ctx.app.logger.warn({ job: job.kind, id: claim.ownerId, attempts: claim.attempts, error }, `${job.kind} ${status}`);
  if (!(await ctx.app.repos.deliveries.advance(job.log, claim, status, ctx.time(), { error }))) {
    ctx.events.push({ ...eventOf(job, claim, "lost"), detail: error });
    return;
  }
  ctx.events.push({ ...eventOf(job, claim, final ? "failed" : "retry"), detail: error });
  if (final) await report(ctx, job, claim, "failed", error);
}

/**
 * Records that the platform may or may not have posted. With a messenger that can look (and
 * attempts left), the row stays open and a later attempt looks before posting again; otherwise
 * nothing more happens and the admins are told, so a person checks the channel.
 */
async function unknownOutcome(ctx: RunContext, job: Job, claim: Claim, cause: string, canLook: boolean): Promise<void> {
  const open = canLook && claim.attempts < ctx.policy.maxAttempts;
  const error = open
    ? `outcome unknown (${cause}): the next attempt looks for the message before posting`
    : `outcome unknown (${cause}): not posted again (${canLook ? "no attempt left" : "the platform cannot be searched"})`;
  ctx.app.logger.warn(
    { job: job.kind, id: claim.ownerId, fire: claim.fireTime, attempts: claim.attempts, error },
    `${job.kind} outcome unknown`,
  );
  if (!(await ctx.app.repos.deliveries.advance(job.log, claim, "unknown", ctx.time(), { error }, { open }))) {
    ctx.events.push({ ...eventOf(job, claim, "lost"), detail: error });
    return;
  }
  ctx.events.push({ ...eventOf(job, claim, "unknown"), detail: error });
  if (!open) await report(ctx, job, claim, "unknown", error);
}

function eventOf(job: Job, claim: Claim, outcome: RunEvent["outcome"]): RunEvent {
  return { kind: job.kind, id: claim.ownerId, fireTime: claim.fireTime, outcome, attempts: claim.attempts };
}

/** Renews the claim's lease while the run lives, so only a dead run's claim ever expires. Returns the stop. */
function heartbeat(ctx: RunContext, job: Job, claim: Claim): () => void {
  const timer = setInterval(() => {
    ctx.app.repos.deliveries.renewLease(job.log, claim, ctx.time()).then(
      (owned) => {
        if (!owned) clearInterval(timer);
      },
      (err: unknown) => ctx.app.logger.warn({ err, job: job.kind, id: claim.ownerId }, "could not renew a lease"),
    );
  }, ctx.policy.heartbeatMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Whether an earlier attempt's post is in the conversation: the message, "absent", or "cannot"
 * (no way to look on this platform, or the look failed) with the reason.
 */
async function lookFor(
  messenger: Messenger,
  ref: ConversationRef,
  deliveryId: string,
  claim: Claim,
): Promise<PostedMessage | "absent" | { cannot: string }> {
  if (!messenger.find) return { cannot: "the platform cannot be searched" };
  try {
    const since = new Date(claim.fireTime.getTime() - LOOK_BACK_MS);
    return (await messenger.find(ref, deliveryId, since)) ?? "absent";
  } catch (e) {
    return { cannot: `could not look for it: ${causeText(e)}` };
  }
}

/** Records a post as sent (fenced); the event says "sent" only when this run's claim recorded it. */
async function recordSent(
  ctx: RunContext,
  job: Job,
  claim: Claim,
  posted: PostedMessage,
  how: "posted" | "found",
): Promise<void> {
  const { app } = ctx;
  const recorded = await app.repos.deliveries.advance(job.log, claim, "sent", ctx.time(), {
    message_id: posted.messageId,
    error: null,
  });
  const fields = {
    job: job.kind,
    id: claim.ownerId,
    fire: claim.fireTime,
    attempts: claim.attempts,
    messageId: posted.messageId,
  };
  if (!recorded) {
    // Another run took the fire over while this one posted: it looks for this message (its delivery id) first.
    app.logger.warn(fields, `${job.kind} posted, but the claim was taken over meanwhile: its new owner decides`);
    ctx.events.push({ ...eventOf(job, claim, "lost"), messageId: posted.messageId, detail: "claim taken over" });
    return;
  }
  app.logger.info(
    fields,
    how === "posted"
      ? `${job.kind} posted`
      : `${job.kind} found already posted by an earlier attempt: not posted again`,
  );
  ctx.events.push({
    ...eventOf(job, claim, "sent"),
    messageId: posted.messageId,
    ...(how === "found" ? { detail: "found already posted by an earlier attempt" } : {}),
  });
}

/**
 * Carries one claimed fire to its outcome. Order: prepare (render) → when an earlier attempt may
 * have posted (it died mid-post, or its outcome was unknown), look for its message first → mark
 * "posting" (fenced: a run whose lease was taken over stops here) → post, carrying the delivery
 * id → mark "sent" with the platform's message id. A post the platform may have accepted is never
 * repeated blindly: the row becomes "unknown" and is looked for, or left to the admins.
 */
export async function runClaim(ctx: RunContext, job: Job, claim: Claim): Promise<void> {
  const { app } = ctx;
  const mayHavePosted = claim.previous === "posting" || claim.previous === "unknown";
  if (claim.attempts > ctx.policy.maxAttempts) {
    // A run died during the last allowed attempt: give up rather than try forever.
    const why = `no outcome after ${claim.attempts - 1} attempts (runs stopped mid-way)`;
    if (mayHavePosted) await unknownOutcome(ctx, job, claim, why, false);
    else await fail(ctx, job, claim, new Error(why));
    return;
  }
  const stopHeartbeat = heartbeat(ctx, job, claim);
  try {
    const prepared = await job.prepare(ctx, claim);
    if (prepared.kind !== "post") {
      const status = prepared.kind === "skip" ? "skipped" : "quiet";
      const set = { ...prepared.set, ...(prepared.kind === "skip" ? { error: prepared.reason } : {}) };
      const ok = await app.repos.deliveries.advance(job.log, claim, status, ctx.time(), set);
      const detail = prepared.kind === "skip" ? prepared.reason : undefined;
      ctx.events.push({ ...eventOf(job, claim, ok ? status : "lost"), ...(detail ? { detail } : {}) });
      return;
    }
    const messenger = ctx.messengers[prepared.ref.platform];
    if (!messenger) {
      throw new KpibotError(
        "CONFIG_INVALID",
        `no messenger for ${prepared.ref.platform}: is that platform configured?`,
      );
    }
    const ref = channelOf(prepared.ref);
    const deliveryId = deliveryIdOf(job, claim);
    if (mayHavePosted) {
      const found = await lookFor(messenger, ref, deliveryId, claim);
      if (typeof found === "object" && "cannot" in found) {
        await unknownOutcome(ctx, job, claim, `an earlier attempt was ${claim.previous}; ${found.cannot}`, false);
        return;
      }
      if (found !== "absent") {
        await recordSent(ctx, job, claim, found, "found");
        return;
      }
      app.logger.info(
        { job: job.kind, id: claim.ownerId, deliveryId },
        `${job.kind}: earlier attempt not found, posting`,
      );
    }
    if (!(await app.repos.deliveries.advance(job.log, claim, "posting", ctx.time(), prepared.set))) {
      ctx.events.push(eventOf(job, claim, "lost"));
      return;
    }
    let posted: PostedMessage;
    try {
      posted = await messenger.post(ref, prepared.reply, { deliveryId });
    } catch (e) {
      if (!isKpibotError(e, "OUTCOME_UNKNOWN")) throw e;
      await unknownOutcome(ctx, job, claim, causeText(e), messenger.find !== undefined);
      return;
    }
    await recordSent(ctx, job, claim, posted, "posted");
  } catch (e) {
    if (!isKpibotError(e)) app.logger.error({ err: e, job: job.kind, id: claim.ownerId }, "scheduled job failed");
    await fail(ctx, job, claim, e);
  } finally {
    stopHeartbeat();
  }
}
