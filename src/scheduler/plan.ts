import type { App } from "../app.js";
import type { Clock } from "../core/clock.js";
import { dueFires } from "./due.js";
import type { Job } from "./job.js";
import { type DeliveryPolicy, isReady, policyFromConfig } from "./policy.js";

/** One thing a run at `now` would do (`kpibot digest run-due --dry-run`). */
export interface PlannedFire {
  /** The job's kind: "digest", "alert". */
  kind: string;
  id: number;
  fireTime: Date;
  /** send: a new fire; skip: missed beyond the catch-up window (or superseded check); resume: an open row taken over. */
  action: "send" | "skip" | "resume";
  detail?: string;
}

/**
 * What runDue would do at `now` for these jobs, computed without writing anything (no claim, no
 * log). Open rows are ready or not by the real clock (`clock`, default the app's), as in runDue.
 */
export async function planDue(
  app: App,
  jobs: readonly Job[],
  now: Date,
  opts: { policy?: Partial<DeliveryPolicy>; clock?: Clock } = {},
): Promise<PlannedFire[]> {
  const policy = policyFromConfig(app.config, opts.policy);
  const real = (opts.clock ?? app.clock).now();
  const plans: PlannedFire[] = [];
  for (const job of jobs) {
    for (const r of await app.repos.deliveries.openRows(job.log)) {
      if (isReady(policy, r, real))
        plans.push({ kind: job.kind, id: r.ownerId, fireTime: r.fireTime, action: "resume", detail: r.status });
    }
    for (const { owner, send, skip } of await dueFires(app, job, now, policy)) {
      const all: PlannedFire[] = [
        ...skip.map(
          (s): PlannedFire => ({ kind: job.kind, id: owner.id, fireTime: s.fire, action: "skip", detail: s.why }),
        ),
        ...send.map((f): PlannedFire => ({ kind: job.kind, id: owner.id, fireTime: f, action: "send" })),
      ];
      plans.push(...all.sort((a, b) => a.fireTime.getTime() - b.fireTime.getTime()));
    }
  }
  return plans;
}
