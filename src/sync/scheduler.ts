import cron from "node-cron";
import type { App } from "../app.js";
import { cronTicks } from "../core/cron.js";
import type { Platform } from "../core/interaction.js";
import type { Messenger } from "../core/messenger.js";
import { KpibotError } from "../errors.js";
import { messageReply } from "../reply/catalog-replies.js";
import { adminChannel } from "../scheduler/admin-report.js";
import { configuredConnectors, connectorFromConfig } from "./connectors.js";
import { runSync, type SyncReport } from "./run.js";
import type { ConnectorDeps, ConnectorName } from "./types.js";

/** Posts a failed sync to KPIBOT_ADMIN_CHANNEL through the platform's messenger (logged when there is none). */
export function adminFailureReporter(
  app: App,
  messengers: Partial<Record<Platform, Messenger>>,
): (connector: string, error: Error) => Promise<void> {
  return async (connector, error) => {
    const ref = await adminChannel(app).catch(() => undefined);
    const messenger = ref ? messengers[ref.platform] : undefined;
    const text = `kpibot sync ${connector} failed: ${error.message.slice(0, 500)}`;
    if (!ref || !messenger) {
      app.logger.error({ connector }, `${text} (no KPIBOT_ADMIN_CHANNEL messenger to tell)`);
      return;
    }
    await messenger.post(ref, messageReply(text, app.config.KPIBOT_LOCALE, "error"));
  };
}

/** Options of the sync scheduler. */
export interface SyncSchedulerOptions {
  /** Chat messengers, for failure reports to KPIBOT_ADMIN_CHANNEL. */
  messengers?: Partial<Record<Platform, Messenger>>;
  /** Resolved tickets → transactional surveys. */
  onResolved?: (ticketIds: number[]) => Promise<void>;
  /** Cron expression (default KPIBOT_SYNC_SCHEDULE). */
  schedule?: string;
  /** Connectors synced (default: every configured one). */
  connectors?: ConnectorName[];
  /** HTTP options (tests). */
  deps?: ConnectorDeps;
}

/** A running scheduler: `tick()` syncs now (skipped while a tick runs), `stop()` ends it. */
export interface SyncScheduler {
  tick(): Promise<SyncReport[]>;
  stop(): Promise<void>;
}

/**
 * Syncs every configured connector on KPIBOT_SYNC_SCHEDULE (node-cron), one after the other; a
 * failing connector is reported and does not stop the others. Without a schedule it does nothing.
 */
export function startSyncScheduler(app: App, opts: SyncSchedulerOptions = {}): SyncScheduler {
  const schedule = opts.schedule ?? app.config.KPIBOT_SYNC_SCHEDULE;
  const names = opts.connectors ?? configuredConnectors(app.config);
  const onFailure = adminFailureReporter(app, opts.messengers ?? {});
  let inFlight: Promise<SyncReport[]> | undefined;
  const tick = (): Promise<SyncReport[]> => {
    if (inFlight) return Promise.resolve([]);
    inFlight = (async () => {
      const reports: SyncReport[] = [];
      for (const name of names) {
        try {
          const connector = connectorFromConfig(name, app.config, opts.deps);
          reports.push(await runSync(app, connector, { onResolved: opts.onResolved, onFailure }));
        } catch {
          // runSync logged, recorded and reported it; the next connector still runs.
        }
      }
      return reports;
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  if (!schedule || names.length === 0) {
    if (schedule) app.logger.warn("KPIBOT_SYNC_SCHEDULE is set but no connector is configured");
    return { tick, stop: async () => undefined };
  }
  if (!cron.validate(schedule))
    throw new KpibotError(
      "CONFIG_INVALID",
      `KPIBOT_SYNC_SCHEDULE: "${schedule}" is not a cron expression (e.g. */15 * * * *)`,
    );
  const stopTicks = cronTicks(app, schedule, "kpibot-sync", tick);
  app.logger.info({ schedule, connectors: names }, "sync scheduled");
  return {
    tick,
    async stop() {
      await stopTicks();
      await inFlight;
    },
  };
}
