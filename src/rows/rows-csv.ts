import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { SPREADSHEET_SAFE } from "../format/spreadsheet.js";
import type { KpiEngine } from "../kpi/engine.js";
import type { TicketRow } from "../kpi/rows.js";
import { ticketUrl } from "../reply/links.js";
import type { ExportSpec } from "../reply/types.js";

/** The most rows one export holds (a year of tickets fits; beyond, the answer says so and asks for a narrower one). */
export const MAX_EXPORT_ROWS = 50_000;

/** An export's file. */
export interface RowsCsv {
  name: string;
  csv: string;
  /** Data rows in the file. */
  rows: number;
  /** Tickets behind the number (more than `rows` when capped). */
  total: number;
}

/** `fcr-2026-11.csv`: the KPI and the asked period's label, file-name safe. */
export function exportFileName(kpi: string, periodLabel: string): string {
  return `${`${kpi}-${periodLabel}`.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 76)}.csv`;
}

const iso = (d: Date | null, zone: string): string =>
  d ? (DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true }) ?? "") : "";
const bool = (b: boolean | null): string => (b === null ? "" : String(b));

/**
 * Every ticket behind an export's number as CSV (up to MAX_EXPORT_ROWS): key fields, instants in the
 * organisation's zone, whether each counts against a rate, its hours (mttr, mtta) or age in days (backlog), and its
 * link in the ITSM tool when KPIBOT_TICKET_URL is set. The assignee column only when the spec allows it. Text cells
 * come from the ITSM tool: written so a spreadsheet never runs them as formulas.
 */
export async function rowsCsv(
  kpi: KpiEngine,
  spec: ExportSpec,
  opts: { ticketUrl?: string | undefined } = {},
): Promise<RowsCsv> {
  const list = await kpi.rows({
    kpi: spec.kpi,
    period: { start: new Date(spec.start), end: new Date(spec.end), grain: "custom", label: "export" },
    filters: spec.filters,
    asOf: new Date(spec.asOf),
    timezone: spec.timezone,
    limit: MAX_EXPORT_ROWS,
    assignee: spec.assignee,
  });
  const zone = spec.timezone;
  const rate = list.against !== null;
  const measure = list.rows.some((r) => r.measure !== null) ? (spec.kpi === "backlog" ? "age_days" : "hours") : null;
  const columns = [
    "ticket_id",
    "source",
    "kind",
    "title",
    "priority",
    "group",
    "service",
    "channel",
    ...(spec.assignee ? ["assignee"] : []),
    "opened_at",
    "first_response_at",
    "resolved_at",
    "response_due_at",
    "resolution_due_at",
    "sla_met",
    "support_level",
    "first_contact_resolution",
    "reopen_count",
    "automated",
    ...(rate ? ["counts_against"] : []),
    ...(measure ? [measure] : []),
    ...(opts.ticketUrl ? ["url"] : []),
  ];
  const record = (r: TicketRow) => [
    r.externalId,
    r.source,
    r.kind,
    r.title ?? "",
    r.priority ?? "",
    r.group ?? "",
    r.service ?? "",
    r.channel ?? "",
    ...(spec.assignee ? [r.assignee ?? ""] : []),
    iso(r.openedAt, zone),
    iso(r.firstResponseAt, zone),
    iso(r.resolvedAt, zone),
    iso(r.responseDueAt, zone),
    iso(r.resolutionDueAt, zone),
    bool(r.slaMet),
    r.supportLevel ?? "",
    bool(r.firstContactResolution),
    r.reopenCount,
    bool(r.automated),
    ...(rate ? [bool(r.against)] : []),
    ...(measure ? [r.measure ?? ""] : []),
    ...(opts.ticketUrl ? [ticketUrl(opts.ticketUrl, r.externalId) ?? ""] : []),
  ];
  const csv = stringify(list.rows.map(record), { header: true, columns, ...SPREADSHEET_SAFE });
  return { name: spec.name, csv, rows: list.rows.length, total: list.total };
}
