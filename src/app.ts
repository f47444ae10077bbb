import { type ChartImager, createChartImager } from "./charts/index.js";
import { type InteractionLimiter, interactionLimiter } from "./commands/rate-limit.js";
import { type CommandModule, type CommandRouter, createCommandRouter } from "./commands/router.js";
import type { Config } from "./config.js";
import { type Clock, systemClock } from "./core/clock.js";
import { type ServerKeys, serverKeys } from "./core/keys.js";
import type { Messengers } from "./core/messenger.js";
import { createKpiEngine, type KpiEngine } from "./kpi/engine.js";
import { createLogger, type Logger } from "./logger.js";
import { commandModules } from "./modules.js";
import { type Db, openDb } from "./store/db.js";
import { migrate } from "./store/migrate.js";
import { prismaRepositories } from "./store/prisma-repositories.js";
import type { Repositories } from "./store/repositories.js";

/** Everything a command, an adapter or a job needs, built once by the composition root. */
export interface App {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  repos: Repositories;
  /** Answers KPI queries from the database (periods in config.KPIBOT_TIMEZONE). */
  kpi: KpiEngine;
  /** Turns chart specs into images (KPIBOT_CHARTS: local PNG or QuickChart URL). */
  charts: ChartImager;
  /** Keyed hashes from KPIBOT_SECRET (random per process without it). */
  keys: ServerKeys;
  /** Per-user budget of interactive commands (KPIBOT_RATE_LIMIT). */
  limiter: InteractionLimiter;
  /** The command language's modules (digests, alerts, surveys): their verbs, help and buttons. */
  router: CommandRouter;
  /**
   * The messengers of the configured chat platforms, by platform: empty until the composition root adds the
   * surfaces it built (adapters/main.ts, the CLI); digests, alerts and surveys post through them.
   */
  messengers: Messengers;
}

/** Options for building the app (tests inject a logger and a clock). */
export interface CreateAppOptions {
  logger?: Logger;
  clock?: Clock;
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
  /** The command modules (default: every module of src/modules.ts). */
  modules?: readonly CommandModule[];
}

/** Opens the store (migrating it first) and wires the core services. */
export async function createApp(config: Config, opts: CreateAppOptions = {}): Promise<App> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL, process.stderr, config.LOG_FORMAT);
  if (opts.migrate !== false) {
    const result = await migrate(config.DATABASE_URL);
    if (result.applied.length > 0) logger.info({ applied: result.applied }, "database migrated");
  }
  const db = await openDb(config.DATABASE_URL, { readers: config.KPIBOT_DB_READERS, poolSize: config.KPIBOT_DB_POOL });
  const clock = opts.clock ?? systemClock;
  const repos = prismaRepositories(db);
  return {
    config,
    logger,
    clock,
    db,
    repos,
    kpi: createKpiEngine({
      db,
      targets: repos.targets,
      timezone: config.KPIBOT_TIMEZONE,
      clock,
      cacheSize: config.KPIBOT_ANSWER_CACHE,
      freshness: repos.sourceFreshness,
      staleAfter: config.KPIBOT_STALE_AFTER,
    }),
    charts: createChartImager(config, logger),
    keys: serverKeys(config.KPIBOT_SECRET),
    limiter: interactionLimiter(config.KPIBOT_RATE_LIMIT),
    router: createCommandRouter(opts.modules ?? commandModules()),
    messengers: {},
  };
}

/** Releases what createApp opened. */
export async function closeApp(app: App): Promise<void> {
  await app.db.close();
}
