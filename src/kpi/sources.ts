import type { DataSource } from "../store/data-versions.js";
import type { Db } from "../store/db.js";
import type { Range } from "./aggregate.js";

const TICKETS: readonly DataSource[] = ["tickets"];
const SURVEYS: readonly DataSource[] = ["surveys"];

/**
 * The sources each KPI's answer is computed from (besides `targets`, which every answer reads). An answer is
 * cached under these sources' versions. test/kpi/answer-sources.test.ts asks SQLite which tables every query of
 * every KPI reads (EXPLAIN, all breakdowns and filters) and fails when one is missing here.
 */
export const KPI_SOURCES: Readonly<Record<string, readonly DataSource[]>> = {
  sla: TICKETS,
  "sla-response": TICKETS,
  fcr: TICKETS,
  escalation: TICKETS,
  mttr: TICKETS,
  mtta: TICKETS,
  backlog: TICKETS,
  volume: TICKETS,
  reopen: TICKETS,
  automation: TICKETS,
  "channel-mix": TICKETS,
  deployments: ["changes"],
  "change-success": ["changes"],
  budget: ["costs"],
  "cost-per-ticket": ["costs", "tickets"],
  "tco-workstation": ["costs", "assets"],
  "tco-infra": ["costs", "assets"],
  "service-cost": ["costs"],
  "sm-staff": ["staff"],
  "time-allocation": ["time"],
  workload: ["tickets", "staff"],
  "shadow-it-savings": ["shadow_it"],
  "portal-adoption": ["portal"],
  "mobile-usage": ["portal"],
  satisfaction: SURVEYS,
  nps: SURVEYS,
  awareness: SURVEYS,
  "desk-feedback": SURVEYS,
};

/** The sources an answer of `kpi` depends on, targets included; undefined for a KPI not listed (never cached). */
export function answerSources(kpi: string): DataSource[] | undefined {
  const sources = KPI_SOURCES[kpi];
  return sources ? [...sources, "targets"] : undefined;
}

/**
 * When a KPI's answer next changes with the clock alone, the data unchanged: a cached answer computed at `now`
 * holds until then (inclusive). Only KPIs whose queries read "now" are listed; test/kpi/answer-sources.test.ts
 * checks that every other KPI issues the same statements at any two instants. `ranges` span every period the
 * answer covers; filters are ignored, which can only make the horizon earlier.
 */
export const CLOCK_HORIZONS: Readonly<
  Record<string, (db: Db, now: Date, ranges: readonly Range[]) => Promise<Date | null>>
> = {
  // An unanswered ticket counts as a breach once its response due time has passed (calculators/tickets.ts):
  // the answer moves when the next such due time, among tickets opened in the periods, is passed.
  "sla-response": async (db, now, ranges) => {
    const start = new Date(Math.min(...ranges.map((r) => r.start.getTime())));
    const end = new Date(Math.max(...ranges.map((r) => r.end.getTime())));
    const [row] = await db.query<{ due: unknown }>(
      `SELECT MIN(t.response_due_at) AS due FROM tickets t
       WHERE t.opened_at >= ? AND t.opened_at < ? AND t.first_response_at IS NULL AND t.response_due_at >= ?`,
      [start, end, now],
    );
    const due = row?.due;
    if (due === null || due === undefined) return null;
    return due instanceof Date ? due : new Date(due as string | number);
  },
};
