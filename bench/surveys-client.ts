import { parentPort } from "node:worker_threads";
import { startFakeSlack } from "../kit/fake-slack.js";
import { SIGNING_SECRET, sign } from "../kit/slack-requests.js";

// The other side of the survey burst, in a worker thread so that kpibot's event loop only does kpibot's work:
// a fake Slack Web API (users.info, response_url posts) and the load generator sending signed clicks.

/** Messages from the burst to this worker. */
export type ToClient =
  | { type: "send"; url: string; requests: { body: string; retry: number }[]; concurrency: number }
  | { type: "collect" };

/** Messages from this worker to the burst. */
export type FromClient =
  | { type: "ready"; apiUrl: string; responseBase: string }
  | { type: "sent"; ackTimes: number[]; httpErrors: number; slackRetries: number }
  | { type: "responses"; responses: { path: string; text: string }[] };

const port = parentPort;
if (!port) throw new Error("bench/surveys-client.ts runs as a worker thread");
const fake = await startFakeSlack();

/** Slack waits this long for the acknowledgement, then sends the request again (up to 3 times). */
const SLACK_ACK_TIMEOUT_MS = 3000;
const SLACK_MAX_RETRIES = 3;

/** Sends one request as Slack does: signed; again with X-Slack-Retry-Num when not acknowledged in 3 s. */
async function deliver(
  url: string,
  body: string,
  firstRetry: number,
): Promise<{ ok: boolean; ackMs: number; retried: number }> {
  let retried = 0;
  for (let retry = firstRetry; retry <= SLACK_MAX_RETRIES; retry++) {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": sign(SIGNING_SECRET, timestamp, body),
    };
    if (retry > 0) {
      headers["x-slack-retry-num"] = String(retry);
      headers["x-slack-retry-reason"] = "http_timeout";
    }
    const t0 = performance.now();
    try {
      const res = await fetch(url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(SLACK_ACK_TIMEOUT_MS),
      });
      await res.text();
      if (res.status === 200) return { ok: true, ackMs: performance.now() - t0, retried };
    } catch {
      // Not acknowledged in time (or the connection failed): Slack tries again.
    }
    if (retry === SLACK_MAX_RETRIES) break;
    retried++;
  }
  return { ok: false, ackMs: SLACK_ACK_TIMEOUT_MS, retried };
}

async function send(url: string, requests: { body: string; retry: number }[], concurrency: number): Promise<void> {
  const ackTimes: number[] = [];
  let httpErrors = 0;
  let slackRetries = 0;
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const { body, retry } = requests[next++] as { body: string; retry: number };
      const r = await deliver(url, body, retry);
      ackTimes.push(r.ackMs);
      slackRetries += r.retried;
      if (!r.ok) httpErrors++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  port?.postMessage({ type: "sent", ackTimes, httpErrors, slackRetries } satisfies FromClient);
}

port.on("message", (message: ToClient) => {
  if (message.type === "send") {
    void send(message.url, message.requests, message.concurrency);
  } else {
    const responses = fake.responses.map((r) => ({ path: r.path, text: r.body.text ?? "" }));
    void fake.close().then(() => port.postMessage({ type: "responses", responses } satisfies FromClient));
  }
});
port.postMessage({ type: "ready", apiUrl: fake.apiUrl, responseBase: fake.responseBase } satisfies FromClient);
