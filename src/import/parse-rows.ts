import { KpibotError } from "../errors.js";
import { matchHeader } from "./header.js";
import type { HeaderBinder, RecordShaper } from "./mapping-binder.js";
import { formatOf, type ReadOptions, readRecords } from "./read-records.js";
import type { ImportFamily, ImportInput, RowNote } from "./types.js";

/** One data row after validation: a typed row (and its note, if any), or a rejection with the original cells. */
export type ParsedItem<Row> =
  | { line: number; row: Row; note?: RowNote; reason?: undefined; fields?: undefined }
  | { line: number; reason: string; fields: string[]; row?: undefined };

/** Callbacks of a parse run. */
export interface ParseRowsOptions {
  /** The file name, for messages. */
  label: string;
  /** Receives the file's header line as written (for the rejected-rows report). */
  onHeader?: (fields: string[]) => void;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** Format, encoding and delimiter (detected when not given). */
  read?: ReadOptions;
  /** A mapping bound to the file's header (exports of other tools); without it the canonical header is required. */
  bind?: HeaderBinder;
  /** Field names the mapping reads (JSON inputs: always part of the header). */
  expected?: readonly string[];
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
  let shaper: RecordShaper | undefined;
  let width = 0;
  const ordered: string[] = []; // the cells in canonical order, reused row after row
  const json = formatOf(input, opts.read?.format) !== "csv";
  const records$ = readRecords(input, {
    ...opts.read,
    label: opts.label,
    onProgress: opts.onProgress,
    expected: opts.expected ?? (opts.bind ? [] : family.header),
  });
  for await (const records of records$) {
    const out: ParsedItem<Row>[] = [];
    for (const rec of records) {
      if (positions === null) {
        if (rec.error !== undefined) throw new KpibotError("INPUT_INVALID", `${opts.label}: header line: ${rec.error}`);
        if (opts.bind !== undefined) {
          shaper = opts.bind(rec.fields, opts.label);
          positions = [];
        } else
          positions = matchHeader(rec.fields, family.header, opts.label, {
            allowMissing: json,
            optional: family.optional,
          });
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
        // A record over several lines with the wrong cell count: most likely a stray quote that paired with a later one.
        const span =
          rec.to === undefined
            ? ""
            : ` (it runs from line ${rec.line} to line ${rec.to}: a quote opened on line ${rec.line} may not be closed where it should, so every line up to ${rec.to} was read as part of this record; double a quote inside a quoted cell: "")`;
        out.push({ line: rec.line, reason: `has ${fields.length} cells, the header has ${width}${span}`, fields });
        continue;
      }
      let cells: readonly string[] = ordered;
      if (shaper !== undefined) {
        const shaped = shaper(fields);
        if ("reason" in shaped) {
          out.push({ line: rec.line, reason: shaped.reason, fields });
          continue;
        }
        cells = shaped.cells;
      } else for (let i = 0; i < positions.length; i++) ordered[i] = fields[positions[i] as number] ?? "";
      const parsed = family.parse(cells);
      if (!parsed.ok) out.push({ line: rec.line, reason: parsed.reason, fields });
      else
        out.push(
          parsed.note ? { line: rec.line, row: parsed.row, note: parsed.note } : { line: rec.line, row: parsed.row },
        );
    }
    if (out.length > 0) yield out;
  }
  if (positions === null)
    throw new KpibotError(
      "INPUT_INVALID",
      `${opts.label} is empty: expected the header line ${family.header.join(",")}`,
    );
}
