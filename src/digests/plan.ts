import { ALERT_LOOKBACK_MS } from "../alerts/alert-job.js";
import { AlertStore, checkRule } from "../alerts/alert-store.js";
import type { App } from "../app.js";
import { ALERT_LOG, DIGEST_LOG, type FireLog, lastFires, openRows } from "./claims.js";
import { due } from "./fire-times.js";
import { type DeliveryPolicy, isReady, policyFromConfig, splitCatchup } from "./policy.js";
import { DigestScheduleStore } from "./schedule-store.js";

/** One thing a run at `now` would do (`kpibot digest run-due --dry-run`). */
export interface PlannedFire {
  kind: "digest" | "alert";
  id: number;
  fireTime: Date;
  /** send: a new fire; skip: missed beyond the catch-up window (or superseded check); resume: an open row taken over. */
  action: "send" | "skip" | "resume";
  detail?: string;
}

async function openPlans(app: App, log: FireLog, kind: PlannedFire["kind"], policy: DeliveryPolicy, now: Date) {
  const rows = await openRows(app.db, log);
  return rows
    .filter((r) => isReady(policy, r, now))
    .map((r): PlannedFire => ({ kind, id: r.ownerId, fireTime: r.fireTime, action: "resume", detail: r.status }));
}

/** What runDue would do at `now`, computed without writing anything (no claim, no log). */
export async function planDue(app: App, now: Date, overrides: Partial<DeliveryPolicy> = {}): Promise<PlannedFire[]> {
  const policy = policyFromConfig(app.config, overrides);
  const plans: PlannedFire[] = await openPlans(app, DIGEST_LOG, "digest", policy, now);
  const lastDigest = await lastFires(app.db, DIGEST_LOG, new Date(now.getTime() - policy.lookbackMs));
  for (const s of await new DigestScheduleStore(app.db).all({ activeOnly: true })) {
    const since = Math.max(
      s.activeFrom.getTime(),
      lastDigest.get(s.id)?.getTime() ?? 0,
      now.getTime() - policy.lookbackMs,
    );
    const { send, skip } = splitCatchup(due(s, new Date(since), now), now, policy.catchupMs);
    for (const f of skip) plans.push({ kind: "digest", id: s.id, fireTime: f, action: "skip", detail: "missed" });
    for (const f of send) plans.push({ kind: "digest", id: s.id, fireTime: f, action: "send" });
  }
  plans.push(...(await openPlans(app, ALERT_LOG, "alert", policy, now)));
  const lastAlert = await lastFires(app.db, ALERT_LOG, new Date(now.getTime() - ALERT_LOOKBACK_MS));
  for (const rule of await new AlertStore(app.db).all({ activeOnly: true })) {
    const since = Math.max(
      rule.activeFrom.getTime(),
      lastAlert.get(rule.id)?.getTime() ?? 0,
      now.getTime() - ALERT_LOOKBACK_MS,
    );
    const fires = due(checkRule(rule), new Date(since), now);
    fires.forEach((f, i) => {
      const late = now.getTime() - f.getTime() > policy.catchupMs;
      const action = i === fires.length - 1 && !late ? "send" : "skip";
      plans.push({
        kind: "alert",
        id: rule.id,
        fireTime: f,
        action,
        ...(action === "skip" ? { detail: late ? "missed" : "superseded" } : {}),
      });
    });
  }
  return plans;
}
