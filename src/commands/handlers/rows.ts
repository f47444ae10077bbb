import { KpibotError } from "../../errors.js";
import { findKpi } from "../../kpi/definitions.js";
import { hasTicketRows, TICKET_ROW_KPIS } from "../../kpi/rows.js";
import type { KpiQuery } from "../../kpi/types.js";
import type { ExportSpec } from "../../reply/types.js";
import { exportUrl } from "../../rows/export-link.js";
import { exportFileName, MAX_EXPORT_ROWS } from "../../rows/rows-csv.js";
import { exportReply, LISTED_ROWS, notTicketsReply, type RowsView, rowsReply } from "../../rows/rows-reply.js";
import { type CommandContext, type Outcome, replyOptions } from "../context.js";
import { hiddenAudiences } from "../visibility.js";

/**
 * The tickets behind a number (`fcr last month tickets`, the "Tickets" button) or all of them as a CSV file
 * (`fcr last month export`). The question was read and its who-sees-what checked by the caller; here the
 * assignee column is read only for askers who may see per-person figures (docs/security.md).
 */
export async function answerRows(ctx: CommandContext, query: KpiQuery, mode: "list" | "export"): Promise<Outcome> {
  const def = findKpi(query.kpi);
  if (!def) throw new KpibotError("NOT_FOUND", `unknown KPI "${query.kpi}"`);
  if (!hasTicketRows(def.id)) return { kind: "reply", reply: notTicketsReply(def, TICKET_ROW_KPIS, ctx.locale) };
  const { app } = ctx;
  const assignee = (await hiddenAudiences(ctx, ["personal"])).length === 0;
  const options = replyOptions(ctx);
  const view: RowsView = {
    definition: def,
    period: query.period,
    filters: query.filters ?? [],
    locale: ctx.locale,
    timeZone: options.timeZone,
    ticketUrl: app.config.KPIBOT_TICKET_URL,
    assigneeHidden: !assignee,
    ephemeral: options.ephemeral,
  };
  const rows = await app.kpi.rows({ ...query, limit: mode === "list" ? LISTED_ROWS : 0, assignee });
  if (mode === "list") return { kind: "reply", reply: rowsReply(rows, view) };
  // The file names the same span, as of now: Slack uploads it, the other surfaces link to kpibot's download.
  const now = app.clock.now();
  const spec: ExportSpec = {
    kind: "ticket-rows",
    kpi: def.id,
    start: rows.span.start.getTime(),
    end: rows.span.end.getTime(),
    asOf: Math.max(now.getTime(), rows.span.end.getTime()),
    filters: [...(query.filters ?? [])],
    assignee,
    timezone: options.timeZone,
    name: exportFileName(def.id, query.period.label),
  };
  const file = {
    name: spec.name,
    spec,
    url: exportUrl(app.config, spec, now),
    rows: Math.min(rows.total, MAX_EXPORT_ROWS),
    max: MAX_EXPORT_ROWS,
  };
  return { kind: "reply", reply: exportReply(rows, file, view) };
}
