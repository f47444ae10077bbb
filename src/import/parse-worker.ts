import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { isKpibotError } from "../errors.js";
import { type ParsedItem, parseRows } from "./parse-rows.js";
import type { ReadOptions } from "./read-records.js";
import type { ImportFamily } from "./types.js";

// Worker-thread entry: reads and validates a CSV file off the main thread (which writes to the
// database meanwhile — with SQLite that thread is busy inside the driver) and posts the parsed rows.

/** What the host passes to a parse worker. */
export interface ParseWorkerData {
  kpibotParseWorker: true;
  /** The family's module and export name (functions cannot cross threads, modules can be re-imported). */
  familyUrl: string;
  familyExport: string;
  /** Arguments of the family factory (plain data), when the export is one. */
  familyArgs?: readonly unknown[];
  path: string;
  label: string;
  /** Format, encoding and delimiter (plain data, so it crosses threads). */
  read?: ReadOptions;
}

/** Messages a parse worker posts; the host answers each "items" with a credit message. */
export type ParseWorkerMessage =
  | { type: "header"; fields: string[] }
  | { type: "items"; items: ParsedItem<unknown>[]; bytesRead: number; totalBytes: number | undefined }
  | { type: "done" }
  | { type: "error"; message: string; inputInvalid: boolean };

/** Rows per message, and messages the host may have unread before the worker waits. */
const ROWS_PER_MESSAGE = 2000;
const MAX_UNREAD = 4;

async function run(port: MessagePort, data: ParseWorkerData): Promise<void> {
  const send = (m: ParseWorkerMessage) => port.postMessage(m);
  let unread = 0;
  let wake: (() => void) | undefined;
  port.on("message", () => {
    unread--;
    wake?.();
  });
  try {
    const mod = (await import(data.familyUrl)) as Record<string, unknown>;
    const exported = mod[data.familyExport];
    const family = (
      data.familyArgs === undefined
        ? exported
        : (exported as (...args: readonly unknown[]) => ImportFamily<unknown>)(...data.familyArgs)
    ) as ImportFamily<unknown>;
    let bytesRead = 0;
    let totalBytes: number | undefined;
    let pending: ParsedItem<unknown>[] = [];
    const post = async () => {
      while (unread >= MAX_UNREAD) await new Promise<void>((r) => (wake = r));
      unread++;
      send({ type: "items", items: pending, bytesRead, totalBytes });
      pending = [];
    };
    const rows = parseRows(family, data.path, {
      label: data.label,
      read: data.read,
      onHeader: (fields) => send({ type: "header", fields }),
      onProgress: (read, total) => {
        bytesRead = read;
        totalBytes = total;
      },
    });
    for await (const chunk of rows) {
      for (const item of chunk) pending.push(item);
      if (pending.length >= ROWS_PER_MESSAGE) await post();
    }
    if (pending.length > 0) await post();
    send({ type: "done" });
  } catch (e) {
    send({
      type: "error",
      message: (e as Error)?.message ?? String(e),
      inputInvalid: isKpibotError(e, "INPUT_INVALID"),
    });
  }
}

const data = workerData as ParseWorkerData | undefined;
if (parentPort !== null && data?.kpibotParseWorker === true) void run(parentPort, data);
