import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { App } from "../app.js";
import type { Clock } from "../core/clock.js";
import { dueFires, type SkipWhy } from "./due.js";
import type { Job, Messengers, RunContext, RunEvent } from "./job.js";
import { type DeliveryPolicy, isReady, policyFromConfig } from "./policy.js";
import { runClaim } from "./run-claim.js";

/** This process's replica id (host, pid, random): written as claimed_by so the log says who sent what. */
export const processReplicaId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Options of one run. */
export interface RunDueOptions {
  messengers: Messengers;
  /**
   * The instant to run at (the CLI's --now, tests): which fires are due, and nothing else. Default
   * the clock's time when the run starts.
   */
  now?: Date;
  /**
   * The real clock, read at each write: claims, leases, retries (default the app's clock). The CLI
   * passes the system clock when --now fixes the app's clock for the KPIs.
   */
  clock?: Clock;
  replica?: string;
  policy?: Partial<DeliveryPolicy>;
}

/** What one run did. */
export interface RunDueResult {
  now: Date;
  replica: string;
  events: RunEvent[];
}

function contextOf(app: App, opts: RunDueOptions): RunContext {
  const clock = opts.clock ?? app.clock;
  return {
    app,
    messengers: opts.messengers,
    now: opts.now ?? clock.now(),
    // Leases are durations on the real clock: a run given another instant (--now) must not
    // stamp its claims with it, or a run "later" would take over a live claim.
    time: () => clock.now(),
    replica: opts.replica ?? processReplicaId,
    policy: policyFromConfig(app.config, opts.policy),
    events: [],
  };
}

/** Takes over the job's open rows that are ready (queued, lease expired, retry or look due) and runs them. */
async function runOpenRows(ctx: RunContext, job: Job): Promise<void> {
  for (const row of await ctx.app.repos.deliveries.openRows(job.log)) {
    if (!isReady(ctx.policy, row, ctx.time())) continue;
    const claim = await ctx.app.repos.deliveries.reclaim(job.log, row, ctx.replica, ctx.time());
    if (!claim) continue;
    if (row.status === "claimed" || row.status === "posting") {
      ctx.app.logger.info(
        {
          job: job.kind,
          id: row.ownerId,
          fire: row.fireTime,
          deadOwner: row.claimedBy,
          since: row.claimedAt,
          was: row.status,
        },
        `${job.kind}: took over the claim of a run that stopped renewing its lease`,
      );
    }
    await runClaim(ctx, job, claim);
  }
}

function skipReason(ctx: RunContext, why: SkipWhy): string {
  return why === "missed"
    ? `missed: more than KPIBOT_DIGEST_CATCHUP (${ctx.app.config.KPIBOT_DIGEST_CATCHUP}) late`
    : "superseded by a later check";
}

/**
 * One job's due work: open rows first (manual sends, runs that died, retries that are due), then
 * each owner's new fires — claimed and run, or logged as skipped per the job's catch-up policy.
 */
async function runJob(ctx: RunContext, job: Job): Promise<void> {
  const { app } = ctx;
  await runOpenRows(ctx, job);
  for (const { owner, send, skip } of await dueFires(app, job, ctx.now, ctx.policy)) {
    try {
      for (const { fire, why } of skip) {
        const reason = skipReason(ctx, why);
        if (await app.repos.deliveries.logSkipped(job.log, owner.id, fire, reason, ctx.time())) {
          ctx.events.push({
            kind: job.kind,
            id: owner.id,
            fireTime: fire,
            outcome: "skipped",
            attempts: 0,
            detail: reason,
          });
        }
      }
      for (const fire of send) {
        const claim = await app.repos.deliveries.claimFire(job.log, owner.id, fire, ctx.replica, ctx.time());
        if (claim) await runClaim(ctx, job, claim);
      }
    } catch (e) {
      app.logger.error({ err: e, job: job.kind, id: owner.id }, `${job.kind} schedule could not be run`);
    }
  }
}

/**
 * Runs whatever is due at `now` for every job, in order (each fire claimed once across replicas),
 * manual sends, retries that are due and runs that died mid-way. Safe to call from any number of
 * replicas at once; never throws for one bad schedule (it is logged and retried).
 */
export async function runDue(app: App, jobs: readonly Job[], opts: RunDueOptions): Promise<RunDueResult> {
  const ctx = contextOf(app, opts);
  for (const job of jobs) await runJob(ctx, job);
  return { now: ctx.now, replica: ctx.replica, events: ctx.events };
}

/** Posts one queued manual send of a job now (`digest send` in a process with messengers); undefined when another run took it. */
export async function runQueued(
  app: App,
  job: Job,
  deliveryId: number,
  opts: RunDueOptions,
): Promise<RunEvent | undefined> {
  const ctx = contextOf(app, opts);
  const row = await app.repos.deliveries.getRow(job.log, deliveryId);
  if (row?.status !== "queued") return undefined;
  const claim = await app.repos.deliveries.reclaim(job.log, row, ctx.replica, ctx.time());
  if (!claim) return undefined;
  await runClaim(ctx, job, claim);
  return ctx.events.at(-1);
}
