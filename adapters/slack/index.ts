import { App as BoltApp } from "@slack/bolt";
import type { App } from "../../src/app.js";
import { handleInteraction } from "../../src/commands/index.js";
import type { Messenger } from "../../src/core/messenger.js";
import { KpibotError } from "../../src/errors.js";
import { interactionStarted, recordAck } from "../../src/http/load-watch.js";
import type { RouteModule } from "../../src/http/server.js";
import { dbClaims } from "../../src/store/idempotency.js";
import {
  type ClientOptions,
  callSlack,
  createPostClient,
  createWebClient,
  slackErrorCode,
  slackLogger,
  uploadPng,
  type WebClient,
} from "./api.js";
import { type ChartImagerLike, chartPreparer } from "./charts.js";
import type { HandleFn, SlackDeps } from "./deps.js";
import { registerActions } from "./listeners/actions.js";
import { commandLane } from "./listeners/command.js";
import { registerEvents } from "./listeners/events.js";
import { registerMessages } from "./listeners/messages.js";
import { slackMessenger } from "./messenger.js";
import { perClickLane } from "./per-click.js";
import { HonoReceiver } from "./receivers/http.js";
import { firstLane, type RequestWatch } from "./receivers/in-flight.js";
import { SocketReceiver } from "./receivers/socket.js";
import { responsePoster } from "./respond.js";
import { type SlackSettings, slackSettings } from "./settings.js";
import { userDirectory } from "./users.js";

/** Options of the Slack adapter; everything defaults to the real thing. */
export interface SlackAdapterOptions {
  /** Defaults to slackSettings(app.config). */
  settings?: SlackSettings;
  /** The core entry point; defaults to handleInteraction. */
  handle?: HandleFn;
  /** Chart imager; defaults to app.charts (KPIBOT_CHARTS: local PNG or QuickChart URL). */
  charts?: ChartImagerLike;
  /** Web API retry policy of idempotent calls (tests make it fast); posts are never retried but after a 429. */
  retryConfig?: ClientOptions["retryConfig"];
  /** How long a post may take before its outcome is unknown (default 30 s; tests make it short). */
  postTimeoutMs?: number;
  /** Waits out a post's 429 Retry-After (tests record it). */
  sleep?: (ms: number) => Promise<void>;
}

/** The running Slack surface. */
export interface SlackAdapter {
  settings: SlackSettings;
  /** Mounts POST /slack/events on the shared server (HTTP mode; nothing in Socket Mode). */
  routes: RouteModule;
  /** Posts/updates replies in stored Slack conversations (digests, surveys). */
  messenger: Messenger;
  /** The bot's Web API client. */
  client: WebClient;
  /** Learns the bot's identity (auth.test; a failure only warns) and connects (Socket Mode). */
  start(): Promise<void>;
  /** Disconnects and waits for answers in progress. */
  stop(): Promise<void>;
  /** Resolves when every request received so far has been fully answered. */
  idle(): Promise<void>;
}

/** Builds the Slack adapter when the Slack variables are set; undefined when Slack is not configured. */
export function slackAdapterIfConfigured(app: App, opts: SlackAdapterOptions = {}): SlackAdapter | undefined {
  const settings = opts.settings ?? slackSettings(app.config);
  return settings ? createSlackAdapter(app, { ...opts, settings }) : undefined;
}

/** Builds the Slack adapter: Bolt with a Hono or Socket Mode receiver, the listeners, and the Messenger. */
export function createSlackAdapter(app: App, opts: SlackAdapterOptions & { settings: SlackSettings }): SlackAdapter {
  const { settings } = opts;
  const logger = app.logger.child({ adapter: "slack", mode: settings.mode });
  const clientOptions: ClientOptions = {
    slackApiUrl: settings.apiUrl,
    ...(opts.retryConfig ? { retryConfig: opts.retryConfig } : {}),
  };
  const client = createWebClient(settings.botToken, clientOptions, logger);
  // Looking up a user's language must not hold an answer back: no retries, short timeout, and a 429 is
  // handed to the user directory at once (it pauses look-ups) instead of being waited out.
  const lookupClient = createWebClient(
    settings.botToken,
    { ...clientOptions, retryConfig: { retries: 0 }, timeoutMs: 5000, rejectRateLimitedCalls: true },
    logger,
  );
  // New messages go through a client that never retries them (a retried post may appear twice).
  const postClient = createPostClient(
    settings.botToken,
    { slackApiUrl: settings.apiUrl, ...(opts.postTimeoutMs ? { timeoutMs: opts.postTimeoutMs } : {}) },
    logger,
  );
  const imager = opts.charts ?? app.charts;
  const charts = chartPreparer(imager, (png, meta) => uploadPng(client, png, meta));
  let identity: { botUserId?: string; botId?: string } = {};

  // Every request's acknowledgement delay and the requests in flight, on /metrics and in late-ack warnings.
  const watch: RequestWatch = {
    received: (at) => ({
      acked: () => recordAck(app, "slack", (performance.now() - at) / 1000),
      done: interactionStarted(app, "slack"),
    }),
  };
  const receiver =
    settings.mode === "http"
      ? new HonoReceiver({ signingSecret: settings.signingSecret ?? "", clock: app.clock, logger, watch })
      : new SocketReceiver({ appToken: settings.appToken ?? "", slackApiUrl: settings.apiUrl, logger, watch });
  const bolt = new BoltApp({
    receiver,
    // A single-workspace bot: the token is known, and no auth.test stands between a request and its ack.
    authorize: async () => ({ botToken: settings.botToken, ...identity }),
    logger: slackLogger(logger),
    clientOptions: { slackApiUrl: settings.apiUrl, ...(opts.retryConfig ? { retryConfig: opts.retryConfig } : {}) },
  });
  bolt.error(async (err) => {
    logger.error({ err }, "unhandled error in a Slack listener");
  });

  const messenger = slackMessenger({
    client,
    postClient,
    charts,
    logger,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
  });
  const deps: SlackDeps = {
    app,
    messenger,
    client,
    claims: dbClaims(app.repos.claims, () => app.clock.now(), app.keys),
    handle: opts.handle ?? handleInteraction,
    charts,
    users: userDirectory(app.clock, lookupClient),
    respond: responsePoster(),
    botUserId: () => identity.botUserId,
  };
  registerActions(bolt, deps);
  receiver.route(firstLane(perClickLane(deps), commandLane(deps)));
  registerEvents(bolt, deps);
  registerMessages(bolt, deps);

  const learnIdentity = async () => {
    try {
      const res = (await callSlack(lookupClient, "auth.test", {})) as {
        user_id?: string;
        bot_id?: string;
        team?: string;
      };
      identity = { ...(res.user_id ? { botUserId: res.user_id } : {}), ...(res.bot_id ? { botId: res.bot_id } : {}) };
      logger.info({ botUserId: res.user_id, team: res.team }, "connected to Slack");
    } catch (err) {
      const code = slackErrorCode(err);
      logger.warn({ err, code }, "auth.test failed: check SLACK_BOT_TOKEN (kpibot keeps answering with it meanwhile)");
    }
  };

  return {
    settings,
    client,
    messenger,
    routes: (http) => {
      if (receiver instanceof HonoReceiver) http.post("/slack/events", (c) => receiver.handle(c));
    },
    async start() {
      await deps.claims.purge().catch((err: unknown) => logger.warn({ err }, "purging expired claims failed"));
      // Bounded: the lookup client does not retry and gives up after 5 s; failure only warns.
      await learnIdentity();
      if (receiver instanceof SocketReceiver) {
        try {
          await receiver.start();
        } catch (err) {
          throw new KpibotError(
            "CONFIG_INVALID",
            `Slack Socket Mode could not connect (${slackErrorCode(err) ?? String(err)}): check SLACK_APP_TOKEN (an xapp-… ` +
              "app-level token with the connections:write scope, Socket Mode enabled in the app settings).",
            { cause: err },
          );
        }
        logger.info("Slack Socket Mode connected");
      } else {
        logger.info("Slack events served at POST /slack/events");
      }
    },
    async stop() {
      await receiver.stop();
    },
    idle: () => receiver.idle(),
  };
}

/** The settings reader, for the composition root (checks the Slack variables before anything starts). */
export { type SlackSettings, slackSettings } from "./settings.js";
