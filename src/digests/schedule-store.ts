import type { Locale } from "../i18n/index.js";
import { toLocale } from "../i18n/index.js";
import type { Dimension } from "../kpi/types.js";
import type { Db } from "../store/db.js";
import { toBool, toDate, toNum, toStr } from "../store/sql-values.js";
import type { DigestSpec } from "./digest-parse.js";
import type { FireRule, Frequency } from "./fire-times.js";

/** A stored digest schedule. */
export interface DigestSchedule extends FireRule {
  id: number;
  frequency: Exclude<Frequency, "hourly">;
  conversationRefId: number;
  kpis: string[];
  breakdown: Dimension | null;
  period: string | null;
  skipWhenEmpty: boolean;
  paused: boolean;
  locale: Locale | null;
  /** Fires before this instant are never sent (creation, or the last resume). */
  activeFrom: Date;
  createdBy: string | null;
  createdAt: Date;
}

const COLUMNS = `id, conversation_ref_id, frequency, day_of_week, day_of_month, time, timezone, kpis, breakdown,
  period, skip_when_empty, paused, locale, active_from, created_by, created_at`;

function fromRow(r: Record<string, unknown>): DigestSchedule {
  const createdAt = toDate(r.created_at) ?? new Date(0);
  return {
    id: toNum(r.id) ?? 0,
    conversationRefId: toNum(r.conversation_ref_id) ?? 0,
    frequency: String(r.frequency) as DigestSchedule["frequency"],
    dayOfWeek: toNum(r.day_of_week),
    dayOfMonth: toNum(r.day_of_month),
    time: String(r.time),
    timezone: String(r.timezone),
    kpis: String(r.kpis)
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean),
    breakdown: (toStr(r.breakdown) as Dimension | null) ?? null,
    period: toStr(r.period),
    skipWhenEmpty: toBool(r.skip_when_empty) ?? false,
    paused: toBool(r.paused) ?? false,
    locale: toLocale(toStr(r.locale)) ?? null,
    activeFrom: toDate(r.active_from) ?? createdAt,
    createdBy: toStr(r.created_by),
    createdAt,
  };
}

/** Digest schedules in the store (raw SQL, same on SQLite and PostgreSQL). */
export class DigestScheduleStore {
  constructor(private readonly db: Db) {}

  /** Stores a new schedule; returns it with its id. */
  async create(
    spec: DigestSpec & { timezone: string },
    meta: { conversationRefId: number; locale: Locale; createdBy: string; now: Date },
  ): Promise<DigestSchedule> {
    const rows = await this.db.query<{ id: number }>(
      `INSERT INTO digest_schedules (conversation_ref_id, frequency, day_of_week, day_of_month, time, timezone, kpis,
         breakdown, period, skip_when_empty, paused, locale, active_from, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        meta.conversationRefId,
        spec.frequency,
        spec.dayOfWeek,
        spec.dayOfMonth,
        spec.time,
        spec.timezone,
        spec.kpis.join(","),
        spec.breakdown,
        spec.period,
        spec.skipWhenEmpty,
        false,
        meta.locale,
        meta.now,
        meta.createdBy,
        meta.now,
      ],
    );
    const id = toNum(rows[0]?.id);
    const created = id === null ? null : await this.get(id);
    if (!created) throw new Error("digest schedule insert returned no row");
    return created;
  }

  /** One schedule, or null. */
  async get(id: number): Promise<DigestSchedule | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM digest_schedules WHERE id = ?`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Every schedule (active ones only when asked), by id. */
  async all(opts: { activeOnly?: boolean } = {}): Promise<DigestSchedule[]> {
    const where = opts.activeOnly ? " WHERE paused = ?" : "";
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM digest_schedules${where} ORDER BY id`,
      opts.activeOnly ? [false] : [],
    );
    return rows.map(fromRow);
  }

  /** Deletes a schedule (its delivery log goes with it); false when unknown. */
  async remove(id: number): Promise<boolean> {
    return (await this.db.execute("DELETE FROM digest_schedules WHERE id = ?", [id])) > 0;
  }

  /** Pauses or resumes; resuming moves active_from to now so fires missed while paused are never sent. */
  async setPaused(id: number, paused: boolean, now: Date): Promise<boolean> {
    const changed = paused
      ? await this.db.execute("UPDATE digest_schedules SET paused = ? WHERE id = ?", [true, id])
      : await this.db.execute("UPDATE digest_schedules SET paused = ?, active_from = ? WHERE id = ? AND paused = ?", [
          false,
          now,
          id,
          true,
        ]);
    return changed > 0;
  }
}
