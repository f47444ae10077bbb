import type { App } from "../app.js";
import type { Messengers } from "./job.js";

/** Messengers of the scheduler running in this process, per app (`digest send` posts at once with them). */
const running = new WeakMap<App, Messengers>();

/** The messengers of this process's scheduler, when one runs for this app. */
export function schedulerMessengers(app: App): Messengers | undefined {
  return running.get(app);
}

/** Records (or, with undefined, forgets) the messengers of the scheduler running for this app. */
export function setSchedulerMessengers(app: App, messengers: Messengers | undefined): void {
  if (messengers) running.set(app, messengers);
  else running.delete(app);
}
