import type { App } from "../app.js";
import { KpibotError } from "../errors.js";
import { type ItemStatus, upsertTickets } from "./canonical.js";
import type { Connector, MappedReject } from "./types.js";

/** Options of one sync run. */
export interface SyncRunOptions {
  /** Ignore the stored cursor and read everything. */
  full?: boolean;
  /** Read and classify, write nothing (the cursor does not move). */
  dryRun?: boolean;
  /** Called with the ids of tickets a committed page resolved (transactional surveys). */
  onResolved?: (ticketIds: number[]) => Promise<void>;
  /** Called when the sync fails (e.g. post to KPIBOT_ADMIN_CHANNEL); never makes the failure worse. */
  onFailure?: (connector: string, error: Error) => Promise<void>;
  /** Called after each committed page (progress). */
  onPage?: (page: { number: number; cursor: string | null } & Record<ItemStatus, number>) => void;
}

/** What a sync did. */
export interface SyncReport extends Record<ItemStatus, number> {
  connector: string;
  pages: number;
  since: string | null;
  cursor: string | null;
  dryRun: boolean;
  /** The first rejected records (external id and reason). */
  rejections: MappedReject[];
}

const KEPT = 20;

/** How long a running sync keeps others out; after that a crashed run's claim lapses. */
export const SYNC_LEASE_MS = 30 * 60_000;

/**
 * Runs one incremental sync: reads the tool's records modified since the stored cursor, page by
 * page, upserts each page through the canonical ticket import under the connector's name as
 * source, then stores the page's cursor — so a sync that stops resumes after its last committed
 * page. Rejected records are reported, never fatal; a failure is recorded, reported through
 * onFailure, and rethrown.
 */
export async function runSync(app: App, connector: Connector, opts: SyncRunOptions = {}): Promise<SyncReport> {
  const { clock } = app;
  const cursors = app.repos.syncCursors;
  const dryRun = opts.dryRun ?? false;
  const state = await cursors.read(connector.name);
  const since = opts.full ? null : (state?.cursor ?? null);
  const report: SyncReport = {
    connector: connector.name,
    pages: 0,
    since,
    cursor: since,
    dryRun,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejections: [],
  };
  if (!dryRun && !(await cursors.claim(connector.name, clock.now(), SYNC_LEASE_MS)))
    throw new KpibotError(
      "PLATFORM_ERROR",
      `a ${connector.name} sync is already running (started ${state?.lastRunAt?.toISOString() ?? "just now"}); try again when it ends`,
    );
  try {
    for await (const page of connector.pages(since)) {
      const outcome = await upsertTickets(app, page.tickets, {
        source: connector.name,
        via: "sync",
        dryRun,
        label: `sync ${connector.name}`,
      });
      // A dry run writes nothing, so its per-item statuses are guesses: count from the summary.
      const s = outcome.summary;
      const counts =
        dryRun && s
          ? { ...outcome.counts, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged }
          : outcome.counts;
      counts.rejected += page.rejected.length;
      for (const k of ["inserted", "updated", "unchanged", "rejected"] as const) report[k] += counts[k];
      const rejects = [
        ...page.rejected,
        ...outcome.results
          .filter((r) => r.status === "rejected")
          .map((r) => ({ external_id: r.external_id, reason: r.reason ?? "" })),
      ];
      report.rejections.push(...rejects.slice(0, Math.max(0, KEPT - report.rejections.length)));
      for (const r of rejects) app.logger.warn({ connector: connector.name, ...r }, "sync: record rejected");
      report.pages++;
      if (page.cursor !== null) report.cursor = page.cursor;
      if (!dryRun) {
        await cursors.write(connector.name, { cursor: report.cursor }, clock.now());
        if (opts.onResolved && outcome.resolvedIds.length > 0)
          await opts
            .onResolved(outcome.resolvedIds)
            .catch((err: unknown) => app.logger.error({ err }, "sync: resolved-ticket callback failed"));
      }
      opts.onPage?.({ number: report.pages, cursor: report.cursor, ...counts });
    }
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    app.logger.error({ err: error, connector: connector.name }, "sync failed");
    if (!dryRun)
      await cursors
        .write(connector.name, { status: "failed", error: error.message.slice(0, 1000) }, clock.now())
        .catch((err: unknown) => app.logger.error({ err }, "sync: could not record the failure"));
    await opts
      .onFailure?.(connector.name, error)
      .catch((err: unknown) => app.logger.error({ err }, "sync: could not report the failure"));
    throw error;
  }
  if (!dryRun) {
    await cursors.write(connector.name, { status: "done", error: null }, clock.now());
    // The tool was read up to now: the tickets are as of now even when nothing had changed (docs/numbers.md).
    await app.repos.sourceFreshness.record(["tickets"], { at: clock.now(), via: "sync", detail: connector.name });
  }
  app.logger.info({ sync: { ...report, rejections: undefined } }, "sync finished");
  return report;
}
