import { code, text } from "../fields.js";
import { decimal, flag, textOr, when } from "../local-cells.js";
import type { ImportFamily } from "../types.js";
import { defineFamily, type FamilyContext, iso, type RowOf } from "./define.js";

/** Activities of time entries (time-allocation KPI). */
export const TIME_ACTIVITIES = ["incidents", "requests", "changes", "projects", "improvement", "other"] as const;
/** Shadow-IT finding statuses (savings count controlled and retired findings, by resolved_at). */
export const SHADOW_IT_STATUSES = ["discovered", "under_review", "controlled", "retired"] as const;

const staffCells = (zone: string) => ({
  team: text({ max: 200, required: true }),
  date: when(zone, { required: true }),
  fte: decimal(0, { required: true }),
  service_management_fte: decimal(0, { required: true }),
  service_desk: flag(false),
});

/** A validated staff allocation row. */
export type StaffRow = RowOf<ReturnType<typeof staffCells>>;

/** staff: a team's FTE from a date on (the KPIs take each team's latest row before the period end). */
export function staffFamily(ctx: FamilyContext): ImportFamily<StaffRow> {
  return defineFamily({
    kind: "staff",
    table: "staff_allocations",
    cells: staffCells(ctx.timezone),
    check: (r) =>
      (r.service_management_fte as number) > (r.fte as number)
        ? [{ field: "service_management_fte", message: `${r.service_management_fte} is more than fte ${r.fte}` }]
        : [],
    columns: ["team", "date", "fte", "service_management_fte", "service_desk"],
    keyColumns: ["team", "date"],
    toValues: (r) => [r.team, r.date, r.fte, r.service_management_fte, r.service_desk],
  });
}

const timeCells = (zone: string) => ({
  team: text({ max: 200, required: true }),
  person: textOr(200, ""),
  date: when(zone, { required: true }),
  activity: code(TIME_ACTIVITIES, { required: true }),
  hours: decimal(0, { required: true }),
});

/** A validated time entry row. */
export type TimeRow = RowOf<ReturnType<typeof timeCells>>;

/** time: hours a team (or one person of it; empty = the whole team) logged on an activity on a day. */
export function timeFamily(ctx: FamilyContext): ImportFamily<TimeRow> {
  return defineFamily({
    kind: "time",
    table: "time_entries",
    cells: timeCells(ctx.timezone),
    columns: ["team", "person", "date", "activity", "hours"],
    keyColumns: ["team", "person", "date", "activity"],
    toValues: (r) => [r.team, r.person, r.date, r.activity, r.hours],
  });
}

const shadowCells = (zone: string) => ({
  external_id: text({ max: 200, required: true }),
  name: text({ max: 500, required: true }),
  discovered_at: when(zone, { required: true }),
  status: code(SHADOW_IT_STATUSES, { required: true }),
  resolved_at: when(zone),
  yearly_cost_avoided: decimal(0, { empty: 0 }),
});

/** A validated shadow-IT finding row. */
export type ShadowItRow = RowOf<ReturnType<typeof shadowCells>>;

/** shadow-it: findings by external_id; controlled/retired ones need resolved_at (savings count by it). */
export function shadowItFamily(ctx: FamilyContext): ImportFamily<ShadowItRow> {
  return defineFamily({
    kind: "shadow-it",
    table: "shadow_it_findings",
    cells: shadowCells(ctx.timezone),
    check: (r) => {
      if (r.resolved_at !== null && r.resolved_at < r.discovered_at)
        return [
          { field: "resolved_at", message: `${iso(r.resolved_at)} is before discovered_at ${iso(r.discovered_at)}` },
        ];
      if (r.resolved_at === null && (r.status === "controlled" || r.status === "retired"))
        return [{ field: "resolved_at", message: `is required when status is ${r.status}` }];
      return [];
    },
    columns: ["external_id", "name", "discovered_at", "status", "resolved_at", "yearly_cost_avoided"],
    keyColumns: ["external_id"],
    toValues: (r) => [r.external_id, r.name, r.discovered_at, r.status, r.resolved_at, r.yearly_cost_avoided],
  });
}
