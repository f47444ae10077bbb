import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { runDueAlerts } from "../alerts/alert-job.js";
import type { App } from "../app.js";
import { DIGEST_LOG, getRow, reclaim } from "./claims.js";
import { digestJob, runDueDigests } from "./digest-job.js";
import { type DeliveryPolicy, policyFromConfig } from "./policy.js";
import { type Messengers, type RunContext, type RunEvent, runClaim } from "./run-claim.js";
import { DigestScheduleStore } from "./schedule-store.js";

/** This process's replica id (host, pid, random): written as claimed_by so the log says who sent what. */
export const processReplicaId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Options of one run. */
export interface RunDueOptions {
  messengers: Messengers;
  /** The instant to run at (the CLI's --now, tests); default the app's clock, read at each write. */
  now?: Date;
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
  const now = opts.now ?? app.clock.now();
  return {
    app,
    messengers: opts.messengers,
    now,
    time: opts.now ? () => now : () => app.clock.now(),
    replica: opts.replica ?? processReplicaId,
    policy: policyFromConfig(app.config, opts.policy),
    events: [],
  };
}

/**
 * Runs whatever is due at `now`: digest fires and alert checks (each claimed once across replicas),
 * manual sends, retries that are due and runs that died mid-way. Safe to call from any number of
 * replicas at once; never throws for one bad schedule (it is logged and retried).
 */
export async function runDue(app: App, opts: RunDueOptions): Promise<RunDueResult> {
  const ctx = contextOf(app, opts);
  await runDueDigests(ctx);
  await runDueAlerts(ctx);
  return { now: ctx.now, replica: ctx.replica, events: ctx.events };
}

/** Posts one queued manual send now (`digest send` in a process that has messengers); undefined when another run took it. */
export async function runQueued(app: App, deliveryId: number, opts: RunDueOptions): Promise<RunEvent | undefined> {
  const ctx = contextOf(app, opts);
  const row = await getRow(app.db, DIGEST_LOG, deliveryId);
  if (row?.status !== "queued") return undefined;
  const claim = await reclaim(app.db, DIGEST_LOG, row, ctx.replica, ctx.time());
  if (!claim) return undefined;
  await runClaim(ctx, digestJob(new DigestScheduleStore(app.db)), claim);
  return ctx.events.at(-1);
}
