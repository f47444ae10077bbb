import { extname } from "node:path";
import { type CsvItem, readCsv } from "./csv-reader.js";
import { readJsonArray, readNdjson } from "./json-reader.js";
import type { ImportInput } from "./types.js";

/** Input formats. */
export const INPUT_FORMATS = ["csv", "json", "ndjson"] as const;
/** An input format. */
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** How to read an input; everything not given is detected (format from the file extension). */
export interface ReadOptions {
  format?: InputFormat;
  /** CSV only: an iconv-lite encoding name (default: detected). */
  encoding?: string;
  /** CSV only: the delimiter (default: detected). */
  delimiter?: string;
}

/** The format of an input: `format` if given, else by extension (.json, .ndjson/.jsonl), else CSV. */
export function formatOf(input: ImportInput, format?: InputFormat): InputFormat {
  if (format !== undefined) return format;
  if (typeof input !== "string") return "csv";
  const ext = extname(input).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  return "csv";
}

/**
 * Reads an input as records: the first one is the header, then data records with their line
 * (CSV and NDJSON: the line in the file; JSON arrays: the item's position, 1 = first).
 */
export function readRecords(
  input: ImportInput,
  opts: ReadOptions & {
    label: string;
    onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
    expected?: readonly string[];
  },
): AsyncGenerator<CsvItem[]> {
  const format = formatOf(input, opts.format);
  const base = { label: opts.label, ...(opts.onProgress === undefined ? {} : { onProgress: opts.onProgress }) };
  if (format === "json")
    return readJsonArray(input, { ...base, ...(opts.expected ? { expected: opts.expected } : {}) });
  if (format === "ndjson") return readNdjson(input, { ...base, ...(opts.expected ? { expected: opts.expected } : {}) });
  return readCsv(input, {
    ...base,
    ...(opts.encoding === undefined ? {} : { encoding: opts.encoding }),
    ...(opts.delimiter === undefined ? {} : { delimiter: opts.delimiter }),
  });
}
