import type { HttpOptions } from "./http.js";

/** The connectors kpibot can sync from. */
export const CONNECTORS = ["glpi", "servicenow", "jira"] as const;
/** One connector name. */
export type ConnectorName = (typeof CONNECTORS)[number];

/** A tool record that could not be mapped to a canonical ticket. */
export interface MappedReject {
  external_id: string | null;
  reason: string;
}

/** One page of a tool's records, mapped. */
export interface SyncPage {
  /** Canonical ticket objects (validated by the canonical import). */
  tickets: Record<string, unknown>[];
  /** Records that could not be mapped at all. */
  rejected: MappedReject[];
  /** The largest modification time in the page, in the tool's own format (the next cursor). */
  cursor: string | null;
}

/** Reads a tool's records modified since a cursor, oldest first, a page at a time. */
export interface Connector {
  readonly name: ConnectorName;
  /** Pages of records modified at or after `since` (all records when null). */
  pages(since: string | null): AsyncGenerator<SyncPage>;
}

/** What building a connector needs besides its settings. */
export interface ConnectorDeps extends HttpOptions {
  /** Records per page (default 100). */
  pageSize?: number;
}
