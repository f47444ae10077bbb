import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/** One request the fake connector received. */
export interface ConnectorRequest {
  method: string;
  path: string;
  conversationId: string;
  /** POST …/activities/{replyToId} or PUT …/activities/{activityId}. */
  activityId?: string;
  body: Record<string, unknown>;
  /** What the connector answered. */
  status: number;
}

/** A planned answer for the next request(s) instead of success. */
export interface PlannedFailure {
  status: number;
  headers?: Record<string, string>;
}

/** A stand-in for the Bot Framework connector (the activity's serviceUrl) on 127.0.0.1. */
export interface FakeConnector {
  url: string;
  requests: ConnectorRequest[];
  /** Answers the next requests with these statuses, in order, then succeeds again. */
  fail(...plan: PlannedFailure[]): void;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

/** Starts a connector answering like the real one: POST activities (201 + id), PUT updates (200 + id). */
export async function startFakeConnector(): Promise<FakeConnector> {
  const requests: ConnectorRequest[] = [];
  const plan: PlannedFailure[] = [];
  let next = 1;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    const path = (req.url ?? "").split("?")[0] ?? "";
    const match = ACTIVITIES.exec(path);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    if (!match || !(req.method === "POST" || (req.method === "PUT" && match[2]))) {
      send(404, { error: { code: "NotFound", message: `no route ${req.method} ${path}` } });
      return;
    }
    const record: ConnectorRequest = {
      method: req.method ?? "",
      path,
      conversationId: decodeURIComponent(match[1] ?? ""),
      ...(match[2] ? { activityId: decodeURIComponent(match[2]) } : {}),
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      status: 0,
    };
    requests.push(record);
    const failure = plan.shift();
    if (failure) {
      record.status = failure.status;
      send(failure.status, { error: { code: "Planned", message: `planned ${failure.status}` } }, failure.headers);
      return;
    }
    if (req.method === "PUT") {
      record.status = 200;
      send(200, { id: record.activityId });
      return;
    }
    record.status = 201;
    send(201, { id: `bot-msg-${next++}` });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    fail: (...failures) => {
      plan.push(...failures);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
