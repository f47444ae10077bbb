import { parentPort } from "node:worker_threads";
import { type Arrival, startLoadFakeSlack } from "./load-fake-slack.js";
import { slackHeaders } from "./load-wire.js";

// The load generator of bench/load.ts, in a worker thread: it sends signed requests in Slack's wire format at a
// fixed concurrency (`concurrency` senders, each sending its next request when the previous one is acknowledged)
// and hosts the fake Slack API whose response_url sink records when each answer arrives. Acknowledgement time =
// the HTTP round trip of the request; answer time = arrival at the sink − the request's start. Both on this
// thread's clock. A late acknowledgement is waited for and timed (Slack would show the person an error at 3 s).

/** One request to send: its body (signed when sent), Slack's retry number, and the response path it answers to. */
export interface LoadRequest {
  body: string;
  retry: number;
  path: string;
}

/** What happened to one request. */
export interface Sent {
  path: string;
  retry: number;
  /** performance.now() of this worker when the request started. */
  sentAt: number;
  ackMs: number;
  /** HTTP status, or 0 when no answer came within the client's timeout or the connection failed. */
  status: number;
}

/** Messages from the bench to this worker. */
export type ToClient =
  | { type: "send"; id: number; url: string; requests: LoadRequest[]; concurrency: number }
  | { type: "settle"; id: number; run: string; count: number; quietMs: number }
  | { type: "calls"; id: number };

/** Messages from this worker to the bench. */
export type FromClient =
  | { type: "ready"; apiUrl: string; responseBase: string }
  | { type: "sent"; id: number; sent: Sent[] }
  | { type: "settled"; id: number; arrivals: Arrival[] }
  | { type: "calls"; id: number; calls: Record<string, number> };

/** No request waits longer than this for its acknowledgement (then status 0). */
const CLIENT_TIMEOUT_MS = 60_000;

const port = parentPort;
if (!port) throw new Error("bench/load-client.ts runs as a worker thread");
const fake = await startLoadFakeSlack();

async function deliver(url: string, r: LoadRequest): Promise<Sent> {
  const sentAt = performance.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: slackHeaders(r.body, r.retry),
      body: r.body,
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    await res.text();
    return { path: r.path, retry: r.retry, sentAt, ackMs: performance.now() - sentAt, status: res.status };
  } catch {
    return { path: r.path, retry: r.retry, sentAt, ackMs: performance.now() - sentAt, status: 0 };
  }
}

async function send(url: string, requests: LoadRequest[], concurrency: number): Promise<Sent[]> {
  const sent: Sent[] = [];
  let next = 0;
  const sender = async () => {
    while (next < requests.length) {
      const r = requests[next++] as LoadRequest;
      sent.push(await deliver(url, r));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, sender));
  return sent;
}

/** The answers of a run, once `count` distinct paths have one, or once none arrived for `quietMs`; then forgotten. */
function settle(run: string, count: number, quietMs: number): Promise<Arrival[]> {
  const paths = new Set((fake.arrivals.get(run) ?? []).map((a) => a.path));
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      fake.onArrival = undefined;
      const got = fake.arrivals.get(run) ?? [];
      fake.arrivals.delete(run);
      resolve(got);
    };
    const check = () => {
      if (paths.size >= count) return finish();
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    fake.onArrival = (r) => {
      if (r !== run) return;
      const last = fake.arrivals.get(run)?.at(-1);
      if (last) paths.add(last.path);
      check();
    };
    check();
  });
}

port.on("message", (m: ToClient) => {
  const reply = (message: FromClient) => port.postMessage(message);
  if (m.type === "send")
    void send(m.url, m.requests, m.concurrency).then((sent) => reply({ type: "sent", id: m.id, sent }));
  else if (m.type === "settle")
    void settle(m.run, m.count, m.quietMs).then((arrivals) => reply({ type: "settled", id: m.id, arrivals }));
  else reply({ type: "calls", id: m.id, calls: Object.fromEntries(fake.calls) });
});
port.postMessage({ type: "ready", apiUrl: fake.apiUrl, responseBase: fake.responseBase } satisfies FromClient);
