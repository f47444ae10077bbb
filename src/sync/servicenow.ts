import { type HttpOptions, sendJson } from "./http.js";
import {
  boolOf,
  carriedOnly,
  derivedAsPreset,
  intOf,
  laterText,
  localToIso,
  mapRecord,
  nextWindow,
  type PageWindow,
  textOf,
} from "./map.js";
import type { Connector, ConnectorDeps, MappedReject, SyncPage } from "./types.js";

/** ServiceNow connection settings (basic auth of an integration user). */
export interface ServiceNowSettings {
  url: string;
  user: string;
  password: string;
  /** Table read (default incident; sc_request gives requests). */
  table: string;
}

/** Fields read from the Table API (dot-walked names give the referenced record's name). */
export const SERVICENOW_FIELDS = [
  "sys_id",
  "number",
  "short_description",
  "category",
  "priority",
  "contact_type",
  "assignment_group.name",
  "assigned_to.name",
  "caller_id.email",
  "opened_at",
  "resolved_at",
  "closed_at",
  "reopen_count",
  "reassignment_count",
  "sla_due",
  "made_sla",
  "sys_updated_on",
] as const;

const CHANNEL: Record<string, string> = {
  email: "email",
  phone: "phone",
  "self-service": "portal",
  walk_in: "walk_in",
  "walk-in": "walk_in",
  chat: "chat",
  virtual_agent: "chat",
  monitoring: "monitoring",
  event: "monitoring",
};

type SnRecord = Record<string, unknown>;

/** Maps one Table API record (sysparm_display_value=false: times in UTC) to a canonical ticket. */
export function mapServiceNowRecord(r: SnRecord, table: string): Record<string, unknown> {
  const at = (k: string) => localToIso(r[k], "UTC", k);
  const priority = intOf(r.priority);
  const ticket = {
    external_id: textOf(r.number),
    kind: table === "incident" ? "incident" : "request",
    title: textOf(r.short_description),
    category: textOf(r.category),
    // ServiceNow 1 (critical) … 5 (planning) → canonical 1 … 4.
    priority: priority === null ? null : Math.min(4, Math.max(1, priority)),
    channel: CHANNEL[textOf(r.contact_type)?.toLowerCase() ?? ""] ?? null,
    group: textOf(r["assignment_group.name"]),
    assignee: textOf(r["assigned_to.name"]),
    requester: textOf(r["caller_id.email"]),
    opened_at: at("opened_at"),
    resolved_at: at("resolved_at"),
    closed_at: at("closed_at"),
    resolution_due_at: at("sla_due"),
    // made_sla: ServiceNow's verdict (its SLA clocks pause); only "true"/"false" are a verdict.
    sla_met: boolOf(r.made_sla),
    reopen_count: intOf(r.reopen_count),
    reassignment_count: intOf(r.reassignment_count),
  };
  return carriedOnly(ticket, r, SERVICENOW_SOURCE_OF);
}

// The Table API field each canonical field comes from: a field the table lacks (sc_request has no caller_id,
// say) is left out of the answer, and then not carried (carriedOnly). The kind comes from the table read.
const SERVICENOW_SOURCE_OF: Record<string, (typeof SERVICENOW_FIELDS)[number]> = {
  title: "short_description",
  category: "category",
  priority: "priority",
  channel: "contact_type",
  group: "assignment_group.name",
  assignee: "assigned_to.name",
  requester: "caller_id.email",
  opened_at: "opened_at",
  resolved_at: "resolved_at",
  closed_at: "closed_at",
  resolution_due_at: "sla_due",
  sla_met: "made_sla",
  reopen_count: "reopen_count",
  reassignment_count: "reassignment_count",
};

/** Support level from the assignment group, FCR from the reassignment count (the servicenow preset's rules). */
const deriveServiceNow = derivedAsPreset("servicenow");

/** ServiceNow Table API connector: sys_updated_on >= cursor, ordered by it then sys_id, paged by a moving window (nextWindow). */
export function serviceNowConnector(settings: ServiceNowSettings, deps: ConnectorDeps = {}): Connector {
  const base = settings.url.replace(/\/+$/, "");
  const size = deps.pageSize ?? 100;
  const http: HttpOptions = deps;
  const authorization = `Basic ${Buffer.from(`${settings.user}:${settings.password}`).toString("base64")}`;
  return {
    name: "servicenow",
    async *pages(since) {
      let window: PageWindow = { since, skip: 0 };
      for (;;) {
        const q = new URLSearchParams({
          sysparm_query: `${window.since === null ? "" : `sys_updated_on>=${window.since}^`}ORDERBYsys_updated_on^ORDERBYsys_id`,
          sysparm_fields: SERVICENOW_FIELDS.join(","),
          sysparm_display_value: "false",
          sysparm_exclude_reference_link: "true",
          sysparm_limit: String(size),
          sysparm_offset: String(window.skip),
        });
        const res = await sendJson<{ result?: unknown }>(
          `${base}/api/now/table/${settings.table}?${q.toString()}`,
          { headers: { authorization } },
          http,
        );
        const rows = Array.isArray(res.body.result) ? (res.body.result as SnRecord[]) : [];
        const page: SyncPage = { tickets: [], rejected: [], cursor: null };
        for (const row of rows) {
          const m = mapRecord(
            row,
            (r) => textOf(r.number),
            (r) => deriveServiceNow(mapServiceNowRecord(r, settings.table)),
          );
          if ("ticket" in m) page.tickets.push(m.ticket);
          else page.rejected.push(m as MappedReject);
          page.cursor = laterText(page.cursor, textOf(row.sys_updated_on));
        }
        if (rows.length > 0) yield page;
        const total = intOf(res.headers.get("x-total-count"));
        if (rows.length < size || (total !== null && window.skip + size >= total)) break;
        window = nextWindow(
          window,
          rows.map((r) => textOf(r.sys_updated_on)),
        );
      }
    },
  };
}
