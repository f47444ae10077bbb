import { type ServerType, serve } from "@hono/node-server";
import { Hono } from "hono";
import type { App } from "../app.js";
import { noteArrival } from "../core/turns.js";
import { bodySizeLimit } from "./body-limit.js";

/**
 * The largest request body any route reads, refused with 413 before a signature or token check
 * reads it (a declared Content-Length is refused at once; a chunked body is cut when it passes the
 * limit). Slack, Teams and the playground send a few KiB at most. Routes under `/webhooks/` carry
 * batches of tickets and declare their own limit (1 MiB).
 */
export const MAX_BODY_BYTES = 256 * 1024;

/** Paths whose routes set their own body limit. */
const OWN_LIMIT_PREFIXES = ["/webhooks/"];

/** Something that adds routes to the shared HTTP server (playground, Slack, Teams, webhooks). */
export type RouteModule = (http: Hono, app: App) => void;

/** Builds the one HTTP app every surface plugs into; callable in-process by tests (`http.request`). */
export function createHttp(app: App, modules: RouteModule[] = []): Hono {
  const http = new Hono();
  const limit = bodySizeLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json({ error: `request body larger than ${MAX_BODY_BYTES} bytes` }, 413),
  });
  http.use("*", (c, next) => (OWN_LIMIT_PREFIXES.some((p) => c.req.path.startsWith(p)) ? next() : limit(c, next)));
  http.get("/healthz", async (c) => {
    try {
      await app.repos.health.ping();
      return c.json({ status: "ok", database: app.db.provider });
    } catch (err) {
      app.logger.error({ err }, "health check: database unreachable");
      return c.json({ status: "error", database: app.db.provider, error: "database unreachable" }, 503);
    }
  });
  for (const register of modules) register(http, app);
  return http;
}

/** Starts listening; resolves once the port is bound. */
export function listen(http: Hono, port: number, hostname: string): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: http.fetch, port, hostname }, (info) => resolve({ server, port: info.port }));
    // Each request tells the turns that requests are arriving (acknowledged before the next answer is built).
    server.on("request", noteArrival);
    server.once("error", reject);
  });
}
