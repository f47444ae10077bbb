import type { App } from "../../src/app.js";
import { handleInteraction } from "../../src/commands/index.js";
import type { Interaction } from "../../src/core/interaction.js";
import type { Messenger } from "../../src/core/messenger.js";
import { KpibotError } from "../../src/errors.js";
import type { DrawChart } from "../../src/http/chart-images.js";
import type { Reply } from "../../src/reply/types.js";
import { dbClaims } from "../../src/store/idempotency.js";
import { type MatrixApi, matrixApi } from "./api.js";
import { type MatrixBot, matrixBot } from "./bot.js";
import { matrixMessenger, PendingActions } from "./messenger.js";

/** Matrix's settings, read from the configuration. */
export interface MatrixSettings {
  homeserver: string;
  token: string;
  minIntervalMs: number;
}

/** MATRIX_HOMESERVER_URL and MATRIX_ACCESS_TOKEN turn Matrix on; one without the other stops kpibot with what to set. */
export function matrixSettings(config: App["config"]): MatrixSettings | undefined {
  const { MATRIX_HOMESERVER_URL: homeserver, MATRIX_ACCESS_TOKEN: token } = config;
  if (!homeserver && !token) return undefined;
  if (!homeserver || !token) {
    throw new KpibotError(
      "CONFIG_INVALID",
      "Matrix needs MATRIX_HOMESERVER_URL (e.g. https://matrix.agent.tchap.gouv.fr) and MATRIX_ACCESS_TOKEN (the bot account's token, obtained once) — docs/matrix.md",
    );
  }
  return { homeserver, token, minIntervalMs: config.MATRIX_MIN_INTERVAL_MS };
}

/** The Matrix surface: a Messenger and the sync loop (no HTTP route: kpibot polls the homeserver). */
export interface MatrixSurface {
  messenger: Messenger;
  bot: MatrixBot;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the Matrix surface. */
export function createMatrix(
  app: App,
  opts: {
    settings: MatrixSettings;
    draw?: DrawChart;
    api?: MatrixApi;
    handle?: (app: App, interaction: Interaction) => Promise<Reply>;
    pollMs?: number;
  },
): MatrixSurface {
  const logger = app.logger.child({ surface: "matrix" });
  const api =
    opts.api ??
    matrixApi({
      homeserver: opts.settings.homeserver,
      token: opts.settings.token,
      minIntervalMs: opts.settings.minIntervalMs,
      logger,
    });
  const pending = new PendingActions();
  const messengerDeps = { api, pending, logger, ...(opts.draw ? { draw: opts.draw } : {}) };
  const bot = matrixBot({
    app,
    api,
    claims: dbClaims(app.repos.claims, () => app.clock.now(), app.keys),
    pending,
    messenger: messengerDeps,
    handle: opts.handle ?? handleInteraction,
    logger,
    ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
  });
  return { messenger: matrixMessenger(messengerDeps), bot, start: () => bot.start(), stop: () => bot.stop() };
}
