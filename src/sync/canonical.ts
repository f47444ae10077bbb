import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { resolvedIds as resolvedOf, runImport, TICKET_HEADER, ticketFamily } from "../import/index.js";
import { ticketColumn } from "../import/tickets.js";
import type { ImportSummary, ImportTarget } from "../import/types.js";
import type { ImportRepository } from "../store/repositories.js";
import { toBool, toDate } from "../store/sql-values.js";

/** What happened to one submitted ticket. */
export type ItemStatus = "inserted" | "updated" | "unchanged" | "rejected";

/** One per submitted ticket, in submission order. */
export interface ItemResult {
  external_id: string | null;
  status: ItemStatus;
  reason?: string;
}

/** The outcome of upserting a list of canonical tickets. */
export interface UpsertOutcome {
  results: ItemResult[];
  counts: Record<ItemStatus, number>;
  /** Ids of tickets that became resolved (inserted resolved, or updated from unresolved to resolved). */
  resolvedIds: number[];
  /** The import run's summary (null when nothing valid was submitted). */
  summary: ImportSummary | null;
}

/** Options of upsertTickets. */
export interface UpsertTicketsOptions {
  /** Source system name, part of the natural key (default "webhook"). */
  source?: string;
  /** Classify only, write nothing (per-item statuses are then "unchanged" or "rejected"; counts come from the summary). */
  dryRun?: boolean;
  /** Name recorded on the import_runs row. */
  label?: string;
  /** What writes, recorded as the tickets' last write (default "webhook"). */
  via?: "sync" | "webhook";
}

const FIELDS = new Set<string>(TICKET_HEADER);
// How stored values read back as cells (SQLite gives instants as epoch ms and booleans as 0/1).
const INSTANTS = new Set<string>([
  "opened_at",
  "first_response_at",
  "resolved_at",
  "closed_at",
  "response_due_at",
  "resolution_due_at",
]);
const BOOLEANS = new Set<string>(["sla_met", "first_contact_resolution", "automated"]);

/** A JSON value as the CSV cell the canonical importer reads ("" for null/absent), or why it cannot be one. */
function cellOf(field: string, v: unknown): string | { reason: string } {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return { reason: `${field}: must be a string, number, boolean or null` };
}

/** A stored `tickets` value as the cell the canonical importer reads back to the same value. */
function storedCell(field: string, v: unknown): string {
  if (v === null || v === undefined) return "";
  if (INSTANTS.has(field)) return toDate(v)?.toISOString() ?? "";
  if (BOOLEANS.has(field)) return String(toBool(v) ?? "");
  return String(v);
}

/** The external id an item names (trimmed), or null. */
function externalIdOf(item: unknown): string | null {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return null;
  const id = (item as Record<string, unknown>).external_id;
  return typeof id === "string" || typeof id === "number" ? String(id).trim() : null;
}

/**
 * Checks one JSON ticket's shape (an object of canonical fields with scalar values) and returns the cells of
 * the fields it carries: a key present (even `null`, which clears the field) is carried, an absent key is not.
 */
export function carriedCells(
  item: unknown,
): { fields: Map<string, string>; externalId: string | null } | { reason: string; externalId: string | null } {
  if (typeof item !== "object" || item === null || Array.isArray(item))
    return { reason: "each ticket must be a JSON object", externalId: null };
  const obj = item as Record<string, unknown>;
  const externalId = externalIdOf(obj);
  const unknown = Object.keys(obj).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0)
    return { reason: `unknown field(s): ${unknown.join(", ")} (expected: ${TICKET_HEADER.join(", ")})`, externalId };
  const fields = new Map<string, string>();
  for (const [field, value] of Object.entries(obj)) {
    const c = cellOf(field, value);
    if (typeof c !== "string") return { reason: c.reason, externalId };
    fields.set(field, c);
  }
  return { fields, externalId };
}

/** The stored tickets of `ids` under `source`, as cells in TICKET_HEADER order, by external id. */
async function storedTickets(
  imports: ImportRepository,
  source: string,
  ids: readonly string[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const rows = await imports.storedTickets(source, ids, TICKET_HEADER.map(ticketColumn));
  for (const r of rows)
    found.set(
      String(r.external_id),
      TICKET_HEADER.map((f) => storedCell(f, r[ticketColumn(f)])),
    );
  return found;
}

/**
 * Upserts canonical JSON tickets through the canonical ticket import (same validation, same
 * upsert by (source, external_id) writing only new/changed rows, same import_runs record) and
 * says what happened to each one.
 *
 * A ticket writes only the fields it carries: an absent key keeps the stored value (a key given
 * as `null` clears it). Each item is validated as the stored ticket with its fields applied, so
 * `{ "external_id": "INC-1", "resolved_at": "…" }` updates a stored ticket; a ticket kpibot does
 * not have yet needs the required fields. The update statement sets only the carried columns, so
 * a concurrent write of other fields is not undone. An external_id repeated in the list: its
 * items apply in order (a later value wins) and every accepted position gets the final status.
 */
export async function upsertTickets(
  target: ImportTarget,
  items: readonly unknown[],
  opts: UpsertTicketsOptions = {},
): Promise<UpsertOutcome> {
  const source = opts.source ?? "webhook";
  const results: ItemResult[] = [];
  const ids = items.map(externalIdOf).filter((id): id is string => id !== null && id !== "");
  const stored = ids.length > 0 ? await storedTickets(target.repos.imports, source, ids) : new Map<string, string[]>();
  const valid = new Map<string, string[]>(); // external_id → cells so far (stored, then each accepted item)
  const carried = new Map<string, Set<string>>(); // external_id → fields the accepted items carry
  for (const item of items) {
    const r = carriedCells(item);
    if ("reason" in r) {
      results.push({ external_id: r.externalId, status: "rejected", reason: r.reason });
      continue;
    }
    const id = r.externalId ?? "";
    const base = valid.get(id) ?? stored.get(id);
    const cells = TICKET_HEADER.map((f, j) => r.fields.get(f) ?? base?.[j] ?? "");
    const parsed = ticketFamily.parse(cells);
    if (!parsed.ok) {
      const missing = base === undefined && id !== "" && !(r.fields.has("kind") && r.fields.has("opened_at"));
      // A partial update of a ticket kpibot does not have (yet, or under another source) is a new ticket.
      const reason = missing
        ? `${parsed.reason} (no ticket ${JSON.stringify(id)} is stored under source ${JSON.stringify(source)}: a new ticket needs kind and opened_at)`
        : parsed.reason;
      results.push({ external_id: r.externalId, status: "rejected", reason });
      continue;
    }
    valid.delete(id); // keep map order = order of the last occurrence
    valid.set(id, cells);
    const fields = carried.get(id) ?? new Set<string>();
    for (const f of r.fields.keys()) fields.add(f);
    carried.set(id, fields);
    results.push({ external_id: r.externalId, status: "unchanged" });
  }
  const updateColumns = new Map(
    [...carried].map(([id, fields]) => [id, [...fields].filter((f) => f !== "external_id").map(ticketColumn)]),
  );
  let summary: ImportSummary | null = null;
  const inserted = new Set<string>();
  const updated = new Set<string>();
  const resolvedIds: number[] = [];
  const lineOf = new Map<number, string>(); // CSV line → external_id, to map importer rejections back
  if (valid.size > 0) {
    let line = 2;
    const chunks = [stringify([TICKET_HEADER as unknown as string[]])];
    for (const [id, cells] of valid) {
      const text = stringify([cells]);
      lineOf.set(line, id);
      line += text.split("\n").length - 1;
      chunks.push(text);
    }
    summary = await runImport(target, ticketFamily, Readable.from([chunks.join("")]), {
      source,
      via: opts.via ?? "webhook",
      dryRun: opts.dryRun ?? false,
      reportPath: null,
      fileName: opts.label ?? source,
      parallel: false,
      updateColumns: (row) => updateColumns.get(row.external_id),
      onBatchWritten: async (batch) => {
        for (const t of batch.inserted) inserted.add(t.external_id);
        for (const u of batch.updated) updated.add(u.row.external_id);
        resolvedIds.push(...(await resolvedOf(target.repos.imports, source, batch)));
      },
    });
    const lateRejects = new Map(summary.rejections.map((r) => [lineOf.get(r.line), r.reason]));
    for (const r of results) {
      if (r.status === "rejected" || r.external_id === null) continue;
      const late = lateRejects.get(r.external_id);
      if (late !== undefined) Object.assign(r, { status: "rejected", reason: late });
      else if (inserted.has(r.external_id)) r.status = "inserted";
      else if (updated.has(r.external_id)) r.status = "updated";
    }
  }
  const counts: Record<ItemStatus, number> = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of results) counts[r.status]++;
  return { results, counts, resolvedIds, summary };
}
