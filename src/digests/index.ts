/** Scheduled digests and threshold alerts: chat commands, fire times, exactly-once delivery, scheduler. */
export { ALERT_LOG, type Claim, DIGEST_LOG, type FireRow, type FireStatus, history } from "./claims.js";
export { buildDigest, type DigestContent, type DigestInput, describeSchedule, digestPeriod } from "./digest-build.js";
export { type DigestCommand, parseDigestCommand } from "./digest-parse.js";
export { digestReply } from "./digest-reply.js";
export { due, type FireRule, type Frequency, nextFire, nextFires, parseDuration, wallToInstant } from "./fire-times.js";
export { DEFAULT_POLICY, type DeliveryPolicy, policyFromConfig } from "./policy.js";
export { registerScheduleCommands } from "./register.js";
export { schedulerMessengers } from "./registry.js";
export type { Messengers, RunEvent } from "./run-claim.js";
export { processReplicaId, type RunDueOptions, type RunDueResult, runDue, runQueued } from "./run-due.js";
export { type DigestSchedule, DigestScheduleStore } from "./schedule-store.js";
export { type Scheduler, type SchedulerOptions, startScheduler } from "./scheduler.js";
