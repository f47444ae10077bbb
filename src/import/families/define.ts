import { z } from "zod";
import type { SqlParam } from "../../store/db.js";
import { type Cell, convertCells, describeIssues, shapeOf } from "../fields.js";
import type { ImportFamily } from "../types.js";

/** The typed row of a set of cells. */
export type RowOf<C extends Record<string, Cell<unknown>>> = { [K in keyof C]: z.output<C[K]["schema"]> };

/** What the families built at run time need to know. */
export interface FamilyContext {
  /** IANA zone for dates without a zone (KPIBOT_TIMEZONE). */
  timezone: string;
}

/** A family described by its cells (the canonical header is their keys, in order). */
export interface FamilySpec<C extends Record<string, Cell<unknown>>> {
  kind: string;
  table: string;
  cells: C;
  /** Cross-field checks and defaults on a row whose cells are valid; returns the reasons it is refused. */
  check?: (row: RowOf<C>) => { field: string; message: string }[];
  columns: readonly string[];
  keyColumns: readonly string[];
  toValues: (row: RowOf<C>, source: string) => SqlParam[];
  touchColumn?: string;
}

/** Builds an ImportFamily from cells: convert each cell, validate with one zod object, then `check`. */
export function defineFamily<C extends Record<string, Cell<unknown>>>(spec: FamilySpec<C>): ImportFamily<RowOf<C>> {
  const header = Object.keys(spec.cells);
  const schema = z.object(shapeOf(spec.cells));
  return {
    kind: spec.kind,
    table: spec.table,
    header,
    parse(cells) {
      const r = schema.safeParse(convertCells(spec.cells, header, cells));
      if (!r.success) return { ok: false, reason: describeIssues(r.error) };
      const row = r.data as RowOf<C>;
      const problems = spec.check?.(row) ?? [];
      if (problems.length > 0) return { ok: false, reason: problems.map((p) => `${p.field}: ${p.message}`).join("; ") };
      return { ok: true, row };
    },
    columns: spec.columns,
    keyColumns: spec.keyColumns,
    toValues: spec.toValues,
    ...(spec.touchColumn === undefined ? {} : { touchColumn: spec.touchColumn }),
  };
}

/** An instant as ISO text, for messages. */
export const iso = (d: Date) => d.toISOString();
