import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

// The Slack side of the load bench: a small fake Web API on 127.0.0.1 (auth.test, users.info, chat.postMessage,
// the external file upload that charts use) and the sink of response_url posts, which records when each answer
// arrived. It runs in the load generator's worker thread (bench/load-client.ts), so arrival times and request
// times are read on the same clock and kpibot's event loop does only kpibot's work.

/** One message posted to a response_url `${responseBase}/<run>/<n>`. */
export interface Arrival {
  path: string;
  /** performance.now() of the worker when the post's body was read. */
  at: number;
  text: string;
}

/** The running fake. */
export interface LoadFakeSlack {
  /** For SLACK_API_URL / Bolt's clientOptions.slackApiUrl (ends with /api/). */
  apiUrl: string;
  /** response_url values are `${responseBase}/<run>/<n>`. */
  responseBase: string;
  /** Answers by run (the first segment after the base), in arrival order. */
  arrivals: Map<string, Arrival[]>;
  /** Web API calls by method. */
  calls: Map<string, number>;
  /** Called after every arrival with its run (the worker resolves its waits from it). */
  onArrival: ((run: string) => void) | undefined;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The text a response_url post shows (its fallback text). */
function textOf(raw: string): string {
  try {
    const body = JSON.parse(raw) as { text?: unknown };
    return typeof body.text === "string" ? body.text : "";
  } catch {
    return "";
  }
}

/** A Web API answer as Slack gives it, for the methods kpibot and Bolt call during the bench. */
function answer(method: string, form: URLSearchParams, base: string, seq: () => number): Record<string, unknown> {
  switch (method) {
    case "auth.test":
      return { ok: true, url: "https://fake.slack.com/", team: "Fake", team_id: "T1", user_id: "UBOT", bot_id: "BBOT" };
    case "users.info": {
      const id = form.get("user") ?? "";
      return { ok: true, user: { id, name: id.toLowerCase(), real_name: `Person ${id}`, locale: "en-US" } };
    }
    case "chat.postMessage":
      return { ok: true, channel: form.get("channel"), ts: `1760000000.${String(seq()).padStart(6, "0")}` };
    case "files.getUploadURLExternal": {
      const id = `F${seq()}`;
      return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id };
    }
    case "files.completeUploadExternal": {
      const files = JSON.parse(form.get("files") ?? "[]") as { id: string; title?: string }[];
      return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title, mimetype: "image/png" })) };
    }
    default:
      return { ok: true };
  }
}

/** Starts the fake on an ephemeral port of 127.0.0.1. */
export async function startLoadFakeSlack(): Promise<LoadFakeSlack> {
  let n = 0;
  const seq = () => ++n;
  let base = "";
  const fake: LoadFakeSlack = {
    apiUrl: "",
    responseBase: "",
    arrivals: new Map(),
    calls: new Map(),
    onArrival: undefined,
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = req.url ?? "/";
      if (url.startsWith("/r/")) {
        const run = url.split("/")[2] ?? "";
        const list = fake.arrivals.get(run) ?? [];
        list.push({ path: url, at: performance.now(), text: textOf(raw) });
        fake.arrivals.set(run, list);
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        fake.onArrival?.(run);
        return;
      }
      if (url.startsWith("/upload/")) {
        res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${raw.length}`);
        return;
      }
      const method = url.replace(/^\/api\//, "").replace(/\?.*$/, "");
      fake.calls.set(method, (fake.calls.get(method) ?? 0) + 1);
      // The Web API client sends forms (nested values as JSON strings); Bolt's auth.test may send JSON.
      const form = req.headers["content-type"]?.includes("json")
        ? new URLSearchParams(Object.entries(JSON.parse(raw || "{}") as Record<string, string>))
        : new URLSearchParams(raw);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer(method, form, base, seq)));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.apiUrl = `${base}/api/`;
  fake.responseBase = `${base}/r`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}
