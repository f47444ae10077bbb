import { isKpibotError } from "../errors.js";

/** Exit codes: 0 ok, 1 failure (or rows rejected), 2 bad usage or input the user can fix. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Writes a line to stdout (the CLI's only output channel for results). */
export function out(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** Writes a line to stderr (errors and progress). */
export function err(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
}

/**
 * Resolves once everything written to `stream` so far has reached the operating system. On POSIX a
 * pipe is written asynchronously: a reader slower than kpibot leaves data queued in the process, and
 * `process.exit` would drop it (a `--json` answer piped into `jq` was cut at the 64 KiB pipe buffer).
 * Writes complete in order, so the callback of an empty write runs after every earlier one.
 */
export function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed) return Promise.resolve();
  // An error (the reader went away: EPIPE) also ends the wait: there is nothing more to deliver.
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/**
 * Ends the CLI with `code` without losing output: the exit code is set, stdout and stderr are
 * drained, and only then does a failed run exit explicitly (a command that failed half-way may have
 * left a handle open, and the CLI must not hang on it). A successful run ends when its work is done.
 */
export async function exitWhenFlushed(code: number): Promise<void> {
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  if (code !== EXIT.ok) process.exit(code);
}

/** Reports an error on stderr (no stack trace unless DEBUG is set) and returns the exit code. */
export function reportError(e: unknown): number {
  if (isKpibotError(e)) {
    err(`kpibot: ${e.message}`);
    if (process.env.DEBUG && e.cause) err(String((e.cause as Error).stack ?? e.cause));
    return e.code === "INPUT_INVALID" || e.code === "CONFIG_INVALID" ? EXIT.usage : EXIT.failure;
  }
  err(`kpibot: unexpected error: ${(e as Error)?.message ?? String(e)}`);
  if (process.env.DEBUG) err(String((e as Error)?.stack));
  return EXIT.failure;
}
