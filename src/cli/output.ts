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
