import { type Locale, toLocale } from "../i18n/index.js";
import type { Dimension } from "../kpi/types.js";
import type { FireRule } from "../scheduler/fire-times.js";
import { ScheduleTable } from "../scheduler/schedule-table.js";
import type { Db } from "../store/db.js";
import { toBool, toDate, toNum, toStr } from "../store/sql-values.js";
import type { AlertCondition } from "./words.js";

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

/** Daily checks run at this local time (hourly ones on the hour). */
export const DAILY_CHECK_TIME = "08:00";

/** When a rule is checked, as a fire rule for nextFires/due. */
export function checkRule(rule: Pick<AlertRule, "checkEvery" | "timezone">): FireRule {
  return rule.checkEvery === "hourly"
    ? { frequency: "hourly", time: "00:00", timezone: rule.timezone }
    : { frequency: "daily", time: DAILY_CHECK_TIME, timezone: rule.timezone };
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

/** Alert rules and what their last checks said (raw SQL, same on SQLite and PostgreSQL). */
export class AlertStore extends ScheduleTable<AlertRule> {
  constructor(db: Db) {
    super(db, { table: "alert_rules", columns: COLUMNS, fromRow });
  }

  /** Stores a new rule. */
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

  /** Whether the last evaluated check before `fireTime` found the rule breached (null: never evaluated). */
  async previousBreached(ruleId: number, fireTime: Date): Promise<boolean | null> {
    const rows = await this.db.query<{ breached: unknown }>(
      `SELECT CASE WHEN breached THEN 1 ELSE 0 END AS breached FROM alert_checks
       WHERE rule_id = ? AND fire_time < ? AND breached IS NOT NULL ORDER BY fire_time DESC LIMIT 1`,
      [ruleId, fireTime],
    );
    return rows[0] ? toBool(rows[0].breached) : null;
  }
}
