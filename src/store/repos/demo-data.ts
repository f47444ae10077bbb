import { type Cell, type Column, writeRows } from "../bulk-columns.js";
import type { Db } from "../db.js";
import { analyzeTables } from "../statistics.js";

/** Bulk writes of the demo seed inside one transaction. */
export interface DemoWriter {
  /** Writes rows (instants as epoch ms); returns how many the database wrote. */
  writeRows(table: string, columns: readonly Column[], rows: readonly (readonly Cell[])[]): Promise<number>;
  /** The ids of the surveys created by `author`, by title. */
  surveyIdsBy(author: string): Promise<Map<string, number>>;
  /** Every survey's question ids, by survey id, in position order (index = position − 1). */
  questionIds(): Promise<Map<number, number[]>>;
}

/** The demo data (kpibot seed): which demo tables hold rows, emptying them, bulk writes. */
export interface DemoDataRepository {
  /** The tables of `tables` that hold at least one row. */
  nonEmpty(tables: readonly string[]): Promise<string[]>;
  /**
   * Empties the tables (all their rows, imported ones too) and restarts their ids; rows that reference them go too
   * (PostgreSQL: TRUNCATE … CASCADE; SQLite: ON DELETE CASCADE).
   */
  reset(tables: readonly string[]): Promise<void>;
  /** Runs `fn` in one transaction. */
  inTransaction<T>(fn: (writer: DemoWriter) => Promise<T>): Promise<T>;
  /** Refreshes the planner's statistics of these tables. */
  analyze(tables: readonly string[]): Promise<void>;
}

/** A table name written into the SQL: the seed's own constants, checked all the same. */
function table(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a table name`);
  return `"${name}"`;
}

function writer(tx: Db): DemoWriter {
  return {
    writeRows: (table, columns, rows) => writeRows(tx, table, columns, rows),
    async surveyIdsBy(author) {
      const ids = new Map<string, number>();
      for (const r of await tx.query<{ id: number; title: string }>(
        'SELECT "id", "title" FROM "surveys" WHERE "created_by" = ?',
        [author],
      ))
        ids.set(r.title, Number(r.id));
      return ids;
    },
    async questionIds() {
      const questionIds = new Map<number, number[]>();
      for (const r of await tx.query<{ id: number; survey_id: number; position: number }>(
        'SELECT "id", "survey_id", "position" FROM "survey_questions" ORDER BY "survey_id", "position"',
      )) {
        const list = questionIds.get(Number(r.survey_id)) ?? [];
        list[Number(r.position) - 1] = Number(r.id);
        questionIds.set(Number(r.survey_id), list);
      }
      return questionIds;
    },
  };
}

/** Demo data on the shared Db. */
export function demoDataRepository(db: Db): DemoDataRepository {
  return {
    async nonEmpty(tables) {
      const busy: string[] = [];
      for (const name of tables) {
        const rows = await db.query(`SELECT 1 AS x FROM ${table(name)} LIMIT 1`);
        if (rows.length > 0) busy.push(name);
      }
      return busy;
    },
    async reset(tables) {
      const list = tables.map(table).join(", ");
      if (db.provider === "postgresql") {
        await db.execute(`TRUNCATE TABLE ${list} RESTART IDENTITY CASCADE`);
        return;
      }
      await db.transaction(async (tx) => {
        for (const name of tables) await tx.execute(`DELETE FROM ${table(name)}`);
        await tx.execute(`DELETE FROM sqlite_sequence WHERE name IN (${tables.map(() => "?").join(", ")})`, [
          ...tables,
        ]);
      });
    },
    inTransaction: (fn) => db.transaction((tx) => fn(writer(tx))),
    analyze: (tables) => analyzeTables(db, tables),
  };
}
