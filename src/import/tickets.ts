import { z } from "zod";
import type { Db } from "../store/db.js";
import { boolean, code, convertCells, describeIssues, instant, integer, shapeOf, text } from "./fields.js";
import { runImport } from "./pipeline.js";
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

// Instants that must not come before opened_at (a due date before the ticket existed is a bad export too).
const AFTER_OPENING = [
  "first_response_at",
  "resolved_at",
  "closed_at",
  "response_due_at",
  "resolution_due_at",
] as const;

const iso = (d: Date) => d.toISOString();

/** How each column of the ticket header is read. */
export const TICKET_CELLS = {
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
  opened_at: instant({ required: true }),
  first_response_at: instant(),
  resolved_at: instant(),
  closed_at: instant(),
  response_due_at: instant(),
  resolution_due_at: instant(),
  sla_met: boolean(),
  support_level: integer(1, 3),
  first_contact_resolution: boolean(),
  reopen_count: integer(0, 1_000_000, 0),
  automated: boolean(false),
};

/** One canonical ticket row, validated (cells converted by TICKET_CELLS first). */
export const ticketRowSchema = z.object(shapeOf(TICKET_CELLS)).superRefine((t, ctx) => {
  if (!(t.opened_at instanceof Date)) return;
  for (const field of AFTER_OPENING) {
    const at = t[field];
    if (at instanceof Date && at < t.opened_at)
      ctx.addIssue({
        code: "custom",
        path: [field],
        message: `${iso(at)} is before opened_at ${iso(t.opened_at)}`,
      });
  }
  if (t.closed_at instanceof Date && t.resolved_at instanceof Date && t.closed_at < t.resolved_at)
    ctx.addIssue({
      code: "custom",
      path: ["closed_at"],
      message: `${iso(t.closed_at)} is before resolved_at ${iso(t.resolved_at)}`,
    });
});

/** A validated ticket row (header names as keys, typed values, null for empty cells). */
export type TicketRow = z.output<typeof ticketRowSchema>;

/** The `tickets` column a header field is stored in: only `group` is stored under another name (GROUP is SQL). */
export function ticketColumn(field: string): string {
  return field === "group" ? "group_name" : field;
}

/** The ticket family: canonical header → `tickets` table, upserted by (source, external_id). */
export const ticketFamily: ImportFamily<TicketRow> = {
  kind: "tickets",
  table: "tickets",
  header: TICKET_HEADER,
  // Added with ITSM tools' SLA verdicts: canonical files written before it stay valid.
  optional: ["sla_met"],
  parse(cells) {
    const r = ticketRowSchema.safeParse(convertCells(TICKET_CELLS, TICKET_HEADER, cells));
    return r.success ? { ok: true, row: r.data } : { ok: false, reason: describeIssues(r.error) };
  },
  // The file's columns in header order (ticketColumn: `group` is stored as group_name).
  columns: ["source", ...TICKET_HEADER.map(ticketColumn)],
  keyColumns: ["source", "external_id"],
  toValues: (t, source) => [source, ...TICKET_HEADER.map((c) => t[c])],
  touchColumn: "updated_at",
  extraColumns: ["id"],
  module: { url: import.meta.url, name: "ticketFamily" },
};

/** Options of a ticket import. */
export interface TicketImportOptions extends Omit<ImportOptions<TicketRow>, "onBatchWritten"> {
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
export async function resolvedIds(db: Db, source: string, batch: WrittenBatch<TicketRow>): Promise<number[]> {
  const ids = batch.updated
    .filter(({ row, before }) => row.resolved_at !== null && before.resolved_at == null)
    .map(({ before }) => Number(before.id));
  const newKeys = batch.inserted.filter((t) => t.resolved_at !== null).map((t) => t.external_id);
  if (newKeys.length > 0) {
    const found = await db.query<{ id: number }>(
      `SELECT "id" FROM "tickets" WHERE "source" = ? AND "external_id" IN (${newKeys.map(() => "?").join(", ")})`,
      [source, ...newKeys],
    );
    ids.push(...found.map((r) => Number(r.id)));
  }
  return ids;
}

/** Imports canonical ticket rows from a CSV file or stream (upsert by source + external_id). */
export async function importTickets(
  target: ImportTarget,
  input: ImportInput,
  opts: TicketImportOptions = {},
): Promise<ImportSummary> {
  const { onResolved, ...rest } = opts;
  if (onResolved === undefined) return runImport(target, ticketFamily, input, rest);
  const source = opts.source ?? "csv";
  return runImport(target, ticketFamily, input, {
    ...rest,
    onBatchWritten: async (batch) => {
      const ids = await resolvedIds(target.db, source, batch);
      if (ids.length > 0) await onResolved(ids);
    },
  });
}
