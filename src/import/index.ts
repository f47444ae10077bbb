// The import pipeline's public surface (CLI, webhooks, syncs and tests use these).
export { DEFAULT_BATCH_SIZE, runImport } from "./pipeline.js";
export { rejectedReportPath } from "./report.js";
export {
  importTickets,
  TICKET_CELLS,
  TICKET_CHANNELS,
  TICKET_HEADER,
  TICKET_KINDS,
  type TicketImportOptions,
  type TicketRow,
  ticketFamily,
  ticketRowSchema,
} from "./tickets.js";
export { parseInstant } from "./timestamp.js";
export type * from "./types.js";
