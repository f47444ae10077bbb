import { alertJob } from "./alerts/index.js";
import { digestJob } from "./digests/index.js";
import { freshnessJob } from "./freshness/index.js";
import type { Job } from "./scheduler/index.js";

// The scheduled jobs kpibot runs, assembled here, beside src/app.ts: src/scheduler knows no job,
// and digests and alerts do not know each other. Adding a job is one line.

/** The jobs of the scheduler, in the order each run goes through them: digests, alerts, then the stale-feed check. */
export function scheduledJobs(): Job[] {
  return [digestJob(), alertJob(), freshnessJob()];
}
