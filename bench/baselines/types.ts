import type { Db } from "../../src/store/db.js";
import type { Figures } from "../cases.js";

/** One hand-written SQL way of producing a case's figures: a single statement, then plain arithmetic. */
export interface Baseline {
  /** Short name of the SQL shape (e.g. "union": one aggregate per range; "bucket": one scan, CASE bucket). */
  shape: string;
  /** The statement (`?` placeholders) and its parameters, as sent through Db.query. */
  text: string;
  params: readonly (Date | number | string | null)[];
  /** Turns the result rows into the case's figures. */
  read(rows: Record<string, unknown>[]): Figures;
}

/** Runs a baseline through the same driver path as the engine (Db.query: Prisma raw query + adapter). */
export async function runBaseline(db: Db, b: Baseline): Promise<Figures> {
  return b.read(await db.query(b.text, b.params));
}

/** The breakdown key of a group value, as the engine shows it ("" and NULL are "(none)"). */
export function groupKey(v: unknown): string {
  return v === null || v === undefined || v === "" ? "(none)" : String(v);
}

/** A numeric result column (bigint/decimal are already numbers; NULL stays null). */
export function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  return typeof v === "number" ? v : Number(v);
}

/**
 * The group column in GROUP BY. On SQLite the unary `+` keeps the planner from walking the whole
 * (group_name, resolved_at) index to get groups in order instead of range-scanning the period.
 */
export function groupColumn(provider: "sqlite" | "postgresql"): string {
  return provider === "sqlite" ? "+group_name" : "group_name";
}
