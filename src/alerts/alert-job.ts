import { ALERT_LOG, claimFire, lastFires, logSkipped } from "../digests/claims.js";
import { runOpenRows } from "../digests/digest-job.js";
import { due } from "../digests/fire-times.js";
import { type Job, type RunContext, runClaim } from "../digests/run-claim.js";
import { KpibotError } from "../errors.js";
import { alertReply, alertSubject, conditionText } from "./alert-reply.js";
import { AlertStore, checkRule } from "./alert-store.js";
import { checkWindow, evaluate } from "./evaluate.js";

/** Look back at most a week for missed checks (they are logged as skipped, only the latest one runs). */
export const ALERT_LOOKBACK_MS = 7 * 24 * 3600_000;

/** The alert job: compute the KPI over the check window, compare, post a breach or a recovery. */
export function alertJob(store: AlertStore): Job {
  return {
    kind: "alert",
    log: ALERT_LOG,
    async prepare(ctx, claim) {
      const { app } = ctx;
      const rule = await store.get(claim.ownerId);
      if (!rule) return { kind: "skip", reason: "rule removed" };
      if (rule.paused) return { kind: "skip", reason: "paused" };
      const ref = await app.repos.conversations.get(rule.conversationRefId);
      if (!ref) throw new KpibotError("NOT_FOUND", `the conversation of alert #${rule.id} is no longer stored`);
      const window = checkWindow(rule, claim.fireTime);
      const filters = rule.dimension && rule.dimValue ? [{ dimension: rule.dimension, value: rule.dimValue }] : [];
      const result = await app.kpi.answer({
        kpi: rule.kpi,
        period: window.period,
        compareTo: window.previous,
        filters,
        trend: false,
      });
      const previous = await store.previousBreached(rule.id, claim.fireTime);
      const { breached, outcome, change } = evaluate(rule, result, previous);
      const set = { value: result.value, breached, outcome };
      if (outcome !== "breach" && outcome !== "recovery") return { kind: "quiet", set };
      const locale = rule.locale ?? app.config.KPIBOT_LOCALE;
      const reply = alertReply(rule, result, outcome, {
        at: claim.fireTime,
        change,
        currency: app.config.KPIBOT_CURRENCY,
        locale,
      });
      return { kind: "post", ref, reply, set };
    },
    async describe(ctx, claim) {
      const rule = await store.get(claim.ownerId);
      if (!rule) return `alert #${claim.ownerId}`;
      const locale = ctx.app.config.KPIBOT_LOCALE;
      return `alert #${rule.id} (${alertSubject(rule, locale)} ${conditionText(rule, locale, ctx.app.config.KPIBOT_CURRENCY)})`;
    },
  };
}

/**
 * Every due alert check, with the digests' claim machinery. After downtime only the latest missed
 * check runs (within the catch-up window); older ones are logged as skipped, never evaluated late.
 */
export async function runDueAlerts(ctx: RunContext): Promise<void> {
  const { app, now, policy } = ctx;
  const store = new AlertStore(app.db);
  const job = alertJob(store);
  await runOpenRows(ctx, job, ALERT_LOG);
  const [rules, last] = await Promise.all([
    store.all({ activeOnly: true }),
    lastFires(app.db, ALERT_LOG, new Date(now.getTime() - ALERT_LOOKBACK_MS)),
  ]);
  for (const rule of rules) {
    try {
      const since = Math.max(
        rule.activeFrom.getTime(),
        last.get(rule.id)?.getTime() ?? 0,
        now.getTime() - ALERT_LOOKBACK_MS,
      );
      const fires = due(checkRule(rule), new Date(since), now);
      const latest = fires.at(-1);
      const late = latest !== undefined && now.getTime() - latest.getTime() > policy.catchupMs;
      const skipped = late ? fires : fires.slice(0, -1);
      for (const fire of skipped) {
        const reason = late ? "missed: later than KPIBOT_DIGEST_CATCHUP" : "superseded by a later check";
        if (await logSkipped(app.db, ALERT_LOG, rule.id, fire, reason, ctx.time())) {
          ctx.events.push({
            kind: "alert",
            id: rule.id,
            fireTime: fire,
            outcome: "skipped",
            attempts: 0,
            detail: reason,
          });
        }
      }
      if (latest && !late) {
        const claim = await claimFire(app.db, ALERT_LOG, rule.id, latest, ctx.replica, ctx.time());
        if (claim) await runClaim(ctx, job, claim);
      }
    } catch (e) {
      app.logger.error({ err: e, alert: rule.id }, "alert rule could not be checked");
    }
  }
}
