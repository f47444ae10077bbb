import type { ConfigurationBotFrameworkAuthenticationOptions } from "botbuilder";
import type { App } from "../../src/app.js";
import type { Interaction } from "../../src/core/interaction.js";
import type { DrawChart } from "../../src/http/chart-images.js";
import { interactionStarted, recordAck, recordAnswer } from "../../src/http/load-watch.js";
import type { RouteModule } from "../../src/http/server.js";
import type { Reply } from "../../src/reply/types.js";
import { dbClaims } from "../../src/store/idempotency.js";
import { createBotAdapter, type KpibotCloudAdapter } from "./bot-adapter.js";
import type { ChartSource } from "./images.js";
import { TeamsMessenger } from "./messenger.js";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry.js";
import { mountTeamsRoute, TEAMS_MESSAGES_PATH } from "./route.js";
import { teamsTurn } from "./turn.js";

export { renderAdaptiveCard } from "./render/card.js";
export { TEAMS_LIMITS } from "./render/limits.js";
export { TEAMS_MESSAGES_PATH, TeamsMessenger };

/** Options of the Teams surface (all optional in production). */
export interface TeamsOptions {
  /** The chart imager's render (app.charts); without it charts show as alt text. */
  draw?: DrawChart;
  /** Retry policy overrides (tests inject sleep and random). */
  retry?: Partial<RetryPolicy>;
  /** Bot Framework endpoint overrides (tests point the OpenID metadata at a local key server). */
  authOverrides?: ConfigurationBotFrameworkAuthenticationOptions;
  /** Replaces the core's handleInteraction (tests count calls). */
  answer?: (app: App, interaction: Interaction) => Promise<Reply>;
}

/** The Teams surface: its route module, its Messenger and the adapter underneath. */
export interface TeamsSurface {
  routes: RouteModule;
  messenger: TeamsMessenger;
  adapter: KpibotCloudAdapter;
  emulator: boolean;
}

function warnAboutCharts(app: App, source: ChartSource): void {
  const { KPIBOT_PUBLIC_URL: publicUrl, KPIBOT_SECRET: secret } = app.config;
  if (source.mode !== "local") return;
  if (!publicUrl || !secret) {
    app.logger.info(
      { KPIBOT_PUBLIC_URL: Boolean(publicUrl), KPIBOT_SECRET: Boolean(secret) },
      "teams: charts are inlined only when small; set KPIBOT_PUBLIC_URL (https) and KPIBOT_SECRET to serve chart images",
    );
  } else if (!publicUrl.startsWith("https://")) {
    app.logger.warn({ publicUrl }, "teams: KPIBOT_PUBLIC_URL is not https; Teams clients only load https images");
  }
}

/**
 * Whether the Teams route is served: with MICROSOFT_APP_ID (every request authenticated), or in
 * emulator mode only when KPIBOT_TEAMS_EMULATOR=on says so — never by default.
 */
export function teamsEnabled(config: App["config"]): boolean {
  return Boolean(config.MICROSOFT_APP_ID) || config.KPIBOT_TEAMS_EMULATOR;
}

/**
 * Builds the Teams surface from the configuration. With MICROSOFT_APP_ID every request must
 * carry a valid Bot Framework token; without it the endpoint runs in emulator mode (logged loudly).
 */
export function createTeams(app: App, opts: TeamsOptions = {}): TeamsSurface {
  const config = app.config;
  const emulator = !config.MICROSOFT_APP_ID;
  const adapter = createBotAdapter(config, opts.authOverrides);
  const logger = app.logger.child({ surface: "teams" });
  if (emulator) {
    logger.warn(
      `⚠ Teams: POST ${TEAMS_MESSAGES_PATH} runs in LOCAL EMULATOR MODE (KPIBOT_TEAMS_EMULATOR=on) — requests are NOT ` +
        "authenticated, so only requests from this machine (loopback) are answered, expectReplies is refused, and " +
        "answers go to local connectors only. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to connect to Microsoft Teams.",
    );
  } else {
    logger.info(
      { appId: config.MICROSOFT_APP_ID, appType: config.MICROSOFT_APP_TYPE },
      `teams: ${TEAMS_MESSAGES_PATH} requires Bot Framework tokens`,
    );
  }
  const charts: ChartSource = {
    mode: config.KPIBOT_CHARTS,
    draw: opts.draw,
    publicUrl: config.KPIBOT_PUBLIC_URL,
    secret: config.KPIBOT_SECRET,
    now: () => app.clock.now(),
    logger,
  };
  warnAboutCharts(app, charts);
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const sendDeps = { charts, retry, logger };
  const logic = teamsTurn({
    ...sendDeps,
    app,
    adapter,
    once: dbClaims(app.repos.claims, () => app.clock.now(), app.keys),
    ...(opts.answer ? { answer: opts.answer } : {}),
  });
  return {
    routes: (http) =>
      mountTeamsRoute(http, {
        adapter,
        logic,
        logger,
        emulator,
        tenants: config.KPIBOT_TEAMS_TENANTS,
        turnStarted: () => {
          const done = interactionStarted(app, "teams");
          return (seconds) => {
            done();
            // The HTTP answer is Teams' acknowledgement, and the replies went out within the turn.
            recordAck(app, "teams", seconds);
            recordAnswer(app, "teams", seconds);
          };
        },
      }),
    messenger: new TeamsMessenger(adapter, config.MICROSOFT_APP_ID ?? "", sendDeps),
    adapter,
    emulator,
  };
}
