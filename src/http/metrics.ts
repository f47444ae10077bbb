import { createHash, timingSafeEqual } from "node:crypto";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { App } from "../app.js";
import type { Platform } from "../core/interaction.js";
import { fromLoopback, hostIsLocal } from "./peer.js";
import type { RouteModule } from "./server.js";

/** How handling one interaction ended: a reply was produced, or the core threw (a bug). */
export type CommandOutcome = "ok" | "error";

/** Where an error happened, so a dashboard can tell core bugs from platform trouble. */
export type ErrorStage = "command" | "render" | "chart" | "send";

/** The Prometheus metrics of one running kpibot (one registry per App, so tests never share counters). */
export interface KpibotMetrics {
  registry: Registry;
  /** `kpibot_commands_total{platform,outcome}`. */
  commands: Counter<"platform" | "outcome">;
  /** `kpibot_command_duration_seconds{platform}`: time spent in `handleInteraction`. */
  latency: Histogram<"platform">;
  /** `kpibot_errors_total{platform,stage}`. */
  errors: Counter<"platform" | "stage">;
}

/** Creates a registry with kpibot's metrics and the default Node.js process metrics. */
export function createMetrics(): KpibotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    commands: new Counter({
      name: "kpibot_commands_total",
      help: "Interactions (typed commands and button clicks) handled, by platform and outcome.",
      labelNames: ["platform", "outcome"] as const,
      registers: [registry],
    }),
    latency: new Histogram({
      name: "kpibot_command_duration_seconds",
      help: "Time to answer one interaction in the core (handleInteraction), by platform.",
      labelNames: ["platform"] as const,
      // KPI answers are aggregate queries: most take tens of ms; Slack's hard limit is 3 s.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    errors: new Counter({
      name: "kpibot_errors_total",
      help: "Errors while handling, rendering, charting or sending a reply, by platform and stage.",
      labelNames: ["platform", "stage"] as const,
      registers: [registry],
    }),
  };
}

// Keyed by App rather than a process-wide registry: several apps (tests, replicas in one process) stay apart.
const byApp = new WeakMap<App, KpibotMetrics>();

/** The metrics of this app, created on first use. */
export function metricsFor(app: App): KpibotMetrics {
  let metrics = byApp.get(app);
  if (!metrics) {
    metrics = createMetrics();
    registerStoreMetrics(metrics.registry, app);
    byApp.set(app, metrics);
  }
  return metrics;
}

/**
 * Metrics read from the app at each scrape: `kpibot_answer_cache_total{result="hit|miss"}` (KPI answers served
 * from the cache or computed; an ask that joined an identical one being computed is a hit) and
 * `kpibot_db_pool{state="max|open|busy|waiting"}` (SQLite read workers, or PostgreSQL pool connections).
 */
function registerStoreMetrics(registry: Registry, app: App): void {
  new Counter({
    name: "kpibot_answer_cache_total",
    help: "KPI answers asked, by whether the answer cache had them (hit) or they were computed (miss).",
    labelNames: ["result"] as const,
    registers: [registry],
    collect() {
      const { hits, misses } = app.kpi.cacheStats();
      this.reset();
      this.inc({ result: "hit" }, hits);
      this.inc({ result: "miss" }, misses);
    },
  });
  new Gauge({
    name: "kpibot_db_pool",
    help: "Database connections off the event loop: SQLite read workers or PostgreSQL pool connections (max, open, busy) and statements waiting for one.",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const s = app.db.poolStats();
      this.set({ state: "max" }, s.max);
      this.set({ state: "open" }, s.open);
      this.set({ state: "busy" }, s.busy);
      this.set({ state: "waiting" }, s.waiting);
    },
  });
}

/**
 * Runs `handle` (normally `() => handleInteraction(app, interaction)`), timing it and counting
 * its outcome; a throw is counted as an error of stage `command` and rethrown.
 */
export async function observeInteraction<T>(app: App, platform: Platform, handle: () => Promise<T>): Promise<T> {
  const metrics = metricsFor(app);
  const stop = metrics.latency.startTimer({ platform });
  try {
    const result = await handle();
    metrics.commands.inc({ platform, outcome: "ok" });
    return result;
  } catch (err) {
    metrics.commands.inc({ platform, outcome: "error" });
    metrics.errors.inc({ platform, stage: "command" });
    throw err;
  } finally {
    stop();
  }
}

/** Counts one error outside the core (a failed chart render, upload or post). */
export function recordError(app: App, platform: Platform, stage: ErrorStage): void {
  metricsFor(app).errors.inc({ platform, stage });
}

/** Whether an `Authorization` header carries `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer[ \t]+(\S+)\s*$/i.exec(header ?? "")?.[1];
  if (given === undefined) return false;
  // Digests have equal lengths, so timingSafeEqual never throws and the token's length does not leak.
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/**
 * Serves `GET /metrics` in the Prometheus text exposition format. The numbers describe the deployment
 * (traffic, errors, memory), so the route is closed by default: with KPIBOT_METRICS_TOKEN every scrape must
 * send `Authorization: Bearer <token>` (401 otherwise); without it only this machine is answered (403
 * otherwise, also to a browser tricked into calling 127.0.0.1 under another name). KPIBOT_METRICS_PORT moves
 * the route to a listener of its own (adapters/main.ts); the same rule applies there.
 */
export const metricsRoutes: RouteModule = (http, app) => {
  http.get("/metrics", async (c) => {
    const token = app.config.KPIBOT_METRICS_TOKEN;
    if (token !== undefined) {
      if (!bearerMatches(c.req.header("authorization"), token)) {
        c.header("www-authenticate", 'Bearer realm="kpibot metrics"');
        return c.json({ error: "unauthorized: /metrics needs Authorization: Bearer <KPIBOT_METRICS_TOKEN>" }, 401);
      }
    } else if (!fromLoopback(c) || !hostIsLocal(c)) {
      return c.json(
        { error: "/metrics only answers this machine; set KPIBOT_METRICS_TOKEN to scrape it from elsewhere" },
        403,
      );
    }
    const { registry } = metricsFor(app);
    const body = await registry.metrics();
    return c.body(body, 200, { "content-type": registry.contentType });
  });
};
