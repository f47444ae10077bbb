import { DateTime } from "luxon";
import { type HttpOptions, SyncError, sendJson } from "./http.js";
import { carriedOnly, mapRecord, textOf } from "./map.js";
import type { Connector, ConnectorDeps, MappedReject, SyncPage } from "./types.js";

/** Jira Service Management settings (Atlassian account e-mail + API token, basic auth). */
export interface JiraSettings {
  url: string;
  email: string;
  apiToken: string;
  /** Extra JQL ANDed with the `updated` bound (e.g. `project = SD`). */
  jql?: string;
  /** The API user's time zone: JQL dates are read in it. */
  timezone: string;
}

/** Issue fields requested from the search. */
export const JIRA_FIELDS = [
  "summary",
  "issuetype",
  "priority",
  "created",
  "updated",
  "resolutiondate",
  "assignee",
  "reporter",
];

const PRIORITY: Record<string, number> = { highest: 1, critical: 1, high: 2, medium: 3, low: 4, lowest: 4 };

/** One SLA of `/rest/servicedeskapi/request/{key}/sla` (the fields kpibot reads). */
interface JiraSla {
  name?: string;
  ongoingCycle?: { breachTime?: { iso8601?: string }; breached?: boolean };
  completedCycles?: { stopTime?: { iso8601?: string }; breachTime?: { iso8601?: string }; breached?: boolean }[];
}

/** Jira's verdict on an SLA: breached in any completed cycle (or the ongoing one) → false; completed unbreached → true. */
function verdict(sla: JiraSla): boolean | null {
  const cycles = sla.completedCycles ?? [];
  if (cycles.some((c) => c.breached === true) || sla.ongoingCycle?.breached === true) return false;
  return cycles.length > 0 && cycles.every((c) => c.breached === false) ? true : null;
}

/** Due and met times of a request's first-response and resolution SLAs, and Jira's verdict on the resolution SLA. */
export function slaTimes(values: readonly JiraSla[]): Record<string, string | boolean | null> {
  const out: Record<string, string | boolean | null> = {};
  for (const sla of values) {
    const name = (sla.name ?? "").toLowerCase();
    const first = sla.completedCycles?.[0];
    const due = first?.breachTime?.iso8601 ?? sla.ongoingCycle?.breachTime?.iso8601 ?? null;
    if (name.includes("first response")) {
      out.response_due_at = due;
      out.first_response_at = first?.stopTime?.iso8601 ?? null;
    } else if (name.includes("resolution")) {
      out.resolution_due_at = due;
      // Jira pauses SLA clocks (waiting for customer, calendars): its verdict is what the sla KPI counts.
      out.sla_met = verdict(sla);
    }
  }
  return out;
}

type JiraIssue = { key?: unknown; fields?: Record<string, unknown> };
const nameOf = (v: unknown) => (typeof v === "object" && v !== null ? textOf((v as { name?: unknown }).name) : null);
const personOf = (v: unknown) =>
  typeof v === "object" && v !== null
    ? (textOf((v as { emailAddress?: unknown }).emailAddress) ?? textOf((v as { displayName?: unknown }).displayName))
    : null;

/** Maps one issue of the JQL search (plus its SLA times) to a canonical ticket. */
export function mapJiraIssue(issue: JiraIssue, sla: Record<string, string | boolean | null>): Record<string, unknown> {
  const f = issue.fields ?? {};
  const type = nameOf(f.issuetype)?.toLowerCase() ?? "";
  const ticket = {
    external_id: textOf(issue.key),
    kind: type.includes("incident") ? "incident" : "request",
    title: textOf(f.summary),
    priority: PRIORITY[nameOf(f.priority)?.toLowerCase() ?? ""] ?? null,
    assignee: personOf(f.assignee),
    requester: personOf(f.reporter),
    opened_at: textOf(f.created),
    resolved_at: textOf(f.resolutiondate),
  };
  // A field the issue does not return (not on its screens, hidden from the API user) is not carried; the SLA
  // fields come only with the SLAs the request has.
  return { ...carriedOnly(ticket, f, JIRA_SOURCE_OF), ...sla };
}

// The issue field each canonical field comes from (carriedOnly).
const JIRA_SOURCE_OF: Record<string, string> = {
  kind: "issuetype",
  title: "summary",
  priority: "priority",
  assignee: "assignee",
  requester: "reporter",
  opened_at: "created",
  resolved_at: "resolutiondate",
};

/** An ISO cursor → the `yyyy/MM/dd HH:mm` JQL wants, in the API user's zone, floored to the minute (re-reads are harmless). */
export function jqlTime(iso: string, zone: string): string {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new SyncError("malformed", `stored Jira cursor "${iso}" is not an ISO-8601 time`);
  return dt.setZone(zone).toFormat("yyyy/MM/dd HH:mm");
}

const later = (a: string | null, b: string | null) => {
  if (b === null || Number.isNaN(Date.parse(b))) return a;
  return a === null || Date.parse(b) > Date.parse(a) ? b : a;
};

/** Jira Service Management connector: enhanced JQL search on `updated` (nextPageToken paging) + request SLAs. */
export function jiraConnector(settings: JiraSettings, deps: ConnectorDeps = {}): Connector {
  const base = settings.url.replace(/\/+$/, "");
  const size = deps.pageSize ?? 100;
  const http: HttpOptions = deps;
  const headers = {
    authorization: `Basic ${Buffer.from(`${settings.email}:${settings.apiToken}`).toString("base64")}`,
  };
  const slaOf = async (key: string): Promise<Record<string, string | boolean | null>> => {
    try {
      const { body } = await sendJson<{ values?: JiraSla[] }>(
        `${base}/rest/servicedeskapi/request/${encodeURIComponent(key)}/sla`,
        { headers },
        http,
      );
      return slaTimes(Array.isArray(body.values) ? body.values : []);
    } catch (e) {
      // An issue outside a service project has no SLA (404): keep the ticket without due times.
      if (e instanceof SyncError && e.status === 404) return {};
      throw e;
    }
  };
  return {
    name: "jira",
    async *pages(since) {
      const bounds = [
        settings.jql ? `(${settings.jql})` : "",
        since ? `updated >= "${jqlTime(since, settings.timezone)}"` : "",
      ];
      const where = bounds.filter(Boolean).join(" AND ");
      let token: string | undefined;
      do {
        const q = new URLSearchParams({
          jql: `${where} ORDER BY updated ASC`.trim(),
          fields: JIRA_FIELDS.join(","),
          maxResults: String(size),
        });
        if (token) q.set("nextPageToken", token);
        const { body } = await sendJson<{ issues?: unknown; nextPageToken?: unknown; isLast?: unknown }>(
          `${base}/rest/api/3/search/jql?${q.toString()}`,
          { headers },
          http,
        );
        const issues = Array.isArray(body.issues) ? (body.issues as JiraIssue[]) : [];
        const page: SyncPage = { tickets: [], rejected: [], cursor: null };
        for (const issue of issues) {
          const key = textOf(issue.key);
          const sla = key === null ? {} : await slaOf(key);
          const m = mapRecord(
            issue,
            (i) => textOf(i.key),
            (i) => mapJiraIssue(i, sla),
          );
          if ("ticket" in m) page.tickets.push(m.ticket);
          else page.rejected.push(m as MappedReject);
          page.cursor = later(page.cursor, textOf(issue.fields?.updated));
        }
        if (issues.length > 0) yield page;
        token = typeof body.nextPageToken === "string" && body.isLast !== true ? body.nextPageToken : undefined;
      } while (token !== undefined);
    },
  };
}
