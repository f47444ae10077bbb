import { Worker } from "node:worker_threads";
import type { FromClient, LoadRequest, Sent, ToClient } from "./load-client.js";
import type { Arrival } from "./load-fake-slack.js";

/** The load generator and fake Slack API, running in their worker thread (bench/load-client.ts). */
export interface LoadClient {
  /** For SLACK_API_URL and the bare app's slackApiUrl. */
  apiUrl: string;
  /** response_url values: `${responseBase}/<run>/<n>`. */
  responseBase: string;
  /** Sends the requests at a fixed concurrency; resolves when every one is acknowledged (or failed). */
  send(url: string, requests: LoadRequest[], concurrency: number): Promise<Sent[]>;
  /** The answers of a run, once `count` distinct response paths got one or none came for `quietMs`. */
  settle(run: string, count: number, quietMs: number): Promise<Arrival[]>;
  /** Web API calls the fake received, by method. */
  calls(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Starts the worker (TypeScript through tsx's loader, registered inside the worker). */
export async function startLoadClient(): Promise<LoadClient> {
  const file = new URL("./load-client.ts", import.meta.url).href;
  const worker = new Worker(
    `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(file)}); });`,
    { eval: true },
  );
  let failed: unknown;
  const waiting = new Map<number, { resolve: (m: FromClient) => void; reject: (e: unknown) => void }>();
  let ready: ((m: FromClient & { type: "ready" }) => void) | undefined;
  const started = new Promise<FromClient & { type: "ready" }>((resolve, reject) => {
    ready = resolve;
    worker.once("error", reject);
  });
  worker.on("error", (err) => {
    failed = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  });
  worker.on("message", (m: FromClient) => {
    if (m.type === "ready") return ready?.(m);
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    w?.resolve(m);
  });
  let seq = 0;
  const ask = <T extends FromClient>(message: ToClient): Promise<T> =>
    new Promise((resolve, reject) => {
      if (failed) return reject(failed);
      waiting.set(message.id, { resolve: (m) => resolve(m as T), reject });
      worker.postMessage(message);
    });
  const { apiUrl, responseBase } = await started;
  return {
    apiUrl,
    responseBase,
    async send(url, requests, concurrency) {
      const m = await ask<FromClient & { type: "sent" }>({ type: "send", id: ++seq, url, requests, concurrency });
      return m.sent;
    },
    async settle(run, count, quietMs) {
      const m = await ask<FromClient & { type: "settled" }>({ type: "settle", id: ++seq, run, count, quietMs });
      return m.arrivals;
    },
    async calls() {
      return (await ask<FromClient & { type: "calls" }>({ type: "calls", id: ++seq })).calls;
    },
    async stop() {
      await worker.terminate();
    },
  };
}
