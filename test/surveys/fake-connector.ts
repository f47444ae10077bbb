import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One request to the fake Bot Framework connector. */
export interface ConnectorCall {
  method: string;
  /** The conversation posted to; "" for a conversation creation. */
  conversationId: string;
  body: Record<string, unknown>;
}

/** A Bot Framework connector on 127.0.0.1 that also creates conversations (proactive 1:1 chats). */
export interface SurveyConnector {
  url: string;
  calls: ConnectorCall[];
  /** Makes the next conversation creations answer this status. */
  refuseCreate: number;
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

/** Starts the fake connector. */
export async function startSurveyConnector(): Promise<SurveyConnector> {
  let seq = 0;
  let chats = 0;
  const state: SurveyConnector = {
    url: "",
    calls: [],
    refuseCreate: 0,
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    void read(req).then((text) => {
      const path = (req.url ?? "").split("?")[0] ?? "";
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (req.method === "POST" && /^\/v3\/conversations\/?$/.test(path)) {
        state.calls.push({ method: "CREATE", conversationId: "", body });
        if (state.refuseCreate > 0) {
          state.refuseCreate--;
          send(403, {
            error: { code: "BotNotInConversationRoster", message: "The bot is not part of the conversation roster." },
          });
          return;
        }
        chats += 1;
        send(201, { id: `a:private-${chats}` });
        return;
      }
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(path);
      if (!m) {
        send(404, { error: { code: "NotFound" } });
        return;
      }
      state.calls.push({ method: req.method ?? "", conversationId: decodeURIComponent(m[1] ?? ""), body });
      seq += 1;
      send(req.method === "PUT" ? 200 : 201, { id: `activity-${seq}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/** The texts of an Adaptive Card message (TextBlocks, facts) and its Action.Submit data. */
export function cardOf(body: Record<string, unknown>): {
  texts: string[];
  submits: { actionId: string; value: string }[];
} {
  const texts: string[] = [];
  const submits: { actionId: string; value: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const o = node as Record<string, unknown>;
    if (o.type === "TextBlock" && typeof o.text === "string") texts.push(o.text);
    if (o.type === "Action.Submit") submits.push(o.data as { actionId: string; value: string });
    for (const v of Object.values(o)) walk(v);
  };
  walk(body.attachments);
  return { texts, submits };
}
