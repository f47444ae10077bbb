import type { Locale } from "../../i18n/index.js";
import { toLocale } from "../../i18n/index.js";
import type { Dimension } from "../../kpi/types.js";
import type { Db } from "../db.js";
import { toBool, toDate, toNum, toStr } from "../sql-values.js";
import { ScheduleTable } from "./schedule-table.js";

/** How often a digest fires (the scheduler's frequencies but hourly). */
export type DigestFrequency = "daily" | "weekdays" | "weekly" | "monthly";

/** What a new digest schedule says (the parsed `digest add`, its time zone settled). */
export interface NewDigestSchedule {
  frequency: DigestFrequency;
  dayOfWeek: number | null;
  dayOfMonth: number | null;
  time: string;
  timezone: string;
  kpis: string[];
  breakdown: Dimension | null;
  period: string | null;
  skipWhenEmpty: boolean;
}

/** A stored digest schedule (a fire rule for the scheduler: frequency, day, time, time zone). */
export interface DigestSchedule {
  id: number;
  frequency: DigestFrequency;
  /** 1 = Monday .. 7 = Sunday (weekly). */
  dayOfWeek: number | null;
  /** 1..31, or -1 for the last day of the month (monthly). */
  dayOfMonth: number | null;
  /** `HH:MM` in `timezone`. */
  time: string;
  timezone: string;
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

/** Digest schedules (table digest_deliveries logs their fires). */
export interface DigestScheduleRepository {
  /** One schedule, or null. */
  get(id: number): Promise<DigestSchedule | null>;
  /** Every schedule (active ones only when asked), by id. */
  all(opts?: { activeOnly?: boolean }): Promise<DigestSchedule[]>;
  /** Deletes a schedule (its deliveries go with it); false when unknown. */
  remove(id: number): Promise<boolean>;
  /** Pauses or resumes; resuming moves activeFrom to now so fires missed while paused are never sent. */
  setPaused(id: number, paused: boolean, now: Date): Promise<boolean>;
  /** Stores a new schedule; returns it with its id. */
  create(
    spec: NewDigestSchedule,
    meta: { conversationRefId: number; locale: Locale; createdBy: string; now: Date },
  ): Promise<DigestSchedule>;
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
class DigestScheduleTable extends ScheduleTable<DigestSchedule> implements DigestScheduleRepository {
  constructor(db: Db) {
    super(db, { table: "digest_schedules", columns: COLUMNS, fromRow });
  }

  async create(
    spec: NewDigestSchedule,
    meta: { conversationRefId: number; locale: Locale; createdBy: string; now: Date },
  ): Promise<DigestSchedule> {
    return this.insert({
      conversation_ref_id: meta.conversationRefId,
      frequency: spec.frequency,
      day_of_week: spec.dayOfWeek,
      day_of_month: spec.dayOfMonth,
      time: spec.time,
      timezone: spec.timezone,
      kpis: spec.kpis.join(","),
      breakdown: spec.breakdown,
      period: spec.period,
      skip_when_empty: spec.skipWhenEmpty,
      paused: false,
      locale: meta.locale,
      active_from: meta.now,
      created_by: meta.createdBy,
      created_at: meta.now,
    });
  }
}

/** Digest schedules on the shared Db. */
export function digestScheduleRepository(db: Db): DigestScheduleRepository {
  return new DigestScheduleTable(db);
}
