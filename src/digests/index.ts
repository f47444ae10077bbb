/** Scheduled digests: chat commands, the digest message, and the digest job the scheduler runs. */

export type { DigestSchedule } from "../store/repositories.js";
export { buildDigest, type DigestContent, type DigestInput, describeSchedule, digestPeriod } from "./digest-build.js";
export { DIGEST_LOG, digestJob, renderScheduled } from "./digest-job.js";
export { type DigestCommand, parseDigestCommand } from "./digest-parse.js";
export { digestReply } from "./digest-reply.js";
export { digestModule } from "./register.js";
