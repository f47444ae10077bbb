import cron from "node-cron";
import type { App } from "../app.js";
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
  const task = cron.schedule(
    opts.cron ?? "* * * * *",
    async () => {
      await tick();
    },
    {
      name: "kpibot-surveys",
      noOverlap: true,
      logger: {
        info: (m) => app.logger.debug({ cron: true }, m),
        warn: (m) => app.logger.warn({ cron: true }, m),
        error: (m, e) => app.logger.error({ cron: true, err: e ?? m }, String(m)),
        debug: (m) => app.logger.trace({ cron: true }, String(m)),
      },
    },
  );
  void tick();
  return {
    tick,
    async stop() {
      await task.stop();
      await task.destroy();
      await inFlight;
    },
  };
}
