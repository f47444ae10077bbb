import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { resolvedIds as resolvedOf, runImport, TICKET_HEADER, ticketFamily } from "../import/index.js";
import type { ImportSummary, ImportTarget } from "../import/types.js";

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
}

const FIELDS = new Set<string>(TICKET_HEADER);

/** A JSON value as the CSV cell the canonical importer reads ("" for null/absent), or why it cannot be one. */
function cellOf(field: string, v: unknown): string | { reason: string } {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return { reason: `${field}: must be a string, number, boolean or null` };
}

/** Validates one JSON ticket against the canonical ticket schema: its cells in TICKET_HEADER order, or a reason. */
export function toCells(
  item: unknown,
): { cells: string[]; externalId: string | null } | { reason: string; externalId: string | null } {
  if (typeof item !== "object" || item === null || Array.isArray(item))
    return { reason: "each ticket must be a JSON object", externalId: null };
  const obj = item as Record<string, unknown>;
  const externalId =
    typeof obj.external_id === "string" || typeof obj.external_id === "number" ? String(obj.external_id).trim() : null;
  const unknown = Object.keys(obj).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0)
    return { reason: `unknown field(s): ${unknown.join(", ")} (expected: ${TICKET_HEADER.join(", ")})`, externalId };
  const cells: string[] = [];
  for (const field of TICKET_HEADER) {
    const c = cellOf(field, obj[field]);
    if (typeof c !== "string") return { reason: c.reason, externalId };
    cells.push(c);
  }
  const parsed = ticketFamily.parse(cells);
  return parsed.ok ? { cells, externalId } : { reason: parsed.reason, externalId };
}

/**
 * Upserts canonical JSON tickets through the canonical ticket import (same validation, same
 * upsert by (source, external_id) writing only new/changed rows, same import_runs record) and
 * says what happened to each one. An external_id repeated in the list: the later one wins and
 * both positions get its status.
 */
export async function upsertTickets(
  target: ImportTarget,
  items: readonly unknown[],
  opts: UpsertTicketsOptions = {},
): Promise<UpsertOutcome> {
  const source = opts.source ?? "webhook";
  const results: ItemResult[] = [];
  const valid = new Map<string, string[]>(); // external_id → cells (later wins)
  for (const item of items) {
    const r = toCells(item);
    if ("reason" in r) results.push({ external_id: r.externalId, status: "rejected", reason: r.reason });
    else {
      valid.delete(r.externalId as string); // keep map order = order of the last occurrence
      valid.set(r.externalId as string, r.cells);
      results.push({ external_id: r.externalId, status: "unchanged" });
    }
  }
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
      dryRun: opts.dryRun ?? false,
      reportPath: null,
      fileName: opts.label ?? source,
      parallel: false,
      onBatchWritten: async (batch) => {
        for (const t of batch.inserted) inserted.add(t.external_id);
        for (const u of batch.updated) updated.add(u.row.external_id);
        resolvedIds.push(...(await resolvedOf(target.db, source, batch)));
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
