import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { KpibotError } from "../errors.js";
import type { ParsedItem, ParseRowsOptions } from "./parse-rows.js";
import type { ParseWorkerData, ParseWorkerMessage } from "./parse-worker.js";
import type { ImportFamily } from "./types.js";

/** Starts the parse worker (from TypeScript sources under tsx/vitest, tsx is registered in it first). */
function spawn(data: ParseWorkerData): Worker {
  const here = import.meta.url;
  const entry = new URL(`./parse-worker${extname(fileURLToPath(here))}`, here);
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData: data });
  // Node does not apply `--import tsx` to a worker's entry, so register tsx's ESM loader by hand
  // (resolved from here: an eval'd worker resolves bare names from the working directory).
  const pkgPath = createRequire(here).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(join(dirname(pkgPath), pkg.exports["./esm/api"]?.import.default ?? "")).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

/**
 * Same output as `parseRows`, computed in a worker thread: the main thread only receives parsed
 * rows, so reading and validating overlap with database writes. Needs `family.module`.
 */
export async function* parseRowsInWorker<Row>(
  family: ImportFamily<Row>,
  path: string,
  opts: ParseRowsOptions,
): AsyncGenerator<ParsedItem<Row>[]> {
  if (family.module === undefined) throw new Error(`the ${family.kind} family cannot be parsed in a worker`);
  const worker = spawn({
    kpibotParseWorker: true,
    familyUrl: family.module.url,
    familyExport: family.module.name,
    ...(family.module.args === undefined ? {} : { familyArgs: family.module.args }),
    path,
    label: opts.label,
    read: opts.read,
  });
  const inbox: ParseWorkerMessage[] = [];
  let stopped: Error | undefined;
  let wake: (() => void) | undefined;
  worker.on("message", (m: ParseWorkerMessage) => {
    inbox.push(m);
    wake?.();
  });
  worker.on("error", (e: Error) => {
    stopped ??= e;
    wake?.();
  });
  worker.on("exit", (code) => {
    stopped ??= new Error(`the parse worker stopped (exit code ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      while (inbox.length === 0 && stopped === undefined) await new Promise<void>((r) => (wake = r));
      const m = inbox.shift();
      if (m === undefined) throw stopped;
      if (m.type === "done") return;
      if (m.type === "error") throw m.inputInvalid ? new KpibotError("INPUT_INVALID", m.message) : new Error(m.message);
      if (m.type === "header") opts.onHeader?.(m.fields);
      else {
        worker.postMessage("more");
        opts.onProgress?.(m.bytesRead, m.totalBytes);
        yield m.items as ParsedItem<Row>[];
      }
    }
  } finally {
    await worker.terminate();
  }
}
