import { KpibotError } from "../errors.js";
import type { Job } from "../scheduler/job.js";
import type { AlertRule, FireLog } from "../store/repositories.js";
import { alertReply, alertSubject, conditionText } from "./alert-reply.js";
import { checkRule } from "./check-rule.js";
import { checkWindow, evaluate } from "./evaluate.js";

/** Alert checks: one row per (rule, fire time), with what the check found (value, breached, outcome). */
export const ALERT_LOG: FireLog = { table: "alert_checks", owner: "rule_id", hasOrigin: false };

/** Look back at most a week for missed checks (they are logged as skipped, only the latest one runs). */
export const ALERT_LOOKBACK_MS = 7 * 24 * 3600_000;

/**
 * The alert job: after downtime only the latest missed check runs (within the catch-up window),
 * older ones are logged as skipped, never evaluated late. A check computes the KPI over its window,
 * compares, and posts a breach or a recovery (or nothing: quiet).
 */
export function alertJob(): Job<AlertRule> {
  return {
    kind: "alert",
    log: ALERT_LOG,
    catchUp: "latest",
    lookbackMs: ALERT_LOOKBACK_MS,
    owners: (app) => app.repos.alerts.all({ activeOnly: true }),
    rule: checkRule,
    async prepare(ctx, claim) {
      const { app } = ctx;
      const store = app.repos.alerts;
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
        // As of the check: its window is over then, whatever the clock says (a late run compares the same spans).
        asOf: claim.fireTime,
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
      const rule = await ctx.app.repos.alerts.get(claim.ownerId);
      if (!rule) return `alert #${claim.ownerId}`;
      const locale = ctx.app.config.KPIBOT_LOCALE;
      return `alert #${rule.id} (${alertSubject(rule, locale)} ${conditionText(rule, locale, ctx.app.config.KPIBOT_CURRENCY)})`;
    },
  };
}
