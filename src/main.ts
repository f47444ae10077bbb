import { playgroundRoutes } from "../adapters/playground/index.js";
import { teamsCardRenderer } from "../adapters/playground/teams-view.js";
import { createSlackAdapter, slackSettings } from "../adapters/slack/index.js";
import { createTeams } from "../adapters/teams/index.js";
import { type App, createApp } from "./app.js";
import type { Config } from "./config.js";
import { chartImagesRoutes } from "./http/chart-images.js";
import { metricsRoutes } from "./http/metrics.js";
import { createHttp, listen, type RouteModule } from "./http/server.js";
import { safeUrl } from "./logger.js";
import type { ChartSpec } from "./reply/types.js";
import { seedIfEmpty } from "./seed/index.js";

/** What `kpibot start` runs: migrate, seed demo data when empty, serve every configured surface. */
export async function startKpibot(config: Config): Promise<{ app: App; port: number; stop: () => Promise<void> }> {
  // Slack settings are checked first: an inconsistent set stops kpibot with what to set (adapters/slack).
  const slackConfig = slackSettings(config);
  const app = await createApp(config);
  app.logger.info({ database: app.db.provider, url: safeUrl(config.DATABASE_URL) }, "store ready");
  // Demo data when the store is empty (KPIBOT_SEED_DEMO), so a newcomer's first question has an answer.
  await seedIfEmpty(app);
  // The playground is always on: it is what a newcomer sees first (adapters/playground); its
  // Teams view shows the Teams adapter's card.
  const modules: RouteModule[] = [metricsRoutes, playgroundRoutes({ renderCard: teamsCardRenderer })];
  // Microsoft Teams at POST /api/messages (emulator mode without MICROSOFT_APP_ID), and the signed
  // chart image links its cards point at under KPIBOT_PUBLIC_URL (they need KPIBOT_SECRET).
  const drawChart = (spec: ChartSpec) => app.charts.render(spec);
  modules.push(createTeams(app, { draw: drawChart }).routes);
  if (config.KPIBOT_SECRET) modules.push(chartImagesRoutes({ secret: config.KPIBOT_SECRET, draw: drawChart }));
  // Slack at POST /slack/events (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET), or Socket Mode with SLACK_APP_TOKEN.
  const slack = slackConfig ? createSlackAdapter(app, { settings: slackConfig }) : undefined;
  if (slack) modules.push(slack.routes);
  const http = createHttp(app, modules);
  const { server, port } = await listen(http, config.PORT, config.HOST);
  app.logger.info({ port }, `kpibot listening on http://localhost:${port}`);
  await slack?.start();
  app.logger.info(`playground: open http://localhost:${port}/ (health: /healthz, metrics: /metrics)`);
  return {
    app,
    port,
    stop: async () => {
      await slack?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.db.close();
    },
  };
}
