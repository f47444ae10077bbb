import { type Locale, toLocale } from "../../i18n/index.js";
import type { Dimension } from "../../kpi/types.js";
import type { Db } from "../db.js";
import { toBool, toDate, toNum, toStr } from "../sql-values.js";
import { ScheduleTable } from "./schedule-table.js";

/** What an alert watches for: a value below or above a threshold, or a relative change. */
export type AlertCondition = "below" | "above" | "change";

/** What `alert add` describes. */
export interface AlertSpec {
  kpi: string;
  condition: AlertCondition;
  /** The value (below/above), or the size of the relative change in % (change). */
  threshold: number;
  /** Change alerts: `+10%` up, `-10%` down, `10%` / `±10%` either way. */
  direction: "up" | "down" | "any";
  dimension: Dimension | null;
  dimValue: string | null;
  checkEvery: "hourly" | "daily";
  notify: "first" | "every";
  timezone: string | null;
}

/** A stored alert rule. */
export interface AlertRule extends Omit<AlertSpec, "timezone"> {
  id: number;
  conversationRefId: number;
  timezone: string;
  locale: Locale | null;
  paused: boolean;
  activeFrom: Date;
  createdBy: string | null;
  createdAt: Date;
}

/** Alert rules and what their last checks said (table alert_checks logs their fires). */
export interface AlertRuleRepository {
  /** One rule, or null. */
  get(id: number): Promise<AlertRule | null>;
  /** Every rule (active ones only when asked), by id. */
  all(opts?: { activeOnly?: boolean }): Promise<AlertRule[]>;
  /** Deletes a rule (its checks go with it); false when unknown. */
  remove(id: number): Promise<boolean>;
  /** Pauses or resumes; resuming moves activeFrom to now so checks missed while paused never run. */
  setPaused(id: number, paused: boolean, now: Date): Promise<boolean>;
  /** Stores a new rule. */
  create(
    spec: AlertSpec & { timezone: string },
    meta: { conversationRefId: number; locale: Locale; createdBy: string; now: Date },
  ): Promise<AlertRule>;
  /** Whether the last evaluated check before `fireTime` found the rule breached (null: never evaluated). */
  previousBreached(ruleId: number, fireTime: Date): Promise<boolean | null>;
}

const COLUMNS = `id, conversation_ref_id, kpi, condition, threshold, direction, dimension, dim_value, check_every, notify,
  timezone, locale, paused, active_from, created_by, created_at`;

function fromRow(r: Record<string, unknown>): AlertRule {
  const createdAt = toDate(r.created_at) ?? new Date(0);
  return {
    id: toNum(r.id) ?? 0,
    conversationRefId: toNum(r.conversation_ref_id) ?? 0,
    kpi: String(r.kpi),
    condition: String(r.condition) as AlertCondition,
    threshold: toNum(r.threshold) ?? 0,
    direction: (toStr(r.direction) ?? "any") as AlertRule["direction"],
    dimension: toStr(r.dimension) as Dimension | null,
    dimValue: toStr(r.dim_value),
    checkEvery: toStr(r.check_every) === "hourly" ? "hourly" : "daily",
    notify: toStr(r.notify) === "every" ? "every" : "first",
    timezone: String(r.timezone),
    locale: toLocale(toStr(r.locale)) ?? null,
    paused: toBool(r.paused) ?? false,
    activeFrom: toDate(r.active_from) ?? createdAt,
    createdBy: toStr(r.created_by),
    createdAt,
  };
}

/** Alert rules in the store (raw SQL, same on SQLite and PostgreSQL). */
class AlertRuleTable extends ScheduleTable<AlertRule> implements AlertRuleRepository {
  constructor(db: Db) {
    super(db, { table: "alert_rules", columns: COLUMNS, fromRow });
  }

  async create(
    spec: AlertSpec & { timezone: string },
    meta: { conversationRefId: number; locale: Locale; createdBy: string; now: Date },
  ): Promise<AlertRule> {
    return this.insert({
      conversation_ref_id: meta.conversationRefId,
      kpi: spec.kpi,
      condition: spec.condition,
      threshold: spec.threshold,
      direction: spec.direction,
      dimension: spec.dimension,
      dim_value: spec.dimValue,
      check_every: spec.checkEvery,
      notify: spec.notify,
      timezone: spec.timezone,
      locale: meta.locale,
      paused: false,
      active_from: meta.now,
      created_by: meta.createdBy,
      created_at: meta.now,
    });
  }

  async previousBreached(ruleId: number, fireTime: Date): Promise<boolean | null> {
    const rows = await this.db.query<{ breached: unknown }>(
      `SELECT CASE WHEN breached THEN 1 ELSE 0 END AS breached FROM alert_checks
       WHERE rule_id = ? AND fire_time < ? AND breached IS NOT NULL ORDER BY fire_time DESC LIMIT 1`,
      [ruleId, fireTime],
    );
    return rows[0] ? toBool(rows[0].breached) : null;
  }
}

/** Alert rules on the shared Db. */
export function alertRuleRepository(db: Db): AlertRuleRepository {
  return new AlertRuleTable(db);
}
