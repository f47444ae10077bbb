/** The stale-feed check: a scheduler job telling the admin channel when a data feed goes stale and recovers. */
export { freshnessJob } from "./freshness-job.js";
