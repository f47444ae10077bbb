import cron from "node-cron";
import type { App } from "../app.js";

/**
 * Triggers `tick` on a cron expression (node-cron; a tick still running when the next is due is skipped),
 * with node-cron's own messages (e.g. a missed tick under load) in kpibot's log rather than on the console.
 * Returns how to stop triggering; the caller then waits for its run in progress. `unref`: the timer does not keep
 * the process alive.
 */
export function cronTicks(
  app: App,
  expression: string,
  name: string,
  tick: () => Promise<unknown>,
  opts: { unref?: boolean } = {},
): () => Promise<void> {
  const task = cron.schedule(
    expression,
    async () => {
      await tick();
    },
    {
      name,
      noOverlap: true,
      // A housekeeping job that must not keep the process (or a test run) alive on its own.
      ...(opts.unref ? { unref: true } : {}),
      logger: {
        info: (m) => app.logger.debug({ cron: true }, m),
        warn: (m) => app.logger.warn({ cron: true }, m),
        error: (m, e) => app.logger.error({ cron: true, err: e ?? m }, String(m)),
        debug: (m) => app.logger.trace({ cron: true }, String(m)),
      },
    },
  );
  return async () => {
    await task.stop();
    await task.destroy();
  };
}
