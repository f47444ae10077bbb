// Ticket webhooks and API connectors: public surface (composition root, CLI, tests).

export type { SyncState } from "../store/repositories.js";
export { type ItemResult, type ItemStatus, type UpsertOutcome, upsertTickets } from "./canonical.js";
export { configuredConnectors, connectorFromConfig } from "./connectors.js";
export { glpiConnector } from "./glpi.js";
export { type HttpOptions, SyncError } from "./http.js";
export { jiraConnector } from "./jira.js";
export { runSync, type SyncReport, type SyncRunOptions } from "./run.js";
export {
  adminFailureReporter,
  type SyncScheduler,
  type SyncSchedulerOptions,
  startSyncScheduler,
} from "./scheduler.js";
export { serviceNowConnector } from "./servicenow.js";
export { CONNECTORS, type Connector, type ConnectorName, type SyncPage } from "./types.js";
