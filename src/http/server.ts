import { type ServerType, serve } from "@hono/node-server";
import { Hono } from "hono";
import type { App } from "../app.js";

/** Something that adds routes to the shared HTTP server (playground, Slack, Teams, webhooks). */
export type RouteModule = (http: Hono, app: App) => void;

/** Builds the one HTTP app every surface plugs into; callable in-process by tests (`http.request`). */
export function createHttp(app: App, modules: RouteModule[] = []): Hono {
  const http = new Hono();
  http.get("/healthz", async (c) => {
    try {
      await app.db.query("SELECT 1 AS ok");
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
    server.once("error", reject);
  });
}
