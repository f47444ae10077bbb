import type { App } from "../app.js";
import type { ConversationRef } from "../core/interaction.js";
import type { Messengers } from "../core/messenger.js";
import type { Reply } from "../reply/types.js";
import type { SqlParam } from "../store/db.js";
import type { Claim, FireLog } from "../store/repositories.js";
import type { FireRule } from "./fire-times.js";
import type { DeliveryPolicy } from "./policy.js";

export type { Messengers };

/** What happened to one fire in a run. */
export interface RunEvent {
  /** The job's kind: "digest", "alert". */
  kind: string;
  /** The schedule or alert rule id. */
  id: number;
  fireTime: Date;
  /**
   * sent (recorded by this run), retry / failed (nothing posted), unknown (the platform did not say
   * whether it posted), skipped, quiet, lost (another run owns the fire now: this one reports nothing for it).
   */
  outcome: "sent" | "retry" | "unknown" | "failed" | "skipped" | "quiet" | "lost";
  attempts: number;
  detail?: string;
  messageId?: string;
}

/** One run of due work, as one replica sees it. */
export interface RunContext {
  app: App;
  messengers: Messengers;
  /** The instant the run is for (the clock when it started, or the CLI's --now): only what is due depends on it. */
  now: Date;
  /** The real time, read at each write: claims, leases, retries and outcomes (never `now`). */
  time(): Date;
  /** This replica's id, written as claimed_by. */
  replica: string;
  policy: DeliveryPolicy;
  events: RunEvent[];
}

/** What a job decided for a claimed fire. */
export type Prepared =
  | { kind: "post"; ref: ConversationRef; reply: Reply; set?: Record<string, SqlParam> }
  | { kind: "skip"; reason: string; set?: Record<string, SqlParam> }
  | { kind: "quiet"; set?: Record<string, SqlParam> };

/** What a job schedules: a digest schedule, an alert rule — anything with an id that fires on a rule. */
export interface Owner {
  id: number;
  /** Fires before this instant are never sent (creation, or the last resume). */
  activeFrom: Date;
}

/**
 * A scheduled job (digests, alerts): which owners fire when, what to do after downtime, how to
 * prepare a claimed fire and how to name it in reports. The scheduler does everything else
 * (due fires, claims and leases, posting, retries, reports) the same way for every job.
 */
export interface Job<O extends Owner = Owner> {
  /** "digest", "alert": the name in events, logs and reports. */
  kind: string;
  /** Where its fires are logged and claimed. */
  log: FireLog;
  /**
   * After downtime, within the catch-up window: "each" sends every missed fire (digests: each
   * covers its own period); "latest" runs only the most recent one and logs the earlier ones as
   * skipped (alerts: an old check says nothing the latest does not).
   */
  catchUp: "each" | "latest";
  /** How far back to look for missed fires (default: the policy's lookbackMs). */
  lookbackMs?: number;
  /** The owners whose fires are due (paused ones excluded). */
  owners(app: App): Promise<O[]>;
  /** When an owner fires. */
  rule(owner: O): FireRule;
  /** Decides what to do with a claimed fire: post a reply, skip it (with the reason), or nothing to tell. */
  prepare(ctx: RunContext, claim: Claim): Promise<Prepared>;
  /** "digest #3 (every day at 08:00) in slack:C123", for the admin report. */
  describe(ctx: RunContext, claim: Claim): Promise<string>;
}
