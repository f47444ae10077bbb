import { type App, createApp } from "../src/app.js";
import type { Config } from "../src/config.js";
import type { Platform } from "../src/core/interaction.js";
import type { Messenger } from "../src/core/messenger.js";
import { chartImagesRoutes } from "../src/http/chart-images.js";
import { metricsRoutes } from "../src/http/metrics.js";
import { createHttp, listen, type RouteModule } from "../src/http/server.js";
import { safeUrl } from "../src/logger.js";
import type { ChartSpec } from "../src/reply/types.js";
import { seedIfEmpty } from "../src/seed/index.js";
import { playgroundRoutes } from "./playground/index.js";
import { teamsCardRenderer } from "./playground/teams-view.js";
import { createSlackAdapter, slackSettings } from "./slack/index.js";
import { createTeams } from "./teams/index.js";

/** A started kpibot: the app, the bound port, the messengers of the configured platforms, and how to stop. */
export interface RunningKpibot {
  app: App;
  port: number;
  messengers: Partial<Record<Platform, Messenger>>;
  stop: () => Promise<void>;
}

/** Whether the playground is served: `auto` serves it only while no chat platform is configured. */
export function playgroundEnabled(config: Config): boolean {
  if (config.KPIBOT_PLAYGROUND !== "auto") return config.KPIBOT_PLAYGROUND === "on";
  return !config.SLACK_BOT_TOKEN && !config.MICROSOFT_APP_ID;
}

/** What `kpibot start` runs: migrate, seed demo data when empty, serve every configured surface. */
export async function startKpibot(config: Config): Promise<RunningKpibot> {
  // Slack settings are checked first: an inconsistent set stops kpibot with what to set (adapters/slack).
  const slackConfig = slackSettings(config);
  const app = await createApp(config);
  app.logger.info({ database: app.db.provider, url: safeUrl(config.DATABASE_URL) }, "store ready");
  // Demo data when the store is empty (KPIBOT_SEED_DEMO), so a newcomer's first question has an answer.
  await seedIfEmpty(app);
  // The playground is what a newcomer sees first (adapters/playground); its Teams view shows the
  // Teams adapter's card. Anyone reaching the port can use it, so once a real chat platform is
  // configured it is off unless KPIBOT_PLAYGROUND=on.
  const modules: RouteModule[] = [metricsRoutes];
  const playground = playgroundEnabled(config);
  if (playground) modules.push(playgroundRoutes({ renderCard: teamsCardRenderer }));
  // Microsoft Teams at POST /api/messages (emulator mode without MICROSOFT_APP_ID), and the signed
  // chart image links its cards point at under KPIBOT_PUBLIC_URL (they need KPIBOT_SECRET).
  const drawChart = (spec: ChartSpec) => app.charts.render(spec);
  const teams = createTeams(app, { draw: drawChart });
  modules.push(teams.routes);
  if (config.KPIBOT_SECRET) modules.push(chartImagesRoutes({ secret: config.KPIBOT_SECRET, draw: drawChart }));
  // Slack at POST /slack/events (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET), or Socket Mode with SLACK_APP_TOKEN.
  const slack = slackConfig ? createSlackAdapter(app, { settings: slackConfig }) : undefined;
  if (slack) modules.push(slack.routes);
  const http = createHttp(app, modules);
  const { server, port } = await listen(http, config.PORT, config.HOST);
  app.logger.info({ port }, `kpibot listening on http://localhost:${port}`);
  await slack?.start();
  if (playground) app.logger.info(`playground: open http://localhost:${port}/ (health: /healthz, metrics: /metrics)`);
  else app.logger.info("playground off (a chat platform is configured; KPIBOT_PLAYGROUND=on serves it anyway)");
  const messengers: Partial<Record<Platform, Messenger>> = { teams: teams.messenger };
  if (slack) messengers.slack = slack.messenger;
  return {
    app,
    port,
    messengers,
    stop: async () => {
      await slack?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.db.close();
    },
  };
}
