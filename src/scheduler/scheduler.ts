import type { App } from "../app.js";
import { cronTicks } from "../core/cron.js";
import type { Job, Messengers } from "./job.js";
import { type DeliveryPolicy, policyFromConfig } from "./policy.js";
import { setSchedulerMessengers } from "./registry.js";
import { processReplicaId, type RunDueResult, runDue } from "./run-due.js";

/** Options of the in-process scheduler. */
export interface SchedulerOptions {
  /** The jobs it runs, in order (kpibot: digests, then alerts). */
  jobs: readonly Job[];
  messengers: Messengers;
  replica?: string;
  policy?: Partial<DeliveryPolicy>;
  /** The cron expression that triggers runs (default every minute). */
  cron?: string;
  /** Called after each run (metrics, tests). */
  onRun?: (result: RunDueResult) => void;
}

/** A running scheduler. */
export interface Scheduler {
  /** Runs now (also what each cron tick does); a tick while a run is in progress is skipped. */
  tick(): Promise<RunDueResult | undefined>;
  /** Stops the cron task and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Starts the scheduler of the given jobs: node-cron only triggers runDue(now) every minute (and once
 * at start, to catch up after downtime); the database decides, per fire, which replica posts.
 */
export function startScheduler(app: App, opts: SchedulerOptions): Scheduler {
  // A bad KPIBOT_DIGEST_CATCHUP stops the start with what to set, rather than failing every minute.
  policyFromConfig(app.config, opts.policy);
  setSchedulerMessengers(app, opts.messengers);
  let inFlight: Promise<RunDueResult | undefined> | undefined;
  const tick = (): Promise<RunDueResult | undefined> => {
    if (inFlight) return Promise.resolve(undefined);
    const run = runDue(app, opts.jobs, {
      messengers: opts.messengers,
      replica: opts.replica ?? processReplicaId,
      ...(opts.policy ? { policy: opts.policy } : {}),
    })
      .catch((err: unknown) => {
        app.logger.error({ err }, "scheduled run failed");
        return undefined;
      })
      .then((result) => {
        // Free the slot first, so onRun may trigger the next run.
        inFlight = undefined;
        if (result) opts.onRun?.(result);
        return result;
      });
    inFlight = run;
    return inFlight;
  };
  const stopTicks = cronTicks(
    app,
    opts.cron ?? "* * * * *",
    `kpibot-schedules-${opts.replica ?? processReplicaId}`,
    tick,
  );
  void tick();
  app.logger.info(
    { replica: opts.replica ?? processReplicaId, jobs: opts.jobs.map((j) => j.kind) },
    "scheduler started",
  );
  return {
    tick,
    async stop() {
      await stopTicks();
      setSchedulerMessengers(app, undefined);
      await inFlight;
    },
  };
}
