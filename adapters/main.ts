import { type App, createApp } from "../src/app.js";
import type { Config } from "../src/config.js";
import type { Messengers } from "../src/core/messenger.js";
import { chartImagesRoutes } from "../src/http/chart-images.js";
import { exportRoutes } from "../src/http/exports.js";
import { watchEventLoop } from "../src/http/load-watch.js";
import { metricsRoutes } from "../src/http/metrics.js";
import { createHttp, listen, type RouteModule } from "../src/http/server.js";
import { webhookRoutes } from "../src/http/webhooks.js";
import { scheduledJobs } from "../src/jobs.js";
import { HIGHLIGHT, safeUrl } from "../src/logger.js";
import type { ChartSpec } from "../src/reply/types.js";
import { startScheduler } from "../src/scheduler/index.js";
import { seedIfEmpty } from "../src/seed/index.js";
import { dbClaims, startClaimsPurge } from "../src/store/idempotency.js";
import { onTicketsResolved, startSurveyJobs } from "../src/surveys/index.js";
import { startSyncScheduler } from "../src/sync/index.js";
import { OneTimeToken, PlaygroundOutbox, playgroundRoutes } from "./playground/index.js";
import { teamsCardRenderer } from "./playground/teams-view.js";
import { slackSettings } from "./slack/index.js";
import { buildSurfaces } from "./surfaces.js";

/** A started kpibot: the app, the bound port, the messengers of the configured platforms, and how to stop. */
export interface RunningKpibot {
  app: App;
  port: number;
  /** The port of the metrics listener, when KPIBOT_METRICS_PORT gives /metrics one of its own. */
  metricsPort?: number;
  messengers: Messengers;
  /** The playground's one-time admin link, when the playground is served (its token is in the start log). */
  adminLink: OneTimeToken | undefined;
  stop: () => Promise<void>;
}

/** Whether the playground is served: `auto` serves it only while no chat platform is configured. */
export function playgroundEnabled(config: Config): boolean {
  if (config.KPIBOT_PLAYGROUND !== "auto") return config.KPIBOT_PLAYGROUND === "on";
  return !config.SLACK_BOT_TOKEN && !config.MICROSOFT_APP_ID && !config.MATTERMOST_URL && !config.MATRIX_HOMESERVER_URL;
}

/** What `kpibot start` runs: migrate, seed demo data when empty, serve every configured surface, schedule digests. */
export async function startKpibot(config: Config): Promise<RunningKpibot> {
  // Slack settings are checked before anything opens: an inconsistent set stops kpibot with what to set.
  slackSettings(config);
  const app = await createApp(config);
  app.logger.info({ database: app.db.provider, url: safeUrl(config.DATABASE_URL) }, "store ready");
  // Demo data when the store is empty (KPIBOT_SEED_DEMO), so a newcomer's first question has an answer.
  await seedIfEmpty(app);
  const surfaces = buildSurfaces(app);
  // The chart renderer is loaded now, not by the first burst of questions after a start (~0.3 s on the loop).
  await app.charts
    .warm?.()
    .catch((err: unknown) =>
      app.logger.warn({ err }, "charts: warm-up failed; the first chart will load the renderer"),
    );
  // The playground is what a newcomer sees first (adapters/playground); its Teams view shows the
  // Teams adapter's card. Anyone reaching the port can use it, so once a real chat platform is
  // configured it is off unless KPIBOT_PLAYGROUND=on. What digests, alerts and surveys post into a
  // playground conversation waits in its outbox until the page asks for it.
  const playground = playgroundEnabled(config);
  const outbox = playground ? new PlaygroundOutbox() : undefined;
  if (outbox) surfaces.messengers.playground = outbox.messenger;
  // Digests, alerts and surveys (their commands and the scheduler) post through the app's messengers.
  Object.assign(app.messengers, surfaces.messengers);
  // /metrics is served on the main port, or only on a listener of its own with KPIBOT_METRICS_PORT.
  const ownMetricsPort = config.KPIBOT_METRICS_PORT;
  const modules: RouteModule[] = [...(ownMetricsPort === undefined ? [metricsRoutes] : []), ...surfaces.routes];
  // Tickets pushed by ITSM tools (POST /webhooks/tickets, KPIBOT_WEBHOOK_SECRET) and pulled by syncs;
  // newly resolved ones get the ticket survey when KPIBOT_TICKET_SURVEYS=on.
  const onResolved = async (ids: number[]) => void (await onTicketsResolved(app, ids, surfaces.messengers));
  modules.push(webhookRoutes({ onResolved }));
  // The playground authenticates nobody: it answers this machine only, and the one way to become
  // admin there is the one-time link printed below (a visitor cannot copy anything that makes them admin).
  const adminLink = playground ? new OneTimeToken() : undefined;
  if (playground)
    modules.push(playgroundRoutes({ renderCard: teamsCardRenderer, outbox, ...(adminLink ? { adminLink } : {}) }));
  // Signed chart image links that Teams cards point at under KPIBOT_PUBLIC_URL (they need KPIBOT_SECRET), and the
  // signed CSV downloads of exports (the tickets behind a number) on the surfaces that cannot take a file.
  if (config.KPIBOT_SECRET) {
    modules.push(
      chartImagesRoutes({ secret: config.KPIBOT_SECRET, draw: (spec: ChartSpec) => app.charts.render(spec) }),
      exportRoutes({ secret: config.KPIBOT_SECRET }),
    );
  }
  // A blocked event loop delays every acknowledgement: measured and warned about (docs/operations.md).
  const stopLoopWatch = watchEventLoop(app);
  const http = createHttp(app, modules);
  const { server, port } = await listen(http, config.PORT, config.HOST);
  const metrics =
    ownMetricsPort === undefined
      ? undefined
      : await listen(createHttp(app, [metricsRoutes]), ownMetricsPort, config.HOST);
  if (metrics) app.logger.info({ port: metrics.port }, "metrics served on their own port (GET /metrics)");
  app.logger.info({ port }, `kpibot listening on http://localhost:${port}`);
  await surfaces.slack?.start();
  await surfaces.mattermost?.start();
  // Matrix: the sync loop long-polls the homeserver (no inbound route).
  await surfaces.matrix?.start();
  // Digests and alerts: one scheduler with their jobs; node-cron ticks, the database decides which replica posts each fire.
  const scheduler = startScheduler(app, { jobs: scheduledJobs() });
  // Survey closes, reminders and recurrences; GLPI / ServiceNow / Jira syncs on KPIBOT_SYNC_SCHEDULE.
  const surveyJobs = startSurveyJobs(app, surfaces.messengers);
  // Dedupe claims outlive their window by a minute at most: each says that someone clicked at that instant.
  const claimsPurge = startClaimsPurge(
    app,
    dbClaims(app.repos.claims, () => app.clock.now(), app.keys),
  );
  const sync = startSyncScheduler(app, { messengers: surfaces.messengers, onResolved });
  if (playground) {
    app.logger.info(
      HIGHLIGHT,
      `playground: open http://localhost:${port}/ (health: /healthz, metrics: /metrics) — from this machine only`,
    );
    app.logger.info(
      `playground: to be admin there, open http://localhost:${port}/?admin=${adminLink?.token} once (one-time link)`,
    );
  } else app.logger.info("playground off (a chat platform is configured; KPIBOT_PLAYGROUND=on serves it anyway)");
  return {
    app,
    port,
    ...(metrics ? { metricsPort: metrics.port } : {}),
    messengers: surfaces.messengers,
    adminLink,
    stop: async () => {
      stopLoopWatch();
      await sync.stop();
      await surveyJobs.stop();
      await claimsPurge.stop();
      await scheduler.stop();
      await surfaces.slack?.stop();
      await surfaces.mattermost?.idle();
      await surfaces.matrix?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (metrics) await new Promise<void>((resolve) => metrics.server.close(() => resolve()));
      await app.db.close();
    },
  };
}
