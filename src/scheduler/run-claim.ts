import { isKpibotError, KpibotError } from "../errors.js";
import { formatDateTime } from "../format/index.js";
import { t } from "../i18n/index.js";
import { messageReply } from "../reply/catalog-replies.js";
import { userText } from "../reply/markup.js";
import { adminMessenger, channelOf } from "./admin-report.js";
import { advance, type Claim, renewLease } from "./claims.js";
import type { Job, RunContext, RunEvent } from "./job.js";

function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

/** Tells the admin channel a job gave up; never throws (a report that fails is logged). */
async function reportFailure(ctx: RunContext, job: Job, claim: Claim, error: string): Promise<void> {
  const { app } = ctx;
  const admin = await adminMessenger(app, ctx.messengers);
  const locale = app.config.KPIBOT_LOCALE;
  const what = await job.describe(ctx, claim).catch(() => `${job.kind} #${claim.ownerId}`);
  // The job's description and the error quote names and values users chose: text in the report.
  const text = t(locale, "digests:report.failed", {
    what: userText(what),
    fire: formatDateTime(claim.fireTime, locale, app.config.KPIBOT_TIMEZONE),
    attempts: claim.attempts,
    error: userText(error),
  });
  if (!admin) {
    app.logger.error(
      { job: job.kind, id: claim.ownerId, error },
      `gave up (no KPIBOT_ADMIN_CHANNEL messenger): ${what}`,
    );
    return;
  }
  try {
    await admin.messenger.post(admin.ref, messageReply(text, locale, "error"));
  } catch (e) {
    app.logger.error({ err: e, job: job.kind, id: claim.ownerId }, "could not report a failure to the admin channel");
  }
}

/** Records a failed attempt: a retry later, or, after the last attempt, "failed" and a report to the admins. */
async function fail(ctx: RunContext, job: Job, claim: Claim, e: unknown): Promise<void> {
  const error = errorText(e);
  const final = claim.attempts >= ctx.policy.maxAttempts;
  const status = final ? "failed" : "retry";
  ctx.app.logger.warn({ job: job.kind, id: claim.ownerId, attempts: claim.attempts, error }, `${job.kind} ${status}`);
  if (!(await advance(ctx.app.db, job.log, claim, status, ctx.time(), { error }))) {
    ctx.events.push({ ...eventOf(job, claim, "lost"), detail: error });
    return;
  }
  ctx.events.push({ ...eventOf(job, claim, final ? "failed" : "retry"), detail: error });
  if (final) await reportFailure(ctx, job, claim, error);
}

function eventOf(job: Job, claim: Claim, outcome: RunEvent["outcome"]): RunEvent {
  return { kind: job.kind, id: claim.ownerId, fireTime: claim.fireTime, outcome, attempts: claim.attempts };
}

/** Renews the claim's lease while the run lives, so only a dead run's claim ever expires. Returns the stop. */
function heartbeat(ctx: RunContext, job: Job, claim: Claim): () => void {
  const timer = setInterval(() => {
    renewLease(ctx.app.db, job.log, claim, ctx.time()).then(
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
 * Carries one claimed fire to its outcome. Order: prepare (render) → mark "posting" (fenced: a
 * run whose lease was taken over stops here) → post → mark "sent" with the platform's message id.
 * A run killed before "posting" is retried after the lease with nothing posted; killed during the
 * platform call, the retry may post again (the only window where a duplicate is possible).
 */
export async function runClaim(ctx: RunContext, job: Job, claim: Claim): Promise<void> {
  const { app } = ctx;
  if (claim.attempts > ctx.policy.maxAttempts) {
    // A run died during the last allowed attempt: give up rather than try forever.
    await fail(ctx, job, claim, new Error(`no outcome after ${claim.attempts - 1} attempts (runs stopped mid-way)`));
    return;
  }
  const stopHeartbeat = heartbeat(ctx, job, claim);
  try {
    const prepared = await job.prepare(ctx, claim);
    if (prepared.kind !== "post") {
      const status = prepared.kind === "skip" ? "skipped" : "quiet";
      const set = { ...prepared.set, ...(prepared.kind === "skip" ? { error: prepared.reason } : {}) };
      const ok = await advance(app.db, job.log, claim, status, ctx.time(), set);
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
    if (!(await advance(app.db, job.log, claim, "posting", ctx.time(), prepared.set))) {
      ctx.events.push(eventOf(job, claim, "lost"));
      return;
    }
    const posted = await messenger.post(channelOf(prepared.ref), prepared.reply);
    const recorded = await advance(app.db, job.log, claim, "sent", ctx.time(), {
      message_id: posted.messageId,
      error: null,
    });
    if (!recorded)
      app.logger.warn({ job: job.kind, id: claim.ownerId }, "posted, but the claim was taken over meanwhile");
    ctx.events.push({ ...eventOf(job, claim, "sent"), messageId: posted.messageId });
  } catch (e) {
    if (!isKpibotError(e)) app.logger.error({ err: e, job: job.kind, id: claim.ownerId }, "scheduled job failed");
    await fail(ctx, job, claim, e);
  } finally {
    stopHeartbeat();
  }
}
