import { columnTypes, insertRowsFast } from "./bulk.js";
import type { Db, SqlParam } from "./db.js";

// The import pipeline's batch writer (src/import/pipeline.ts): moved here whole, SQL and batching unchanged.

/** The table an import writes, as the batch writer sees it (an import family is one). */
export interface UpsertTable {
  /** Target table. */
  readonly table: string;
  /** Table columns written, in the order of each row's values (natural key columns included). */
  readonly columns: readonly string[];
  /** The natural key (a subset of `columns`) the upsert conflicts on; it needs a unique index. */
  readonly keyColumns: readonly string[];
  /** Column set to the import time on every write (e.g. "updated_at"); never compared. */
  readonly touchColumn?: string;
  /** Extra columns read back with existing rows (e.g. "id") for hooks; never compared or written. */
  readonly extraColumns?: readonly string[];
}

/** A batch that was committed, for post-commit hooks (surveys on resolved tickets, …). */
export interface WrittenBatch<Row> {
  /** Rows that did not exist before. */
  inserted: Row[];
  /** Rows that existed and changed, with the stored row as it was before (all selected columns). */
  updated: { row: Row; before: Record<string, unknown> }[];
}

/** A validated row waiting in a batch. */
export interface PendingRow<Row> {
  line: number;
  row: Row;
  values: SqlParam[];
  key: string;
  /** Its key already came up in an earlier batch of this file: written if changed, not counted. */
  repeat: boolean;
  /**
   * The columns an update of an existing row may write (a webhook or sync record that carries only some
   * fields); the others keep their stored value even if a concurrent write changed it since it was read.
   * Absent: every column (a file row is the whole record).
   */
  update?: readonly string[];
}

/** What one batch did (repeats excluded from the counts). */
export interface BatchOutcome<Row> {
  inserted: number;
  updated: number;
  unchanged: number;
  written: WrittenBatch<Row>;
}

// Keys per SELECT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const MAX_KEY_PARAMS = 10_000;
const SEP = "\u001f";

/** A stored or parsed value in a form that compares with `===` across both providers. */
export function comparable(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "boolean") return v ? 1 : 0;
  return v ?? null;
}

/** The natural-key string of a values array (positions of the key columns given). */
export function keyOf(values: readonly SqlParam[], keyPositions: readonly number[]): string {
  let key = "";
  for (const i of keyPositions) key += `${String(comparable(values[i]))}${SEP}`;
  return key;
}

const q = (c: string) => `"${c}"`;

/** Reads the stored rows of a batch's keys: one query per batch (per 10,000 keys). */
async function selectExisting<Row>(
  db: Db,
  family: UpsertTable,
  keyPositions: readonly number[],
  batch: readonly PendingRow<Row>[],
): Promise<Map<string, Record<string, unknown>>> {
  const first = batch[0];
  const found = new Map<string, Record<string, unknown>>();
  if (first === undefined) return found;
  // Key columns with one value across the batch (the source, typically) become `col = ?`, so the
  // varying part is a plain `IN (…)` the unique index answers.
  const fixed: number[] = [];
  const varying: number[] = [];
  keyPositions.forEach((pos, j) => {
    const v = comparable(first.values[pos]);
    (batch.every((p) => comparable(p.values[pos]) === v) ? fixed : varying).push(j);
  });
  const select = [...(family.extraColumns ?? []), ...family.columns].map(q).join(", ");
  const where = fixed.map((j) => `${q(family.keyColumns[j] as string)} = ?`);
  const fixedParams = fixed.map((j) => first.values[keyPositions[j] as number] as SqlParam);
  /** A varying key column's distinct values among `rows`. */
  const distinct = (rows: readonly PendingRow<Row>[], j: number): SqlParam[] => {
    const pos = keyPositions[j] as number;
    const values = new Map<unknown, SqlParam>();
    for (const p of rows) values.set(comparable(p.values[pos]), p.values[pos] as SqlParam);
    return [...values.values()];
  };
  const read = async (clauses: readonly string[], params: readonly unknown[]) => {
    const sql = `SELECT ${select} FROM ${q(family.table)} WHERE ${clauses.join(" AND ")}`;
    // PostgreSQL arrays travel as array literals (see insertRowsFast); Db's parameter type only names scalars.
    for (const r of await db.query(sql, params as SqlParam[])) {
      let key = "";
      for (const c of family.keyColumns) key += `${String(comparable(r[c]))}${SEP}`;
      found.set(key, r);
    }
  };
  if (db.provider === "postgresql") {
    // One array parameter per varying key column (`= ANY(?::text[])`) instead of one parameter per key:
    // binding thousands of scalars through the driver adapter costs more than the lookup itself.
    const types = await columnTypes(db, family.table);
    const clauses = [...where];
    const params: unknown[] = [...fixedParams];
    for (const j of varying) {
      const column = family.keyColumns[j] as string;
      clauses.push(`${q(column)} = ANY(?::${types.get(column) ?? "text"}[])`);
      params.push(distinct(batch, j).map((v) => (v instanceof Date ? v.toISOString() : v)));
    }
    await read(clauses, params);
    return found;
  }
  const per = varying.length === 0 ? 1 : Math.floor(MAX_KEY_PARAMS / varying.length);
  for (let start = 0; start < batch.length; start += per) {
    const chunk = varying.length === 0 ? [first] : batch.slice(start, start + per);
    const params: SqlParam[] = [...fixedParams];
    const clauses = [...where];
    if (varying.length === 1) {
      const pos = keyPositions[varying[0] as number] as number;
      clauses.push(`${q(family.keyColumns[varying[0] as number] as string)} IN (${chunk.map(() => "?").join(", ")})`);
      for (const p of chunk) params.push(p.values[pos] as SqlParam);
    } else if (varying.length > 1) {
      // Each varying key column IN its distinct values: a superset of the batch's keys (the lookup
      // is by the whole key).
      for (const j of varying) {
        const values = distinct(chunk, j);
        clauses.push(`${q(family.keyColumns[j] as string)} IN (${values.map(() => "?").join(", ")})`);
        params.push(...values);
      }
    }
    await read(clauses, params);
    if (varying.length === 0) break;
  }
  return found;
}

function differs(
  columns: readonly string[],
  stored: Record<string, unknown>,
  values: readonly SqlParam[],
  only: ReadonlySet<string> | undefined,
): boolean {
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as string;
    if (only !== undefined && !only.has(column)) continue;
    if (comparable(stored[column]) !== comparable(values[i])) return true;
  }
  return false;
}

/**
 * Classifies a batch (keys unique within it) as inserted / updated / unchanged against the
 * stored rows, then upserts only the new and changed rows — in one transaction unless dryRun.
 */
export async function upsertBatch<Row>(
  db: Db,
  family: UpsertTable,
  batch: readonly PendingRow<Row>[],
  opts: { dryRun: boolean; now: Date },
): Promise<BatchOutcome<Row>> {
  const keyPositions = family.keyColumns.map((c) => family.columns.indexOf(c));
  const run = async (tx: Db): Promise<BatchOutcome<Row>> => {
    const existing = await selectExisting(tx, family, keyPositions, batch);
    const outcome: BatchOutcome<Row> = {
      inserted: 0,
      updated: 0,
      unchanged: 0,
      written: { inserted: [], updated: [] },
    };
    const allColumns = family.columns.filter((c) => !family.keyColumns.includes(c));
    // Rows grouped by the columns their update writes: ON CONFLICT … DO UPDATE SET names them per statement.
    const toWrite = new Map<string, { columns: readonly string[]; rows: SqlParam[][] }>();
    for (const p of batch) {
      const before = existing.get(p.key);
      const only = p.update === undefined ? undefined : new Set(p.update);
      if (before === undefined) {
        if (!p.repeat) outcome.inserted++;
        outcome.written.inserted.push(p.row);
      } else if (differs(family.columns, before, p.values, only)) {
        if (!p.repeat) outcome.updated++;
        outcome.written.updated.push({ row: p.row, before });
      } else {
        if (!p.repeat) outcome.unchanged++;
        continue;
      }
      if (family.touchColumn !== undefined) p.values.push(opts.now);
      const columns = only === undefined ? allColumns : allColumns.filter((c) => only.has(c));
      const group = columns.join(",");
      const rows = toWrite.get(group)?.rows ?? [];
      if (rows.length === 0) toWrite.set(group, { columns, rows });
      rows.push(p.values);
    }
    if (!opts.dryRun) {
      const touch = family.touchColumn === undefined ? [] : [family.touchColumn];
      for (const { columns, rows } of toWrite.values()) {
        const set = [...columns, ...touch];
        const key = [...family.keyColumns];
        // Nothing to set (a record carrying its key only): a row written meanwhile is left as it is.
        await insertRowsFast(
          tx,
          family.table,
          [...family.columns, ...touch],
          rows,
          set.length > 0 ? { kind: "update", key, columns: set } : { kind: "ignore", key },
        );
      }
    }
    return outcome;
  };
  return opts.dryRun ? run(db) : db.transaction(run);
}
