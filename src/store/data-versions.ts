import type { Db } from "./db.js";

/**
 * The sources of KPI figures, each a group of tables written together. Triggers on every table of a source
 * (migration 20261229120000_data_versions) move the source's version in the same transaction as the write.
 */
export const DATA_SOURCES = {
  tickets: ["tickets"],
  changes: ["changes"],
  costs: ["cost_lines"],
  assets: ["asset_counts"],
  staff: ["staff_allocations"],
  time: ["time_entries"],
  shadow_it: ["shadow_it_findings"],
  portal: ["portal_usage"],
  // One version for a survey, its questions and its answers: a survey write moves one row, never two in some order.
  surveys: ["surveys", "survey_questions", "survey_answers"],
  targets: ["kpi_targets"],
} as const satisfies Record<string, readonly string[]>;

/** A source of KPI figures (a key of DATA_SOURCES). */
export type DataSource = keyof typeof DATA_SOURCES;

/** The source a table belongs to, or undefined for tables no KPI reads. */
export function sourceOfTable(table: string): DataSource | undefined {
  for (const [source, tables] of Object.entries(DATA_SOURCES) as [DataSource, readonly string[]][]) {
    if (tables.includes(table)) return source;
  }
  return undefined;
}

/** The current version of every source (one read of a ten-row table). */
export async function readDataVersions(db: Db): Promise<Map<string, number>> {
  // Inline: on SQLite this runs on this thread (a read-only connection of its own) in microseconds, never queued
  // behind a slow KPI query in the read pool (a cache hit must stay fast while a heavy answer is computed).
  const rows = await db.query<{ source: string; version: unknown }>("SELECT source, version FROM data_versions", [], {
    inline: true,
  });
  return new Map(rows.map((r) => [r.source, Number(r.version)]));
}
