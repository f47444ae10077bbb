import type { App } from "../app.js";
import { cronTicks } from "../core/cron.js";
import type { Job, Messengers } from "./job.js";
import { type DeliveryPolicy, policyFromConfig } from "./policy.js";
import { processReplicaId, type RunDueResult, runDue } from "./run-due.js";

/** Options of the in-process scheduler. */
export interface SchedulerOptions {
  /** The jobs it runs, in order (kpibot: digests, then alerts). */
  jobs: readonly Job[];
  /** Where the jobs post (default: the app's messengers). */
  messengers?: Messengers;
  replica?: string;
  policy?: Partial<DeliveryPolicy>;
  /** The cron expression that triggers runs (default every minute). */
  cron?: string;
  /** Runs allowed at once in this process (default 4); a tick beyond starts as soon as one ends. */
  maxRuns?: number;
  /** Called after each run (metrics, tests). */
  onRun?: (result: RunDueResult) => void;
}

/** A running scheduler. */
export interface Scheduler {
  /**
   * Runs now (also what each cron tick does), even while earlier runs are still working (a slow
   * platform call): the claims keep each fire to one run. When `maxRuns` are busy, the run starts
   * as soon as one of them ends (resolves undefined here).
   */
  tick(): Promise<RunDueResult | undefined>;
  /** Stops the cron task and waits for the runs in progress. */
  stop(): Promise<void>;
}

/**
 * Starts the scheduler of the given jobs: node-cron only triggers runDue(now) every minute (and once
 * at start, to catch up after downtime); the database decides, per fire, which replica posts. A
 * tick never waits for, nor is skipped because of, a run still in progress: a digest due now is
 * not held back by another one whose platform answers slowly.
 */
export function startScheduler(app: App, opts: SchedulerOptions): Scheduler {
  // A bad KPIBOT_DIGEST_CATCHUP stops the start with what to set, rather than failing every minute.
  policyFromConfig(app.config, opts.policy);
  const replica = opts.replica ?? processReplicaId;
  const maxRuns = Math.max(1, opts.maxRuns ?? 4);
  const running = new Set<Promise<RunDueResult | undefined>>();
  let pending = false;
  let stopped = false;
  const start = (): Promise<RunDueResult | undefined> => {
    const run: Promise<RunDueResult | undefined> = runDue(app, opts.jobs, {
      messengers: opts.messengers ?? app.messengers,
      replica,
      ...(opts.policy ? { policy: opts.policy } : {}),
    })
      .catch((err: unknown) => {
        app.logger.error({ err }, "scheduled run failed");
        return undefined;
      })
      .then((result) => {
        // Free the slot first, so onRun may trigger the next run.
        running.delete(run);
        if (pending && !stopped) {
          pending = false;
          void start();
        }
        if (result) opts.onRun?.(result);
        return result;
      });
    running.add(run);
    return run;
  };
  const tick = (): Promise<RunDueResult | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    if (running.size >= maxRuns) {
      // Not skipped: the next run starts the moment a slot frees, and computes every fire due by then.
      pending = true;
      app.logger.warn(
        { running: running.size },
        "scheduler: every run slot is busy, the next run starts when one ends",
      );
      return Promise.resolve(undefined);
    }
    if (running.size > 0) app.logger.debug({ running: running.size }, "scheduler: a run alongside one still working");
    return start();
  };
  // The cron callback returns at once: node-cron never sees an overlap, so it never drops a tick.
  const stopTicks = cronTicks(app, opts.cron ?? "* * * * *", `kpibot-schedules-${replica}`, async () => {
    void tick();
  });
  void tick();
  app.logger.info({ replica, jobs: opts.jobs.map((j) => j.kind) }, "scheduler started");
  return {
    tick,
    async stop() {
      stopped = true;
      await stopTicks();
      await Promise.all([...running]);
    },
  };
}
