import { once } from "node:events";
import { createReadStream, statSync } from "node:fs";
import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { type CsvError, type Options, parse } from "csv-parse";
import iconv from "iconv-lite";
import { KpibotError } from "../errors.js";
import { detectDelimiter, detectEncoding, SAMPLE_BYTES } from "./detect.js";
import type { ImportInput } from "./types.js";

/** One physical CSV record: its first line in the file (header = 1) and its fields, or why it could not be read. */
export type CsvItem =
  | {
      line: number;
      fields: string[];
      error?: undefined;
      /** Its last line, when a quoted cell spans lines. */
      to?: number;
    }
  | { line: number; error: string };

/** Options for reading a CSV input. */
export interface CsvReadOptions {
  /** Label used in error messages (the file name). */
  label: string;
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** Character encoding (iconv-lite name); detected from the first 64 KiB when not given. */
  encoding?: string;
  /** Cell delimiter; detected from the header line when not given. */
  delimiter?: string;
  /** Physical lines to skip before reading (their records are someone else's); line numbers stay the file's. */
  skipLines?: number;
}

/** Drops the first `count` physical lines of a byte stream (`\n` is one byte in every encoding read here). */
async function* afterLines(stream: AsyncIterable<Buffer | string>, count: number): AsyncGenerator<Buffer> {
  let left = count;
  for await (const raw of stream) {
    let chunk = typeof raw === "string" ? Buffer.from(raw) : raw;
    while (left > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) break;
      chunk = chunk.subarray(nl + 1);
      left--;
    }
    if (left === 0 && chunk.length > 0) yield chunk;
  }
}

/** Opens a file input (size for progress) or passes a stream through; unreadable files are INPUT_INVALID. */
export function openInput(input: ImportInput, label: string): { stream: Readable; size: number | undefined } {
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
 * Streams CSV records (RFC 4180 quoting; encoding and delimiter detected from the first 64 KiB unless
 * given: UTF-8 with or without BOM, Windows-1252/Latin-1, `,` `;` tab `|`) with the line each
 * starts on, a chunk of records at a time (one await per chunk read, not per record: this loop
 * runs a million times). Records with a CSV syntax error come out as `{ line, error }` and reading
 * goes on; an unreadable input throws INPUT_INVALID. A quote that is never closed would swallow every
 * line after it: for a file, that one record is rejected and reading resumes on the next line.
 */
export async function* readCsv(input: ImportInput, opts: CsvReadOptions): AsyncGenerator<CsvItem[]> {
  const opened = openInput(input, opts.label);
  const { size } = opened;
  const skip = opts.skipLines ?? 0;
  const stream = skip > 0 ? afterLines(opened.stream, skip) : opened.stream;
  // csv-parse reports the line a record ends on; track the previous end (and skipped empty
  // lines) so a record spanning lines (quoted newlines) is reported by its first line.
  let prevEnd = skip;
  let prevEmpty = 0;
  let unclosedAt: number | undefined; // the line of a quote still open at the end of the input
  let items: CsvItem[] = [];
  const options: Options<null, string[]> = {
    bom: true,
    delimiter: opts.delimiter ?? ",",
    relax_column_count: true, // a short or long row is one rejected row, not a fatal error
    relax_quotes: true, // `5" screen` in an unquoted cell is text, not a syntax error
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Records are collected here and dropped from the stream (null), saving its per-record buffering.
    on_record: (fields, ctx) => {
      const line = prevEnd + 1 + (ctx.empty_lines - prevEmpty);
      const to = skip + ctx.lines;
      items.push(to > line ? { line, fields, to } : { line, fields });
      prevEnd = to;
      prevEmpty = ctx.empty_lines;
      return null;
    },
    on_skip: (err: CsvError | undefined) => {
      const line = prevEnd + 1;
      const end = (err as { lines?: number } | undefined)?.lines;
      if (typeof end === "number") prevEnd = skip + end;
      if (err?.code === "CSV_QUOTE_NOT_CLOSED" && typeof input === "string") {
        unclosedAt = line;
        items.push({
          line,
          error: `CSV syntax error: a quote opened on this line is never closed (double a quote inside a quoted cell: ""); the lines after it are read on their own`,
        });
      } else items.push({ line, error: `CSV syntax error: ${err?.message ?? "unreadable record"}` });
      return undefined;
    },
  };
  let parser: ReturnType<typeof parse> | undefined;
  let decoder: ReturnType<typeof iconv.getDecoder> | undefined;
  let parseError: unknown;
  // The parser is created once the first 64 KiB are in, so encoding and delimiter can be detected.
  let encoding = opts.encoding ?? "utf-8";
  const start = (sample: Buffer) => {
    encoding = opts.encoding ?? detectEncoding(sample);
    if (!/^utf-?8$/i.test(encoding)) {
      if (!iconv.encodingExists(encoding))
        throw new KpibotError("INPUT_INVALID", `${opts.label}: unknown encoding "${encoding}"`);
      decoder = iconv.getDecoder(encoding);
    }
    options.delimiter = opts.delimiter ?? detectDelimiter(decoder ? iconv.decode(sample, encoding) : sample.toString());
    const p = parse(options as unknown as Options);
    p.on("error", (e: unknown) => {
      parseError ??= e;
    });
    p.resume(); // nothing comes out of it, but its readable side must flow for it to end
    parser = p;
    return p;
  };
  const feed = async (p: ReturnType<typeof parse>, chunk: Buffer) => {
    const data = decoder ? decoder.write(chunk) : chunk;
    if (data.length > 0 && !p.write(data)) await once(p, "drain");
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const take = () => {
    const out = items;
    items = [];
    return out;
  };
  let read = 0;
  try {
    for await (const raw of stream as AsyncIterable<Buffer | string>) {
      const chunk = typeof raw === "string" ? Buffer.from(raw) : raw;
      read += chunk.length;
      if (parser === undefined) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < SAMPLE_BYTES) continue;
        const sample = Buffer.concat(pending);
        pending = [];
        await feed(start(sample), sample);
      } else await feed(parser, chunk);
      if (parseError !== undefined) throw parseError;
      if (opts.onProgress !== undefined) {
        opts.onProgress(read, size);
      }
      if (items.length > 0) yield take();
    }
    if (parser === undefined) {
      const sample = Buffer.concat(pending);
      pending = [];
      await feed(start(sample), sample);
    }
    const p = parser as unknown as ReturnType<typeof parse>;
    const rest = decoder?.end();
    if (rest) p.write(rest);
    p.end();
    await finished(p);
    if (parseError !== undefined) throw parseError;
    if (items.length > 0) yield take();
    if (unclosedAt !== undefined)
      // The bar already stands at the end of the file: the re-read does not move it back.
      yield* readCsv(input, {
        ...opts,
        encoding,
        delimiter: options.delimiter as string,
        skipLines: unclosedAt,
        onProgress: undefined,
      });
  } catch (cause) {
    if (cause instanceof KpibotError) throw cause;
    throw new KpibotError("INPUT_INVALID", `cannot read ${opts.label}: ${(cause as Error).message}`, { cause });
  } finally {
    parser?.destroy();
    opened.stream.destroy();
  }
}
