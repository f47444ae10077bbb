import { createInterface } from "node:readline";
import { KpibotError } from "../errors.js";
import type { CsvItem } from "./csv-reader.js";
import { openInput } from "./csv-reader.js";
import type { ImportInput } from "./types.js";

/** Options for reading JSON records. */
export interface JsonReadOptions {
  label: string;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** Field names known in advance (the family's header or the mapping's columns): always in the header. */
  expected?: readonly string[];
}

/** A JSON value as the text of a cell: null → "", numbers and booleans as written, objects as JSON. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Turns objects into header + cells: the header is `expected` then every other key met, in order. */
class Tabulator {
  readonly header: string[];
  private readonly index = new Map<string, number>();
  constructor(
    expected: readonly string[],
    private readonly closed: boolean,
  ) {
    this.header = [];
    for (const k of expected) this.add(k);
  }
  add(key: string): void {
    if (this.index.has(key)) return;
    this.index.set(key, this.header.length);
    this.header.push(key);
  }
  /** The record's cells in header order, or the reason it cannot be placed (unknown keys in a closed header). */
  cells(line: number, value: unknown): CsvItem {
    if (!isRecord(value)) return { line, error: "is not a JSON object" };
    const out = new Array<string>(this.header.length).fill("");
    const unknown: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const i = this.index.get(k);
      if (i === undefined) unknown.push(k);
      else out[i] = cell(v);
    }
    if (unknown.length > 0 && this.closed)
      return {
        line,
        error: `unknown field(s) ${unknown.map((k) => JSON.stringify(k)).join(", ")} (not in the first record)`,
      };
    return { line, fields: out };
  }
}

/**
 * Reads a JSON file holding an array of objects. The first item is the header (every key met in
 * any object); an object's `line` is its position in the array (1 = first). Read whole: JSON
 * exports of these families are small (use CSV or NDJSON for millions of rows).
 */
export async function* readJsonArray(input: ImportInput, opts: JsonReadOptions): AsyncGenerator<CsvItem[]> {
  const { stream, size } = openInput(input, opts.label);
  const chunks: Buffer[] = [];
  let read = 0;
  try {
    for await (const c of stream as AsyncIterable<Buffer | string>) {
      const b = typeof c === "string" ? Buffer.from(c) : c;
      chunks.push(b);
      read += b.length;
      opts.onProgress?.(read, size);
    }
  } catch (cause) {
    throw new KpibotError("INPUT_INVALID", `cannot read ${opts.label}: ${(cause as Error).message}`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(
      Buffer.concat(chunks)
        .toString("utf8")
        .replace(/^\uFEFF/, ""),
    );
  } catch (cause) {
    throw new KpibotError("INPUT_INVALID", `${opts.label} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  if (!Array.isArray(data)) throw new KpibotError("INPUT_INVALID", `${opts.label}: expected a JSON array of objects`);
  const table = new Tabulator(opts.expected ?? [], false);
  for (const item of data) if (isRecord(item)) for (const k of Object.keys(item)) table.add(k);
  const items: CsvItem[] = [{ line: 0, fields: table.header }];
  data.forEach((item, i) => {
    items.push(table.cells(i + 1, item));
  });
  yield items;
}

/**
 * Reads NDJSON (one JSON object a line; blank lines skipped), streamed. The header is the expected
 * fields plus the first object's keys; a later object with other keys is a rejected row.
 */
export async function* readNdjson(input: ImportInput, opts: JsonReadOptions): AsyncGenerator<CsvItem[]> {
  const { stream, size } = openInput(input, opts.label);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let table: Tabulator | undefined;
  let line = 0;
  let read = 0;
  let items: CsvItem[] = [];
  try {
    for await (const raw of lines) {
      line++;
      read += Buffer.byteLength(raw) + 1;
      const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw;
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        items.push({ line, error: `JSON syntax error: ${(e as Error).message}` });
        continue;
      }
      if (table === undefined) {
        table = new Tabulator(opts.expected ?? [], true);
        if (isRecord(value)) for (const k of Object.keys(value)) table.add(k);
        items.push({ line: 0, fields: table.header });
      }
      items.push(table.cells(line, value));
      if (items.length >= 1000) {
        opts.onProgress?.(Math.min(read, size ?? read), size);
        yield items;
        items = [];
      }
    }
  } catch (cause) {
    throw new KpibotError("INPUT_INVALID", `cannot read ${opts.label}: ${(cause as Error).message}`, { cause });
  } finally {
    stream.destroy();
  }
  opts.onProgress?.(size ?? read, size);
  if (items.length > 0) yield items;
}
