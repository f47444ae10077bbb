import type { Locale } from "../i18n/index.js";
import { toLocale } from "../i18n/index.js";
import type { Dimension } from "../kpi/types.js";
import type { FireRule, Frequency } from "../scheduler/fire-times.js";
import { ScheduleTable } from "../scheduler/schedule-table.js";
import type { Db } from "../store/db.js";
import { toBool, toDate, toNum, toStr } from "../store/sql-values.js";
import type { DigestSpec } from "./digest-parse.js";

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
export class DigestScheduleStore extends ScheduleTable<DigestSchedule> {
  constructor(db: Db) {
    super(db, { table: "digest_schedules", columns: COLUMNS, fromRow });
  }

  /** Stores a new schedule; returns it with its id. */
  async create(
    spec: DigestSpec & { timezone: string },
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
