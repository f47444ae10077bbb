import { DateTime } from "luxon";
import { code } from "../fields.js";
import { count, decimal, textOr, when } from "../local-cells.js";
import type { ImportFamily } from "../types.js";
import { defineFamily, type FamilyContext, iso, type RowOf } from "./define.js";

/** Cost categories (KPIS.md: tco-workstation uses workstation, tco-infra infrastructure, desk costs service_desk). */
export const COST_CATEGORIES = [
  "workstation",
  "infrastructure",
  "service_desk",
  "software",
  "network",
  "telecom",
  "projects",
  "other",
] as const;
/** Asset types (tco-infra counts server + storage). */
export const ASSET_TYPES = ["workstation", "server", "network", "storage"] as const;

const costCells = (zone: string) => ({
  period_start: when(zone, { required: true }),
  period_end: when(zone),
  category: code(COST_CATEGORIES, { required: true }),
  service: textOr(200, ""),
  actual: decimal(Number.NEGATIVE_INFINITY, { required: true }),
  budget: decimal(Number.NEGATIVE_INFINITY),
  currency: textOr(3, "EUR"),
});

/** A validated cost line row. */
export type CostRow = RowOf<ReturnType<typeof costCells>>;

/**
 * costs: one cost line per (period_start, category, service). A line belongs to the period its
 * period_start falls in; period_end defaults to one calendar month later (in KPIBOT_TIMEZONE).
 */
export function costFamily(ctx: FamilyContext): ImportFamily<CostRow> {
  const end = (r: CostRow) =>
    r.period_end ?? DateTime.fromJSDate(r.period_start, { zone: ctx.timezone }).plus({ months: 1 }).toJSDate();
  return defineFamily({
    kind: "costs",
    table: "cost_lines",
    cells: costCells(ctx.timezone),
    check: (r) => {
      const problems: { field: string; message: string }[] = [];
      if (r.period_end !== null && r.period_end <= r.period_start)
        problems.push({
          field: "period_end",
          message: `${iso(r.period_end)} is not after period_start ${iso(r.period_start)}`,
        });
      if (!/^[A-Za-z]{3}$/.test(r.currency))
        problems.push({ field: "currency", message: `must be a 3-letter code such as EUR, got "${r.currency}"` });
      return problems;
    },
    columns: ["period_start", "period_end", "category", "service", "actual", "budget", "currency"],
    keyColumns: ["period_start", "category", "service"],
    toValues: (r) => [r.period_start, end(r), r.category, r.service, r.actual, r.budget, r.currency.toUpperCase()],
  });
}

const assetCells = (zone: string) => ({
  asset_type: code(ASSET_TYPES, { required: true }),
  date: when(zone, { required: true }),
  count: count(0),
});

/** A validated asset count row. */
export type AssetRow = RowOf<ReturnType<typeof assetCells>>;

/** assets: how many assets of a type were in service on a date; one row per (asset_type, date). */
export function assetFamily(ctx: FamilyContext): ImportFamily<AssetRow> {
  return defineFamily({
    kind: "assets",
    table: "asset_counts",
    cells: assetCells(ctx.timezone),
    columns: ["asset_type", "date", "count"],
    keyColumns: ["asset_type", "date"],
    toValues: (r) => [r.asset_type, r.date, r.count],
  });
}
