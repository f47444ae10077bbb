/**
 * The scheduler: one engine for every scheduled job (digests, alerts). Fire times, once-only claims
 * with leases, catch-up after downtime, retries and reports, the run of what is due and the
 * in-process loop. Jobs plug in with a `Job`; this folder imports none of them.
 */
export type { Claim, FireLog, FireRow, FireStatus } from "../store/repositories.js";
export { due, type FireRule, type Frequency, nextFire, nextFires, parseDuration, wallToInstant } from "./fire-times.js";
export type { Job, Messengers, Owner, Prepared, RunContext, RunEvent } from "./job.js";
export { type PlannedFire, planDue } from "./plan.js";
export { DEFAULT_POLICY, type DeliveryPolicy, policyFromConfig } from "./policy.js";
export { processReplicaId, type RunDueOptions, type RunDueResult, runDue, runQueued } from "./run-due.js";
export { type Scheduler, type SchedulerOptions, startScheduler } from "./scheduler.js";
