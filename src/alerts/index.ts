/** Threshold alerts on KPIs: parsing, storage, evaluation (first-breach / every-breach / recovery), the alert job. */
export { ALERT_LOG, alertJob } from "./alert-job.js";
export { type AlertCommand, parseAlertCommand } from "./alert-parse.js";
export { alertReply } from "./alert-reply.js";
export { type AlertRule, type AlertSpec, AlertStore, checkRule, DAILY_CHECK_TIME } from "./alert-store.js";
export { type CheckOutcome, checkWindow, decide, evaluate, isBreached, relativeChange } from "./evaluate.js";
export { alertModule } from "./register.js";
