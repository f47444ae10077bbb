import { monitorEventLoopDelay } from "node:perf_hooks";
import { Gauge, Histogram } from "prom-client";
import type { App } from "../app.js";
import type { Platform } from "../core/interaction.js";
import { takeTurnsPeak } from "../core/turns.js";
import { metricsFor } from "./metrics.js";

// Say when it is late (issue 15 item 6): acknowledgements, answers and queues are measured on /metrics, and a
// warning line is logged when they approach what the platform or the user tolerates — so an operator sees
// overload before users do. Warnings are grouped (one line per kind per WARN_EVERY_MS, with the count and
// the worst value since the previous line): an overloaded replica must not also flood its log.

/**
 * The time a platform gives kpibot to acknowledge a request before it shows the user an error and retries:
 * Slack 3 s (slash commands, interactivity, events); the Bot Framework 15 s for the HTTP answer of a Teams turn.
 */
export const ACK_LIMIT_SECONDS: Partial<Record<Platform, number>> = { slack: 3, teams: 15 };

/** A warning once an acknowledgement took this share of its platform's limit. */
export const ACK_WARN_SHARE = 2 / 3;

/** A person waits for the answer itself: past this, it is late (the goal is an answer p99 under 3 s). */
export const ANSWER_WARN_SECONDS = 3;

/** A queue this deep is worth a line; each doubling beyond, another. */
export const QUEUE_WARN_DEPTH = 100;

/** At most one warning line per kind in this window. */
const WARN_EVERY_MS = 10_000;

interface LoadMetrics {
  acks: Histogram<"platform">;
  answers: Histogram<"platform">;
  inFlight: Gauge<"platform">;
  queue: Gauge<"queue">;
}

interface Warnings {
  /** kind → when the last line was written, and what happened since. */
  last: Map<string, { at: number; count: number; worst: number }>;
  /** queue → the depth that was last warned about. */
  queueMark: Map<string, number>;
}

const byApp = new WeakMap<App, { metrics: LoadMetrics; warnings: Warnings }>();

function watchOf(app: App): { metrics: LoadMetrics; warnings: Warnings } {
  let watch = byApp.get(app);
  if (!watch) {
    const { registry } = metricsFor(app);
    const seconds = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15, 30];
    watch = {
      metrics: {
        acks: new Histogram({
          name: "kpibot_ack_duration_seconds",
          help: "Time from receiving a platform request to acknowledging it (Slack's limit is 3 s, a Teams turn's 15 s).",
          labelNames: ["platform"] as const,
          buckets: seconds,
          registers: [registry],
        }),
        answers: new Histogram({
          name: "kpibot_answer_delay_seconds",
          help: "Time from receiving a command or click to its answer being delivered to the platform.",
          labelNames: ["platform"] as const,
          buckets: seconds,
          registers: [registry],
        }),
        inFlight: new Gauge({
          name: "kpibot_interactions_in_flight",
          help: "Interactions received and not yet answered, by platform.",
          labelNames: ["platform"] as const,
          registers: [registry],
        }),
        queue: new Gauge({
          name: "kpibot_queue_depth",
          help: "Work waiting in a queue: CPU steps of answers waiting their turn on the event loop (turns), small writes waiting for the next group commit (group-commit).",
          labelNames: ["queue"] as const,
          registers: [registry],
        }),
      },
      warnings: { last: new Map(), queueMark: new Map() },
    };
    byApp.set(app, watch);
  }
  return watch;
}

/** Logs a grouped warning: the first at once, then at most one per WARN_EVERY_MS with what happened since. */
function warnGrouped(app: App, kind: string, value: number, line: (count: number, worst: number) => [object, string]) {
  const { warnings } = watchOf(app);
  const now = app.clock.now().getTime();
  const seen = warnings.last.get(kind) ?? { at: Number.NEGATIVE_INFINITY, count: 0, worst: 0 };
  seen.count++;
  seen.worst = Math.max(seen.worst, value);
  if (now - seen.at >= WARN_EVERY_MS) {
    const [fields, message] = line(seen.count, seen.worst);
    app.logger.warn(fields, message);
    warnings.last.set(kind, { at: now, count: 0, worst: 0 });
  } else warnings.last.set(kind, seen);
}

const round = (s: number) => Math.round(s * 1000) / 1000;

/** Records an acknowledgement's delay; warns when it took ACK_WARN_SHARE of the platform's limit or more. */
export function recordAck(app: App, platform: Platform, seconds: number): void {
  watchOf(app).metrics.acks.observe({ platform }, seconds);
  const limit = ACK_LIMIT_SECONDS[platform];
  if (limit === undefined || seconds < limit * ACK_WARN_SHARE) return;
  warnGrouped(app, `ack:${platform}`, seconds, (count, worst) => [
    { platform, late: count, worstSeconds: round(worst), limitSeconds: limit },
    `${platform}: ${count} acknowledgement(s) near or over the platform's ${limit} s limit (worst ${round(worst)} s): this replica is overloaded; users see errors and the platform retries`,
  ]);
}

/** Records how long a person waited for an answer; warns past ANSWER_WARN_SECONDS. */
export function recordAnswer(app: App, platform: Platform, seconds: number): void {
  watchOf(app).metrics.answers.observe({ platform }, seconds);
  if (seconds < ANSWER_WARN_SECONDS) return;
  warnGrouped(app, `answer:${platform}`, seconds, (count, worst) => [
    { platform, late: count, worstSeconds: round(worst) },
    `${platform}: ${count} answer(s) delivered over ${ANSWER_WARN_SECONDS} s after the request (worst ${round(worst)} s)`,
  ]);
}

/** Counts an interaction from its receipt until it is answered (or dropped): call the returned function once. */
export function interactionStarted(app: App, platform: Platform): () => void {
  const gauge = watchOf(app).metrics.inFlight;
  gauge.inc({ platform });
  let done = false;
  return () => {
    if (done) return;
    done = true;
    gauge.dec({ platform });
  };
}

/**
 * Reports a queue's depth: a gauge, and a warning when it reaches QUEUE_WARN_DEPTH and at each doubling
 * beyond (once per level until it drains below half of it).
 */
export function recordQueueDepth(app: App, queue: string, depth: number): void {
  const { metrics, warnings } = watchOf(app);
  metrics.queue.set({ queue }, depth);
  const mark = warnings.queueMark.get(queue) ?? 0;
  if (depth >= Math.max(QUEUE_WARN_DEPTH, mark * 2)) {
    warnings.queueMark.set(queue, depth);
    app.logger.warn(
      { queue, depth },
      `${queue}: ${depth} waiting — work arrives faster than this replica completes it (add a replica, or PostgreSQL)`,
    );
  } else if (mark > 0 && depth < mark / 2) {
    warnings.queueMark.set(queue, depth >= QUEUE_WARN_DEPTH ? depth : 0);
  }
}

/** The event loop blocked this long or more in a window: acknowledgements were at least that late. */
export const LOOP_WARN_SECONDS = 1;

/**
 * Watches the event loop (perf_hooks' delay histogram, read every `everyMs`): `kpibot_event_loop_blocked_seconds`
 * is the longest stall of the last window, and a stall of LOOP_WARN_SECONDS or more is a (grouped) warning. An
 * acknowledgement's own timer starts when its handler runs, so it cannot see a request that waited behind a
 * blocked loop: this can. Returns how to stop it.
 */
export function watchEventLoop(app: App, everyMs = 5_000): () => void {
  const { registry } = metricsFor(app);
  const monitor = monitorEventLoopDelay({ resolution: 20 });
  monitor.enable();
  let last = 0;
  // One gauge per app, reading the latest watcher's value (a watcher stopped and started again reuses it).
  const gauge = (registry.getSingleMetric("kpibot_event_loop_blocked_seconds") ??
    new Gauge({
      name: "kpibot_event_loop_blocked_seconds",
      help: "The longest event-loop stall of the last few seconds: requests arriving then waited at least that long.",
      registers: [registry],
    })) as Gauge;
  const timer = setInterval(() => {
    last = monitor.max / 1e9;
    gauge.set(last);
    monitor.reset();
    // The queues of this replica, at their deepest since the last look.
    recordQueueDepth(app, "turns", takeTurnsPeak());
    recordQueueDepth(app, "group-commit", app.db.groupStats().waiting);
    if (last >= LOOP_WARN_SECONDS) {
      warnGrouped(app, "loop", last, (count, worst) => [
        { stalls: count, worstSeconds: round(worst) },
        `the event loop was blocked for up to ${round(worst)} s: requests arriving meanwhile were acknowledged that late (Slack's limit is 3 s); see kpibot_db_pool and docs/operations.md`,
      ]);
    }
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    monitor.disable();
  };
}
