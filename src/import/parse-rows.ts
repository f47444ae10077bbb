import { KpibotError } from "../errors.js";
import { readCsv } from "./csv-reader.js";
import { matchHeader } from "./header.js";
import type { ImportFamily, ImportInput } from "./types.js";

/** One data row after validation: a typed row, or a rejection with the original cells. */
export type ParsedItem<Row> =
  | { line: number; row: Row; reason?: undefined; fields?: undefined }
  | { line: number; reason: string; fields: string[]; row?: undefined };

/** Callbacks of a parse run. */
export interface ParseRowsOptions {
  /** The file name, for messages. */
  label: string;
  /** Receives the file's header line as written (for the rejected-rows report). */
  onHeader?: (fields: string[]) => void;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
}

/**
 * Reads a CSV input and validates each data row with the family's schema, a chunk at a time.
 * A wrong header or an empty or unreadable input throws INPUT_INVALID; a bad row is an item
 * with its reason. Pure of the database, so it can also run in a worker thread.
 */
export async function* parseRows<Row>(
  family: ImportFamily<Row>,
  input: ImportInput,
  opts: ParseRowsOptions,
): AsyncGenerator<ParsedItem<Row>[]> {
  let positions: number[] | null = null;
  let width = 0;
  const ordered: string[] = []; // the cells in canonical order, reused row after row
  for await (const records of readCsv(input, { label: opts.label, onProgress: opts.onProgress })) {
    const out: ParsedItem<Row>[] = [];
    for (const rec of records) {
      if (positions === null) {
        if (rec.error !== undefined) throw new KpibotError("INPUT_INVALID", `${opts.label}: header line: ${rec.error}`);
        positions = matchHeader(rec.fields, family.header, opts.label);
        width = rec.fields.length;
        opts.onHeader?.(rec.fields);
        continue;
      }
      if (rec.error !== undefined) {
        out.push({ line: rec.line, reason: rec.error, fields: [] });
        continue;
      }
      const fields = rec.fields;
      if (fields.length !== width) {
        out.push({ line: rec.line, reason: `has ${fields.length} cells, the header has ${width}`, fields });
        continue;
      }
      for (let i = 0; i < positions.length; i++) ordered[i] = fields[positions[i] as number] as string;
      const parsed = family.parse(ordered);
      out.push(parsed.ok ? { line: rec.line, row: parsed.row } : { line: rec.line, reason: parsed.reason, fields });
    }
    if (out.length > 0) yield out;
  }
  if (positions === null)
    throw new KpibotError(
      "INPUT_INVALID",
      `${opts.label} is empty: expected the header line ${family.header.join(",")}`,
    );
}
