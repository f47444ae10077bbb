import type { Db, SqlParam } from "../db.js";
import { toDate, toNum, toStr } from "../sql-values.js";

/**
 * The fire log of one job (digest deliveries, alert checks): a table with a unique (owner, fire time)
 * key. Inserting the row IS the claim: the replica whose insert wins owns the fire. The names are
 * constants of the job's module, never user input (they are written into the SQL).
 */
export interface FireLog {
  /** The table, e.g. `digest_deliveries`. */
  table: string;
  /** The column naming the owner (schedule, rule), e.g. `schedule_id`. */
  owner: string;
  /** Whether the table has the `origin` column (schedule | manual). */
  hasOrigin: boolean;
}

/**
 * Row states. queued (digest send) → claimed (rendering) → posting (the platform call) → sent;
 * or retry (failed, nothing posted, will be tried again) → … → failed (gave up, reported);
 * unknown (the platform did not say whether it posted: with finished_at unset a later attempt
 * looks for the message before posting again; set, nothing more happens and the admins were
 * told); skipped (missed beyond the catch-up window, or no data); quiet (an alert check with
 * nothing to say).
 */
export type FireStatus =
  | "queued"
  | "claimed"
  | "posting"
  | "sent"
  | "retry"
  | "unknown"
  | "failed"
  | "skipped"
  | "quiet";

/** Statuses a later run may still act on (and `unknown` while its finished_at is unset). */
export const OPEN_STATUSES: readonly FireStatus[] = ["queued", "claimed", "posting", "retry"];

/** A fire this replica owns: (id, attempts, claimedBy) is the fencing token of every later write. */
export interface Claim {
  id: number;
  ownerId: number;
  fireTime: Date;
  attempts: number;
  claimedBy: string;
  /** The status before this claim (re-claims), e.g. "posting" when a run died during the platform call. */
  previous: FireStatus | null;
}

/** A row of the log. */
export interface FireRow {
  id: number;
  ownerId: number;
  fireTime: Date;
  status: FireStatus;
  attempts: number;
  error: string | null;
  messageId: string | null;
  claimedBy: string | null;
  claimedAt: Date;
  finishedAt: Date | null;
}

function fromRow(r: Record<string, unknown>): FireRow {
  return {
    id: toNum(r.id) ?? 0,
    ownerId: toNum(r.owner_id) ?? 0,
    fireTime: toDate(r.fire_time) ?? new Date(0),
    status: String(r.status) as FireStatus,
    attempts: toNum(r.attempts) ?? 0,
    error: toStr(r.error),
    messageId: toStr(r.message_id),
    claimedBy: toStr(r.claimed_by),
    claimedAt: toDate(r.claimed_at) ?? new Date(0),
    finishedAt: toDate(r.finished_at),
  };
}

const ROW = (log: FireLog) =>
  `id, ${log.owner} AS owner_id, fire_time, status, attempts, error, message_id, claimed_by, claimed_at, finished_at`;

/** Inserts a row unless the (owner, fire time) exists; returns its id when this call inserted it. */
async function insertOnce(
  db: Db,
  log: FireLog,
  values: { owner: number; fire: Date; status: FireStatus; attempts: number; claimedBy: string | null; now: Date },
  extra: { error?: string; origin?: "schedule" | "manual"; finished?: boolean } = {},
): Promise<number | undefined> {
  const cols = [log.owner, "fire_time", "status", "attempts", "claimed_by", "claimed_at"];
  const params: SqlParam[] = [values.owner, values.fire, values.status, values.attempts, values.claimedBy, values.now];
  const add = (column: string, value: SqlParam) => {
    cols.push(column);
    params.push(value);
  };
  if (extra.error !== undefined) add("error", extra.error);
  if (extra.finished) add("finished_at", values.now);
  if (log.hasOrigin) add("origin", extra.origin ?? "schedule");
  // One statement, atomic on both databases: the unique (owner, fire_time) key decides who wins.
  const rows = await db.query<{ id: unknown }>(
    `INSERT INTO ${log.table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})
     ON CONFLICT (${log.owner}, fire_time) DO NOTHING RETURNING id`,
    params,
  );
  return toNum(rows[0]?.id) ?? undefined;
}

/** The fire logs of every job (digest_deliveries, alert_checks): claims, leases, outcomes. */
export interface DeliveryRepository {
  /**
   * The latest scheduled fire logged per owner since `since` (older rows cannot matter: runs never look
   * back further). Manual sends do not count: they are not fires.
   */
  lastFires(log: FireLog, since: Date): Promise<Map<number, Date>>;
  /** Claims a fire: the first attempt. Undefined when another replica (or an earlier run) has it. */
  claimFire(log: FireLog, ownerId: number, fireTime: Date, replica: string, now: Date): Promise<Claim | undefined>;
  /** Logs a fire that will not be sent (missed beyond the catch-up window…); false when already logged. */
  logSkipped(log: FireLog, ownerId: number, fireTime: Date, reason: string, now: Date): Promise<boolean>;
  /** Queues a manual send (`digest send`): any replica's next run posts it. */
  enqueueManual(log: FireLog, ownerId: number, now: Date): Promise<number | undefined>;
  /** Rows a run may still act on (queued, in flight, waiting for a retry, an unknown outcome to look for). */
  openRows(log: FireLog): Promise<FireRow[]>;
  /** One row. */
  getRow(log: FireLog, id: number): Promise<FireRow | null>;
  /** The log of one owner, newest first (20 rows unless told). */
  history(log: FireLog, ownerId: number, limit?: number): Promise<FireRow[]>;
  /**
   * Takes over an open row (queued, lease expired, or due for a retry) with a compare-and-set on
   * (status, attempts): of several replicas trying at once, exactly one updates the row.
   */
  reclaim(log: FireLog, row: FireRow, replica: string, now: Date): Promise<Claim | undefined>;
  /**
   * Moves an owned claim on (claimed → posting, → sent/retry/unknown/failed/skipped/quiet), fenced by
   * the claim token: false when the claim was lost (lease expired and another replica took it over).
   * `open`: an `unknown` outcome that a later attempt will look for (finished_at stays unset). `set`: more
   * columns to write (the job's own, e.g. an alert check's value), named by the job's module.
   */
  advance(
    log: FireLog,
    claim: Claim,
    status: FireStatus,
    now: Date,
    set?: Record<string, SqlParam>,
    opts?: { open?: boolean },
  ): Promise<boolean>;
  /** Renews an owned claim's lease (the heartbeat of a live run); false when the claim was lost. */
  renewLease(log: FireLog, claim: Claim, now: Date): Promise<boolean>;
}

/** Fire logs on the shared Db: raw SQL, the same on SQLite and PostgreSQL. */
export function deliveryRepository(db: Db): DeliveryRepository {
  return {
    async lastFires(log, since) {
      const origin = log.hasOrigin ? " AND origin = 'schedule'" : "";
      const rows = await db.query(
        `SELECT ${log.owner} AS owner_id, MAX(fire_time) AS last FROM ${log.table}
     WHERE fire_time >= ?${origin} GROUP BY ${log.owner}`,
        [since],
      );
      const out = new Map<number, Date>();
      for (const r of rows) {
        const last = toDate(r.last);
        const owner = toNum(r.owner_id);
        if (last && owner !== null) out.set(owner, last);
      }
      return out;
    },
    async claimFire(log, ownerId, fireTime, replica, now) {
      const id = await insertOnce(db, log, {
        owner: ownerId,
        fire: fireTime,
        status: "claimed",
        attempts: 1,
        claimedBy: replica,
        now,
      });
      return id === undefined ? undefined : { id, ownerId, fireTime, attempts: 1, claimedBy: replica, previous: null };
    },
    async logSkipped(log, ownerId, fireTime, reason, now) {
      const id = await insertOnce(
        db,
        log,
        { owner: ownerId, fire: fireTime, status: "skipped", attempts: 0, claimedBy: null, now },
        { error: reason, finished: true },
      );
      return id !== undefined;
    },
    async enqueueManual(log, ownerId, now) {
      return insertOnce(
        db,
        log,
        { owner: ownerId, fire: now, status: "queued", attempts: 0, claimedBy: null, now },
        { origin: "manual" },
      );
    },
    async openRows(log) {
      const rows = await db.query(
        `SELECT ${ROW(log)} FROM ${log.table}
     WHERE status IN (${OPEN_STATUSES.map(() => "?").join(", ")}) OR (status = 'unknown' AND finished_at IS NULL)
     ORDER BY fire_time, id`,
        [...OPEN_STATUSES],
      );
      return rows.map(fromRow);
    },
    async getRow(log, id) {
      const rows = await db.query(`SELECT ${ROW(log)} FROM ${log.table} WHERE id = ?`, [id]);
      return rows[0] ? fromRow(rows[0]) : null;
    },
    async history(log, ownerId, limit = 20) {
      const rows = await db.query(
        `SELECT ${ROW(log)} FROM ${log.table} WHERE ${log.owner} = ? ORDER BY fire_time DESC, id DESC LIMIT ?`,
        [ownerId, limit],
      );
      return rows.map(fromRow);
    },
    async reclaim(log, row, replica, now) {
      const changed = await db.execute(
        `UPDATE ${log.table} SET status = 'claimed', attempts = attempts + 1, claimed_by = ?, claimed_at = ?
     WHERE id = ? AND status = ? AND attempts = ?`,
        [replica, now, row.id, row.status, row.attempts],
      );
      if (changed !== 1) return undefined;
      return {
        id: row.id,
        ownerId: row.ownerId,
        fireTime: row.fireTime,
        attempts: row.attempts + 1,
        claimedBy: replica,
        previous: row.status,
      };
    },
    async advance(log, claim, status, now, set = {}, opts = {}) {
      const open = status === "unknown" && opts.open === true;
      const done = !["claimed", "posting"].includes(status) && !open;
      const columns: Record<string, SqlParam> = { status, ...set };
      // The lease restarts when posting begins, so a long render does not eat into the platform call's time;
      // an open unknown outcome is looked for a retry delay after it was recorded.
      if (status === "posting" || open) columns.claimed_at = now;
      if (done) columns.finished_at = now;
      const names = Object.keys(columns);
      const changed = await db.execute(
        `UPDATE ${log.table} SET ${names.map((n) => `${n} = ?`).join(", ")}
     WHERE id = ? AND attempts = ? AND claimed_by = ? AND status IN ('claimed', 'posting')`,
        [...names.map((n) => columns[n] ?? null), claim.id, claim.attempts, claim.claimedBy],
      );
      return changed === 1;
    },
    async renewLease(log, claim, now) {
      const changed = await db.execute(
        `UPDATE ${log.table} SET claimed_at = ?
     WHERE id = ? AND attempts = ? AND claimed_by = ? AND status IN ('claimed', 'posting')`,
        [now, claim.id, claim.attempts, claim.claimedBy],
      );
      return changed === 1;
    },
  };
}
