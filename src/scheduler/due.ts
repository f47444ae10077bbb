import type { App } from "../app.js";
import { due } from "./fire-times.js";
import type { Job, Owner } from "./job.js";
import type { DeliveryPolicy } from "./policy.js";

/** Why a due fire is not sent: too late (beyond KPIBOT_DIGEST_CATCHUP), or a later fire of a "latest" job covers it. */
export type SkipWhy = "missed" | "superseded";

/** The fires of one owner at `now`: those to send, and those to log as skipped (oldest first). */
export interface OwnerFires<O extends Owner = Owner> {
  owner: O;
  send: Date[];
  skip: { fire: Date; why: SkipWhy }[];
}

/**
 * Every owner's due fires at `now`: fires since the last one logged (or since the owner became
 * active, or the look-back), split by the job's catch-up policy — "each": every fire within the
 * catch-up window is sent, older ones are missed; "latest": only the most recent one is sent (when
 * within the window), earlier ones are superseded. Pure but for the two reads (owners, last fires).
 */
export async function dueFires<O extends Owner>(
  app: App,
  job: Job<O>,
  now: Date,
  policy: DeliveryPolicy,
): Promise<OwnerFires<O>[]> {
  const lookbackMs = job.lookbackMs ?? policy.lookbackMs;
  const [owners, last] = await Promise.all([
    job.owners(app),
    app.repos.deliveries.lastFires(job.log, new Date(now.getTime() - lookbackMs)),
  ]);
  const out: OwnerFires<O>[] = [];
  for (const owner of owners) {
    try {
      const since = Math.max(
        owner.activeFrom.getTime(),
        last.get(owner.id)?.getTime() ?? 0,
        now.getTime() - lookbackMs,
      );
      out.push({ owner, ...splitFires(job.catchUp, due(job.rule(owner), new Date(since), now), now, policy) });
    } catch (err) {
      // One owner with a rule that cannot be read (a zone removed from the system…) must not stop the others.
      app.logger.error({ err, job: job.kind, id: owner.id }, `${job.kind} schedule could not be read`);
    }
  }
  return out;
}

/** Splits the due fires of one owner by the catch-up policy (see dueFires). */
export function splitFires(
  catchUp: Job["catchUp"],
  fires: readonly Date[],
  now: Date,
  policy: Pick<DeliveryPolicy, "catchupMs">,
): Pick<OwnerFires, "send" | "skip"> {
  const late = (f: Date) => now.getTime() - f.getTime() > policy.catchupMs;
  if (catchUp === "each") {
    return {
      send: fires.filter((f) => !late(f)),
      skip: fires.filter(late).map((fire) => ({ fire, why: "missed" as const })),
    };
  }
  const latest = fires.at(-1);
  if (!latest) return { send: [], skip: [] };
  if (late(latest)) return { send: [], skip: fires.map((fire) => ({ fire, why: "missed" as const })) };
  return { send: [latest], skip: fires.slice(0, -1).map((fire) => ({ fire, why: "superseded" as const })) };
}
