/** Threshold alerts on KPIs: parsing, storage, evaluation (first-breach / every-breach / recovery), the alert job. */

export type { AlertRule, AlertSpec } from "../store/repositories.js";
export { ALERT_LOG, alertJob } from "./alert-job.js";
export { type AlertCommand, parseAlertCommand } from "./alert-parse.js";
export { alertReply } from "./alert-reply.js";
export { checkRule, DAILY_CHECK_TIME } from "./check-rule.js";
export { type CheckOutcome, checkWindow, decide, evaluate, isBreached, relativeChange } from "./evaluate.js";
export { alertModule } from "./register.js";
