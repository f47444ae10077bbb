import { once } from "node:events";
import { createWriteStream, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { type Stringifier, stringify } from "csv-stringify";
import { KpibotError } from "../errors.js";
import { SPREADSHEET_SAFE } from "../format/spreadsheet.js";
import type { RowIssue } from "./types.js";

/** How many issues of each sort a summary carries (the report file has them all). */
export const ISSUES_KEPT = 20;

/** `tickets.csv` → `tickets.rejected.csv` (beside the input). */
export function rejectedReportPath(inputPath: string): string {
  return /\.csv$/i.test(inputPath) ? inputPath.replace(/\.csv$/i, ".rejected.csv") : `${inputPath}.rejected.csv`;
}

/**
 * Collects rejected rows: keeps the first few for the summary and streams all of them, with
 * their line and reason followed by the original cells, to a CSV report (opened on the first
 * rejection, so a clean import leaves no report — and removes a stale one from an earlier run).
 */
export class RejectReport {
  readonly first: RowIssue[] = [];
  count = 0;
  private header: string[] = [];
  private out: Stringifier | undefined;
  private done: Promise<void> | undefined;
  private failure: unknown;

  constructor(private readonly path: string | null) {}

  /** The input's own header, repeated after `line,reason` in the report. */
  setHeader(fields: readonly string[]): void {
    this.header = [...fields];
  }

  /** Records one rejected row. */
  async add(line: number, reason: string, fields: readonly string[]): Promise<void> {
    this.count++;
    if (this.first.length < ISSUES_KEPT) this.first.push({ line, reason });
    if (this.path === null) return;
    if (this.out === undefined) this.open(this.path);
    const out = this.out as Stringifier;
    if (!out.write([String(line), reason, ...fields])) await once(out, "drain");
  }

  private open(path: string): void {
    // The rejected cells come from an export of another tool (ticket titles typed by anyone): escaped so the
    // spreadsheet this report is opened in never runs one as a formula.
    const out = stringify(SPREADSHEET_SAFE);
    this.out = out;
    this.done = pipeline(out, createWriteStream(path)).catch((e: unknown) => {
      this.failure = e;
    });
    out.write(["line", "reason", ...this.header]);
  }

  /** Flushes the report; returns its path, or null when nothing was rejected. */
  async close(): Promise<string | null> {
    if (this.path === null) return null;
    if (this.out === undefined) {
      rmSync(this.path, { force: true });
      return null;
    }
    this.out.end();
    await this.done;
    if (this.failure !== undefined)
      throw new KpibotError("INPUT_INVALID", `cannot write the report ${this.path}: ${String(this.failure)}`, {
        cause: this.failure,
      });
    return this.path;
  }
}
