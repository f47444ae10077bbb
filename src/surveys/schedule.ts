import type { App } from "../app.js";
import { cronTicks } from "../core/cron.js";
import type { Messengers } from "./deliver.js";
import { runSurveyJobs, type SurveyJobsReport } from "./lifecycle.js";

/** The running survey jobs. */
export interface SurveyJobs {
  /** Runs the jobs now (what each tick does); a tick while a run is in progress is skipped. */
  tick(): Promise<SurveyJobsReport | undefined>;
  /** Stops the cron task and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs the survey jobs (closes, reminders, recurrences) every minute and once at start. node-cron only
 * triggers; the database decides which replica does each piece of work, so several replicas are safe.
 */
export function startSurveyJobs(app: App, messengers: Messengers, opts: { cron?: string } = {}): SurveyJobs {
  let inFlight: Promise<SurveyJobsReport | undefined> | undefined;
  const tick = (): Promise<SurveyJobsReport | undefined> => {
    if (inFlight) return Promise.resolve(undefined);
    inFlight = runSurveyJobs(app, messengers, app.clock.now())
      .catch((err: unknown) => {
        app.logger.error({ err }, "survey jobs failed");
        return undefined;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const stopTicks = cronTicks(app, opts.cron ?? "* * * * *", "kpibot-surveys", tick);
  void tick();
  return {
    tick,
    async stop() {
      await stopTicks();
      await inFlight;
    },
  };
}
