import { once } from "node:events";
import { createReadStream, statSync } from "node:fs";
import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { type CsvError, type Options, parse } from "csv-parse";
import { KpibotError } from "../errors.js";
import type { ImportInput } from "./types.js";

/** One physical CSV record: its first line in the file (header = 1) and its fields, or why it could not be read. */
export type CsvItem = { line: number; fields: string[]; error?: undefined } | { line: number; error: string };

/** Options for reading a CSV input. */
export interface CsvReadOptions {
  /** Label used in error messages (the file name). */
  label: string;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
}

/** Opens a file input (size for progress) or passes a stream through; unreadable files are INPUT_INVALID. */
function open(input: ImportInput, label: string): { stream: Readable; size: number | undefined } {
  if (typeof input !== "string") return { stream: input, size: undefined };
  let size: number;
  try {
    const st = statSync(input);
    if (!st.isFile()) throw new Error("not a regular file");
    size = st.size;
  } catch (cause) {
    throw new KpibotError("INPUT_INVALID", `cannot read ${label}: ${(cause as Error).message}`, { cause });
  }
  return { stream: createReadStream(input, { highWaterMark: 1 << 20 }), size };
}

/**
 * Streams CSV records (UTF-8, optional BOM, `,` delimiter, RFC 4180 quoting) with the line each
 * starts on, a chunk of records at a time (one await per chunk read, not per record: this loop
 * runs a million times). Records with a CSV syntax error come out as `{ line, error }` and reading
 * goes on; an unreadable input throws INPUT_INVALID.
 */
export async function* readCsv(input: ImportInput, opts: CsvReadOptions): AsyncGenerator<CsvItem[]> {
  const { stream, size } = open(input, opts.label);
  // csv-parse reports the line a record ends on; track the previous end (and skipped empty
  // lines) so a record spanning lines (quoted newlines) is reported by its first line.
  let prevEnd = 0;
  let prevEmpty = 0;
  let items: CsvItem[] = [];
  const options: Options<null, string[]> = {
    bom: true,
    relax_column_count: true, // a short or long row is one rejected row, not a fatal error
    relax_quotes: true, // `5" screen` in an unquoted cell is text, not a syntax error
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Records are collected here and dropped from the stream (null), saving its per-record buffering.
    on_record: (fields, ctx) => {
      items.push({ line: prevEnd + 1 + (ctx.empty_lines - prevEmpty), fields });
      prevEnd = ctx.lines;
      prevEmpty = ctx.empty_lines;
      return null;
    },
    on_skip: (err: CsvError | undefined) => {
      const line = prevEnd + 1;
      const end = (err as { lines?: number } | undefined)?.lines;
      if (typeof end === "number") prevEnd = end;
      items.push({ line, error: `CSV syntax error: ${err?.message ?? "unreadable record"}` });
      return undefined;
    },
  };
  const parser = parse(options as unknown as Options);
  let parseError: unknown;
  parser.on("error", (e: unknown) => {
    parseError ??= e;
  });
  parser.resume(); // nothing comes out of it, but its readable side must flow for it to end
  const take = () => {
    const out = items;
    items = [];
    return out;
  };
  let read = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      if (!parser.write(chunk)) await once(parser, "drain");
      if (parseError !== undefined) throw parseError;
      if (opts.onProgress !== undefined) {
        read += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
        opts.onProgress(read, size);
      }
      if (items.length > 0) yield take();
    }
    parser.end();
    await finished(parser);
    if (parseError !== undefined) throw parseError;
    if (items.length > 0) yield take();
  } catch (cause) {
    if (cause instanceof KpibotError) throw cause;
    throw new KpibotError("INPUT_INVALID", `cannot read ${opts.label}: ${(cause as Error).message}`, { cause });
  } finally {
    parser.destroy();
    stream.destroy();
  }
}
