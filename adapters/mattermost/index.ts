import { LRUCache } from "lru-cache";
import type { App } from "../../src/app.js";
import { handleInteraction } from "../../src/commands/index.js";
import { InFlight } from "../../src/core/in-flight.js";
import type { Interaction } from "../../src/core/interaction.js";
import type { Messenger } from "../../src/core/messenger.js";
import { KpibotError } from "../../src/errors.js";
import { type DrawChart, signedChartUrl } from "../../src/http/chart-images.js";
import type { RouteModule } from "../../src/http/server.js";
import type { Reply } from "../../src/reply/types.js";
import { dbClaims } from "../../src/store/idempotency.js";
import { type MattermostApi, mattermostApi } from "./api.js";
import { mattermostMessenger } from "./messenger.js";
import { renderPost } from "./render.js";
import { MATTERMOST_ACTIONS_PATH, mountMattermostRoutes } from "./route.js";

export { MATTERMOST_ACTIONS_PATH, MATTERMOST_COMMAND_PATH } from "./route.js";

/** Mattermost's settings, read from the configuration. */
export interface MattermostSettings {
  url: string;
  botToken: string;
  commandTokens: readonly string[];
}

/**
 * MATTERMOST_URL and MATTERMOST_BOT_TOKEN together turn Mattermost on (posting: digests, alerts, surveys);
 * MATTERMOST_COMMAND_TOKEN serves `/kpi`. One without the other stops kpibot with what to set.
 */
export function mattermostSettings(config: App["config"]): MattermostSettings | undefined {
  const { MATTERMOST_URL: url, MATTERMOST_BOT_TOKEN: botToken, MATTERMOST_COMMAND_TOKEN: commandTokens } = config;
  if (!url && !botToken && commandTokens.length === 0) return undefined;
  if (!url || !botToken) {
    throw new KpibotError(
      "CONFIG_INVALID",
      "Mattermost needs MATTERMOST_URL (the server, e.g. https://chat.example.org) and MATTERMOST_BOT_TOKEN (the bot account's access token), plus MATTERMOST_COMMAND_TOKEN for /kpi — docs/mattermost.md",
    );
  }
  return { url, botToken, commandTokens };
}

/** The Mattermost surface: its routes, its Messenger, and what a stop or a test waits for. */
export interface MattermostSurface {
  routes: RouteModule;
  messenger: Messenger;
  /** Learns the bot account's id (GET /api/v4/users/me); a failure only warns. */
  start(): Promise<void>;
  /** Resolves once every answer started so far is delivered. */
  idle(): Promise<void>;
}

/** Options (tests inject the core, an API client and the chart drawer). */
export interface MattermostOptions {
  settings: MattermostSettings;
  draw?: DrawChart;
  api?: MattermostApi;
  handle?: (app: App, interaction: Interaction) => Promise<Reply>;
}

/** Builds the Mattermost surface over the shared HTTP server. */
export function createMattermost(app: App, opts: MattermostOptions): MattermostSurface {
  const { settings } = opts;
  const logger = app.logger.child({ surface: "mattermost" });
  const api = opts.api ?? mattermostApi({ url: settings.url, token: settings.botToken });
  const publicUrl = app.config.KPIBOT_PUBLIC_URL?.replace(/\/+$/, "");
  const sign = (actionId: string, value: string) => app.keys.mac("mattermost.button", actionId, value);
  // Buttons call kpibot back through the Mattermost server: they need kpibot's public URL.
  const button = publicUrl
    ? (action: { actionId: string; value: string }) => ({
        url: `${publicUrl}${MATTERMOST_ACTIONS_PATH}`,
        context: { a: action.actionId, v: action.value, s: sign(action.actionId, action.value) },
      })
    : undefined;
  // The bot account's id, asked once (again after a failure).
  let botUserId: Promise<string> | undefined;
  const me = () => {
    if (!botUserId) {
      const asked = api.me().then((u) => u.id);
      asked.catch(() => {
        if (botUserId === asked) botUserId = undefined;
      });
      botUserId = asked;
    }
    return botUserId;
  };
  const messenger = mattermostMessenger({
    api,
    botUserId: me,
    ...(opts.draw ? { draw: opts.draw } : {}),
    ...(button ? { button } : {}),
    logger,
  });
  // A private answer cannot carry an uploaded file: its charts are signed kpibot links (KPIBOT_PUBLIC_URL and
  // KPIBOT_SECRET) or QuickChart URLs, else their alt text.
  const renderPrivate = async (reply: Reply) => {
    const images: NonNullable<Parameters<typeof renderPost>[1]>["images"] = new Map();
    for (const [index, block] of reply.blocks.entries()) {
      if (block.type !== "chart") continue;
      if (app.config.KPIBOT_CHARTS === "local" && publicUrl && app.config.KPIBOT_SECRET) {
        const url = signedChartUrl({
          publicUrl,
          secret: app.config.KPIBOT_SECRET,
          spec: block.spec,
          now: app.clock.now(),
        });
        if (url) images.set(index, { url });
      } else if (app.config.KPIBOT_CHARTS === "quickchart" && opts.draw) {
        const picture = await opts.draw(block.spec).catch(() => undefined);
        if (picture?.kind === "url") images.set(index, { url: picture.url });
      }
    }
    return renderPost(reply, { images, ...(button ? { button } : {}) });
  };
  const locales = new LRUCache<string, { locale: string | undefined }>({ max: 10_000, ttl: 3_600_000 });
  const localeOf = async (userId: string) => {
    const hit = locales.get(userId);
    if (hit) return hit.locale;
    try {
      const user = await api.user(userId);
      locales.set(userId, { locale: user.locale || undefined });
      return user.locale || undefined;
    } catch (err) {
      logger.warn({ err, user: userId }, "mattermost: user look-up failed; the stored language is used");
      return undefined;
    }
  };
  const inFlight = new InFlight();
  const claims = dbClaims(app.repos.claims, () => app.clock.now(), app.keys);
  return {
    routes: (http) =>
      mountMattermostRoutes(http, {
        app,
        api,
        claims,
        commandTokens: settings.commandTokens,
        handle: opts.handle ?? handleInteraction,
        postShared: async (ref, reply) => void (await messenger.post(ref, reply)),
        renderPrivate,
        localeOf,
        sign,
        track: (work) => inFlight.track(work),
        logger,
      }),
    messenger,
    async start() {
      try {
        await me();
        logger.info("connected to Mattermost");
      } catch (err) {
        logger.warn(
          { err },
          "mattermost: could not read the bot account (GET /api/v4/users/me); check MATTERMOST_BOT_TOKEN",
        );
      }
      if (settings.commandTokens.length === 0)
        logger.info("mattermost: /kpi is not served (set MATTERMOST_COMMAND_TOKEN)");
      if (!button)
        logger.info("mattermost: answers have no buttons (set KPIBOT_PUBLIC_URL so Mattermost can call kpibot back)");
    },
    idle: () => inFlight.idle(),
  };
}
