import { z } from "zod";
import type { ImportRepository } from "../store/repositories.js";
import { boolean, code, convertCells, describeIssues, integer, shapeOf, text } from "./fields.js";
import { rowInstant } from "./local-cells.js";
import { runImport } from "./pipeline.js";
import { type OrderRule, settleClockChanges } from "./row-order.js";
import type { ImportFamily, ImportInput, ImportOptions, ImportSummary, ImportTarget, WrittenBatch } from "./types.js";

/** Ticket kinds. */
export const TICKET_KINDS = ["incident", "request"] as const;
/** Channels a ticket can come in through. */
export const TICKET_CHANNELS = ["portal", "email", "phone", "chat", "walk_in", "monitoring", "mobile"] as const;

/** The canonical ticket CSV header (column order in a file may differ). */
export const TICKET_HEADER = [
  "external_id",
  "kind",
  "title",
  "category",
  "service",
  "priority",
  "channel",
  "group",
  "assignee",
  "requester",
  "opened_at",
  "first_response_at",
  "resolved_at",
  "closed_at",
  "response_due_at",
  "resolution_due_at",
  "sla_met",
  "support_level",
  "first_contact_resolution",
  "reopen_count",
  "automated",
] as const;

/** The ticket's instants, in header order (the order their clock-change readings are settled in). */
const INSTANTS = [
  "opened_at",
  "first_response_at",
  "resolved_at",
  "closed_at",
  "response_due_at",
  "resolution_due_at",
] as const;

// The order a row must keep: nothing before opened_at (a due date before the ticket existed is a bad
// export too), closed not before resolved. Refused when broken.
const ORDER: readonly OrderRule[] = [
  ...INSTANTS.slice(1).map((after) => ({ before: "opened_at", after })),
  { before: "resolved_at", after: "closed_at" },
];
// Never refused (a first response logged after the resolution happens), but where a repeated-hour time
// has two readings, the one that keeps opened ≤ first response ≤ resolved ≤ closed is taken.
const PREFERRED: readonly OrderRule[] = [
  { before: "first_response_at", after: "resolved_at" },
  { before: "first_response_at", after: "closed_at" },
];

/** How each column of the ticket header is read, local times in `zone` (null: instants must state their zone). */
export function ticketCells(zone: string | null) {
  return {
    external_id: text({ max: 200, required: true }),
    kind: code(TICKET_KINDS, { required: true }),
    title: text({ max: 1000 }),
    category: text({ max: 200 }),
    service: text({ max: 200 }),
    priority: integer(1, 4),
    channel: code(TICKET_CHANNELS),
    group: text({ max: 200 }),
    assignee: text({ max: 200 }),
    requester: text({ max: 200 }),
    opened_at: rowInstant(zone, { required: true }),
    first_response_at: rowInstant(zone),
    resolved_at: rowInstant(zone),
    closed_at: rowInstant(zone),
    response_due_at: rowInstant(zone),
    resolution_due_at: rowInstant(zone),
    sla_met: boolean(),
    support_level: integer(1, 3),
    first_contact_resolution: boolean(),
    reopen_count: integer(0, 1_000_000, 0),
    automated: boolean(false),
  };
}

/** How each column of the ticket header is read when instants must state their zone (webhook, syncs). */
export const TICKET_CELLS = ticketCells(null);

// The cells' types do not depend on the zone: one schema validates the converted cells of every ticket family.
const cellsSchema = z.object(shapeOf(TICKET_CELLS));

/** A validated ticket row (header names as keys, typed values, null for empty cells). */
export type TicketRow = z.output<typeof cellsSchema>;

/** The `tickets` column a header field is stored in: only `group` is stored under another name (GROUP is SQL). */
export function ticketColumn(field: string): string {
  return field === "group" ? "group_name" : field;
}

/**
 * The ticket family reading local times in `zone` (KPIBOT_TIMEZONE): canonical header → `tickets` table,
 * upserted by (source, external_id). With `zone` null, instants must state their zone (Z or an offset).
 */
export function ticketFamilyIn(zone: string | null): ImportFamily<TicketRow> {
  const cells = ticketCells(zone);
  return {
    kind: "tickets",
    table: "tickets",
    header: TICKET_HEADER,
    // Added with ITSM tools' SLA verdicts: canonical files written before it stay valid.
    optional: ["sla_met"],
    parse(raw) {
      const values = convertCells(cells, TICKET_HEADER, raw);
      // Settled before validation so the typed row holds Dates; it compares only the instants that converted.
      const settled = settleClockChanges(values, INSTANTS, ORDER, PREFERRED);
      const r = cellsSchema.safeParse(values);
      if (!r.success) return { ok: false, reason: [describeIssues(r.error), ...settled.problems].join("; ") };
      if (settled.problems.length > 0) return { ok: false, reason: settled.problems.join("; ") };
      return settled.note ? { ok: true, row: r.data, note: settled.note } : { ok: true, row: r.data };
    },
    // The file's columns in header order (ticketColumn: `group` is stored as group_name).
    columns: ["source", ...TICKET_HEADER.map(ticketColumn)],
    keyColumns: ["source", "external_id"],
    toValues: (t, source) => [source, ...TICKET_HEADER.map((c) => t[c])],
    touchColumn: "updated_at",
    extraColumns: ["id"],
    module:
      zone === null
        ? { url: import.meta.url, name: "ticketFamily" }
        : { url: import.meta.url, name: "ticketFamilyIn", args: [zone] },
  };
}

/** The ticket family of the webhook and the syncs: an API states each instant's zone (Z or an offset). */
export const ticketFamily: ImportFamily<TicketRow> = ticketFamilyIn(null);

/** Options of a ticket import. */
export interface TicketImportOptions extends Omit<ImportOptions<TicketRow>, "onBatchWritten"> {
  /** Zone of the file's local times (KPIBOT_TIMEZONE); without it, instants must state their zone. */
  timezone?: string;
  /**
   * Called after each committed batch with the ids of tickets that became resolved in it
   * (inserted already resolved, or updated from unresolved to resolved); may be called several times.
   */
  onResolved?: (ticketIds: number[]) => Promise<void>;
}

/**
 * Ids of the tickets a committed batch resolved: inserted already resolved, or updated from unresolved to
 * resolved (what the transactional survey is sent for).
 */
export async function resolvedIds(
  imports: ImportRepository,
  source: string,
  batch: WrittenBatch<TicketRow>,
): Promise<number[]> {
  const ids = batch.updated
    .filter(({ row, before }) => row.resolved_at !== null && before.resolved_at == null)
    .map(({ before }) => Number(before.id));
  const newKeys = batch.inserted.filter((t) => t.resolved_at !== null).map((t) => t.external_id);
  if (newKeys.length > 0) ids.push(...(await imports.ticketIds(source, newKeys)));
  return ids;
}

/** Imports canonical ticket rows from a file or stream (upsert by source + external_id). */
export async function importTickets(
  target: ImportTarget,
  input: ImportInput,
  opts: TicketImportOptions = {},
): Promise<ImportSummary> {
  const { onResolved, timezone, ...rest } = opts;
  const family = timezone === undefined ? ticketFamily : ticketFamilyIn(timezone);
  if (onResolved === undefined) return runImport(target, family, input, rest);
  const source = opts.source ?? "csv";
  return runImport(target, family, input, {
    ...rest,
    onBatchWritten: async (batch) => {
      const ids = await resolvedIds(target.repos.imports, source, batch);
      if (ids.length > 0) await onResolved(ids);
    },
  });
}
