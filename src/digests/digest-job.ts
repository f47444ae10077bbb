import type { App } from "../app.js";
import { KpibotError } from "../errors.js";
import { type Locale, t } from "../i18n/index.js";
import { claimFire, DIGEST_LOG, type FireLog, lastFires, logSkipped, openRows, reclaim } from "./claims.js";
import { buildDigest, describeSchedule } from "./digest-build.js";
import { due } from "./fire-times.js";
import { isReady, splitCatchup } from "./policy.js";
import { type Job, type RunContext, runClaim } from "./run-claim.js";
import { type DigestSchedule, DigestScheduleStore } from "./schedule-store.js";

/** The footer of a scheduled digest: its id, when it fires, and the time zone. */
export function digestFooter(s: DigestSchedule, locale: Locale): string {
  return t(locale, "digests:digest.footer", { id: s.id, schedule: describeSchedule(s, locale), timeZone: s.timezone });
}

/** Renders a schedule's digest for one fire (the period is the one that ended before the fire). */
export async function renderScheduled(app: App, s: DigestSchedule, fireTime: Date) {
  const locale = s.locale ?? app.config.KPIBOT_LOCALE;
  const input = { ...s, locale };
  return buildDigest(app, input, fireTime, digestFooter(s, locale));
}

/** The digest job: render the schedule's digest for the claimed fire, post it to its conversation. */
export function digestJob(store: DigestScheduleStore): Job {
  return {
    kind: "digest",
    log: DIGEST_LOG,
    async prepare(ctx, claim) {
      const s = await store.get(claim.ownerId);
      if (!s) return { kind: "skip", reason: "schedule removed" };
      if (s.paused) return { kind: "skip", reason: "paused" };
      const ref = await ctx.app.repos.conversations.get(s.conversationRefId);
      if (!ref) throw new KpibotError("NOT_FOUND", `the conversation of digest #${s.id} is no longer stored`);
      const content = await renderScheduled(ctx.app, s, claim.fireTime);
      if (content.empty && s.skipWhenEmpty) return { kind: "skip", reason: "no data" };
      return { kind: "post", ref, reply: content.reply };
    },
    async describe(ctx, claim) {
      const s = await store.get(claim.ownerId);
      if (!s) return `digest #${claim.ownerId}`;
      const ref = await ctx.app.repos.conversations.get(s.conversationRefId);
      const where = ref ? ` → ${ref.platform}:${ref.name ?? ref.conversationId}` : "";
      return `digest #${s.id} (${describeSchedule(s, ctx.app.config.KPIBOT_LOCALE)}, ${s.timezone})${where}`;
    },
  };
}

/** Takes over open rows of a log that are ready (queued, lease expired, retry due) and runs them. */
export async function runOpenRows(ctx: RunContext, job: Job, log: FireLog): Promise<void> {
  for (const row of await openRows(ctx.app.db, log)) {
    if (!isReady(ctx.policy, row, ctx.now)) continue;
    const claim = await reclaim(ctx.app.db, log, row, ctx.replica, ctx.time());
    if (claim) await runClaim(ctx, job, claim);
  }
}

/**
 * Every due digest fire: fires since the last one logged (or since the schedule became active)
 * within the catch-up window are claimed and sent; older ones are logged as skipped. Then open
 * rows: manual sends, runs that died (lease expired) and retries that are due.
 */
export async function runDueDigests(ctx: RunContext): Promise<void> {
  const { app, now, policy } = ctx;
  const store = new DigestScheduleStore(app.db);
  const job = digestJob(store);
  await runOpenRows(ctx, job, DIGEST_LOG);
  const [schedules, last] = await Promise.all([
    store.all({ activeOnly: true }),
    lastFires(app.db, DIGEST_LOG, new Date(now.getTime() - policy.lookbackMs)),
  ]);
  for (const s of schedules) {
    try {
      const since = Math.max(s.activeFrom.getTime(), last.get(s.id)?.getTime() ?? 0, now.getTime() - policy.lookbackMs);
      const { send, skip } = splitCatchup(due(s, new Date(since), now), now, policy.catchupMs);
      const reason = `missed: more than KPIBOT_DIGEST_CATCHUP (${app.config.KPIBOT_DIGEST_CATCHUP}) late`;
      for (const fire of skip) {
        if (await logSkipped(app.db, DIGEST_LOG, s.id, fire, reason, ctx.time())) {
          ctx.events.push({
            kind: "digest",
            id: s.id,
            fireTime: fire,
            outcome: "skipped",
            attempts: 0,
            detail: reason,
          });
        }
      }
      for (const fire of send) {
        const claim = await claimFire(app.db, DIGEST_LOG, s.id, fire, ctx.replica, ctx.time());
        if (claim) await runClaim(ctx, job, claim);
      }
    } catch (e) {
      app.logger.error({ err: e, schedule: s.id }, "digest schedule could not be run");
    }
  }
}
