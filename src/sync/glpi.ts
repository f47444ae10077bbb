import { type HttpOptions, SyncError, sendJson } from "./http.js";
import {
  carriedOnly,
  derivedAsPreset,
  intOf,
  laterText,
  localToIso,
  mapRecord,
  nextWindow,
  type PageWindow,
  secondBefore,
  textOf,
} from "./map.js";
import type { Connector, ConnectorDeps, MappedReject, SyncPage } from "./types.js";

/** GLPI connection settings (GLPI_URL is the API root, e.g. https://glpi.example.org/apirest.php). */
export interface GlpiSettings {
  url: string;
  appToken: string;
  userToken: string;
  /** The GLPI server's time zone (its dates carry none). */
  timezone: string;
}

/**
 * GLPI Ticket search option ids, as GLPI's source defines them: CommonITILObject::getSearchOptionsMain (1 name,
 * 2 id, 3 priority, 7 category, 12 status, 15 date, 16 closedate, 17 solvedate, 18 time_to_resolve, 19 date_mod),
 * getSearchOptionsActors (4 requester, 5 technician, 8 technician group) and Ticket::rawSearchOptions (9 request
 * source, 14 type, 155 time_to_own).
 */
export const GLPI_FIELDS = {
  name: 1,
  id: 2,
  priority: 3,
  requester: 4,
  technician: 5,
  category: 7,
  group: 8,
  requestType: 9,
  status: 12,
  type: 14,
  date: 15,
  closedate: 16,
  solvedate: 17,
  timeToResolve: 18,
  dateMod: 19,
  timeToOwn: 155,
} as const;

// GLPI priority 6 (major) … 1 (very low) → canonical 1 (highest) … 4.
const PRIORITY: Record<number, number> = { 6: 1, 5: 1, 4: 2, 3: 3, 2: 4, 1: 4 };
// Request types as GLPI names them out of the box (EN/FR).
const CHANNEL: Record<string, string> = {
  helpdesk: "portal",
  "e-mail": "email",
  email: "email",
  courriel: "email",
  phone: "phone",
  téléphone: "phone",
  direct: "walk_in",
  written: "email",
  écrit: "email",
};

type GlpiRow = Record<string, unknown>;

/** Maps one row of `search/Ticket` (keys are search option ids) to a canonical ticket. */
export function mapGlpiTicket(row: GlpiRow, timezone: string): Record<string, unknown> {
  const f = (k: keyof typeof GLPI_FIELDS) => row[String(GLPI_FIELDS[k])];
  const at = (k: keyof typeof GLPI_FIELDS) => localToIso(f(k), timezone, k);
  const type = intOf(f("type"));
  if (type !== 1 && type !== 2) throw new Error(`type: expected 1 (incident) or 2 (request), got ${String(f("type"))}`);
  const priority = intOf(f("priority"));
  const ticket = {
    external_id: textOf(f("id")),
    kind: type === 1 ? "incident" : "request",
    title: textOf(f("name")),
    category: textOf(f("category")),
    priority: priority === null ? null : (PRIORITY[priority] ?? null),
    channel: CHANNEL[textOf(f("requestType"))?.toLowerCase() ?? ""] ?? null,
    group: textOf(f("group")),
    assignee: textOf(f("technician")),
    requester: textOf(f("requester")),
    opened_at: at("date"),
    resolved_at: at("solvedate"),
    closed_at: at("closedate"),
    response_due_at: at("timeToOwn"),
    resolution_due_at: at("timeToResolve"),
  };
  return carriedOnly(ticket, row, GLPI_SOURCE_OF);
}

// The search option each canonical field comes from: a column the row lacks is not carried (carriedOnly).
const GLPI_SOURCE_OF = Object.fromEntries(
  Object.entries({
    title: "name",
    category: "category",
    priority: "priority",
    channel: "requestType",
    group: "group",
    assignee: "technician",
    requester: "requester",
    opened_at: "date",
    resolved_at: "solvedate",
    closed_at: "closedate",
    response_due_at: "timeToOwn",
    resolution_due_at: "timeToResolve",
  } satisfies Record<string, keyof typeof GLPI_FIELDS>).map(([field, k]) => [field, String(GLPI_FIELDS[k])]),
);

/** Support level from the assigned group, FCR from it (the glpi preset's rules). */
const deriveGlpi = derivedAsPreset("glpi");

/** The total in a `Content-Range: 0-49/120` header (null when absent). */
export function contentRangeTotal(header: string | null): number | null {
  const m = header === null ? null : /\/(\d+)\s*$/.exec(header);
  return m ? Number(m[1]) : null;
}

/**
 * GLPI REST API connector: initSession → search/Ticket by date_mod, paged with range over a moving window
 * (nextWindow: date_mod from the last page's latest, skipping those already read at that second) → killSession.
 */
export function glpiConnector(settings: GlpiSettings, deps: ConnectorDeps = {}): Connector {
  const base = settings.url.replace(/\/+$/, "");
  const size = deps.pageSize ?? 100;
  const http: HttpOptions = deps;
  return {
    name: "glpi",
    async *pages(since) {
      const auth = { "App-Token": settings.appToken, Authorization: `user_token ${settings.userToken}` };
      const { body } = await sendJson<{ session_token?: string }>(`${base}/initSession`, { headers: auth }, http);
      const session = body.session_token;
      if (typeof session !== "string") throw new SyncError("malformed", "GLPI initSession answered no session_token");
      const headers = { "App-Token": settings.appToken, "Session-Token": session };
      try {
        let window: PageWindow = { since, skip: 0 };
        for (;;) {
          const q = new URLSearchParams();
          if (window.since !== null) {
            q.set("criteria[0][field]", String(GLPI_FIELDS.dateMod));
            q.set("criteria[0][searchtype]", "morethan");
            q.set("criteria[0][value]", secondBefore(window.since));
          }
          Object.values(GLPI_FIELDS).forEach((id, i) => {
            q.set(`forcedisplay[${i}]`, String(id));
          });
          q.set("sort", String(GLPI_FIELDS.dateMod));
          q.set("order", "ASC");
          q.set("range", `${window.skip}-${window.skip + size - 1}`);
          const res = await sendJson<{ totalcount?: number; data?: unknown }>(
            `${base}/search/Ticket?${q.toString()}`,
            { headers },
            http,
          );
          const rows = Array.isArray(res.body.data) ? (res.body.data as GlpiRow[]) : [];
          const page: SyncPage = { tickets: [], rejected: [], cursor: null };
          for (const row of rows) {
            const m = mapRecord(
              row,
              (r) => textOf(r[String(GLPI_FIELDS.id)]),
              (r) => deriveGlpi(mapGlpiTicket(r, settings.timezone)),
            );
            if ("ticket" in m) page.tickets.push(m.ticket);
            else page.rejected.push(m as MappedReject);
            page.cursor = laterText(page.cursor, textOf(row[String(GLPI_FIELDS.dateMod)]));
          }
          if (rows.length > 0) yield page;
          const total = contentRangeTotal(res.headers.get("content-range")) ?? res.body.totalcount ?? 0;
          if (rows.length < size || window.skip + size >= total) break;
          window = nextWindow(
            window,
            rows.map((r) => textOf(r[String(GLPI_FIELDS.dateMod)])),
          );
        }
      } finally {
        await sendJson(`${base}/killSession`, { headers }, { ...http, attempts: 1 }).catch(() => undefined);
      }
    },
  };
}
