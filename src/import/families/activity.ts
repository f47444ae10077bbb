import { DateTime } from "luxon";
import { code, text } from "../fields.js";
import { count, when } from "../local-cells.js";
import type { ImportFamily } from "../types.js";
import { defineFamily, type FamilyContext, type RowOf } from "./define.js";

/** Portal usage granularities (a range uses its monthly rows when it has any, else the daily ones). */
export const PORTAL_GRANULARITIES = ["month", "day"] as const;
/** Change kinds (delivery KPIs count successful features). */
export const CHANGE_KINDS = ["feature", "fix", "standard", "emergency", "normal"] as const;
/** Change outcomes. */
export const CHANGE_OUTCOMES = ["success", "failed", "rolled_back"] as const;

const portalCells = (zone: string) => ({
  date: when(zone, { required: true }),
  granularity: code(PORTAL_GRANULARITIES, { required: true }),
  users: count(0),
  sessions: count(0),
  mobile_sessions: count(0),
  population: count(0),
});

/** A validated portal usage row. */
export type PortalRow = RowOf<ReturnType<typeof portalCells>>;

/**
 * portal: usage of one month or one day, dated by its first instant in KPIBOT_TIMEZONE (a month row
 * dated the 15th is refused rather than silently moved).
 */
export function portalFamily(ctx: FamilyContext): ImportFamily<PortalRow> {
  return defineFamily({
    kind: "portal",
    table: "portal_usage",
    cells: portalCells(ctx.timezone),
    check: (r) => {
      const problems: { field: string; message: string }[] = [];
      const local = DateTime.fromJSDate(r.date, { zone: ctx.timezone });
      const first = local.startOf(r.granularity === "month" ? "month" : "day");
      if (first.toMillis() !== local.toMillis())
        problems.push({
          field: "date",
          message: `a ${r.granularity} row must be dated ${first.toFormat("yyyy-MM-dd")} (the first instant of the ${r.granularity} in ${ctx.timezone}), got ${local.toFormat("yyyy-MM-dd HH:mm")}`,
        });
      if (r.users > r.population)
        problems.push({ field: "users", message: `${r.users} is more than population ${r.population}` });
      if (r.mobile_sessions > r.sessions)
        problems.push({
          field: "mobile_sessions",
          message: `${r.mobile_sessions} is more than sessions ${r.sessions}`,
        });
      return problems;
    },
    columns: ["date", "granularity", "users", "sessions", "mobile_sessions", "population"],
    keyColumns: ["date", "granularity"],
    toValues: (r) => [r.date, r.granularity, r.users, r.sessions, r.mobile_sessions, r.population],
  });
}

const changeCells = (zone: string) => ({
  external_id: text({ max: 200, required: true }),
  kind: code(CHANGE_KINDS, { required: true }),
  title: text({ max: 1000 }),
  service: text({ max: 200 }),
  deployed_at: when(zone, { required: true }),
  outcome: code(CHANGE_OUTCOMES, { required: true }),
});

/** A validated change row. */
export type ChangeRow = RowOf<ReturnType<typeof changeCells>>;

/** changes: changes and deployments by (source, external_id), dated when completed. */
export function changeFamily(ctx: FamilyContext): ImportFamily<ChangeRow> {
  return defineFamily({
    kind: "changes",
    table: "changes",
    cells: changeCells(ctx.timezone),
    columns: ["source", "external_id", "kind", "title", "service", "deployed_at", "outcome"],
    keyColumns: ["source", "external_id"],
    toValues: (r, source) => [source, r.external_id, r.kind, r.title, r.service, r.deployed_at, r.outcome],
  });
}
