import { afterAll, beforeAll, beforeEach } from "vitest";
import { fixedClock } from "../../src/core/clock.js";
import type { KpiQuery, KpiResult, Period } from "../../src/kpi/types.js";
import { parsePeriod } from "../../src/periods/index.js";
import { insertRows } from "../../src/store/bulk.js";
import type { Db, Provider, SqlParam } from "../../src/store/db.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

/** "Now" in every KPI test: Sunday 15 November 2026, 11:00 in Paris. */
export const NOW = new Date("2026-11-15T10:00:00Z");
export const TZ = "Europe/Paris";

/** A period parsed relative to NOW in Paris (fails the test when it does not parse). */
export function period(text: string): Period {
  const r = parsePeriod(text, { now: NOW, timezone: TZ });
  if (!r.ok) throw new Error(`bad period ${text}: ${r.message}`);
  return r.period;
}

const d = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);

/** One ticket of a fixture; instants are ISO strings in UTC. */
export interface TicketFixture {
  id: string;
  kind?: "incident" | "request";
  opened: string;
  firstResponse?: string;
  resolved?: string;
  responseDue?: string;
  resolutionDue?: string;
  /** The ITSM tool's own SLA verdict (sla_met). */
  slaMet?: boolean | null;
  level?: number;
  fcr?: boolean | null;
  reopen?: number;
  automated?: boolean;
  group?: string;
  service?: string;
  channel?: string;
  priority?: number;
  category?: string;
}

/** Inserts tickets with plain SQL (the engine reads raw columns, so the fixture writes them). */
export async function insertTickets(db: Db, tickets: readonly TicketFixture[]): Promise<void> {
  const cols = [
    "external_id",
    "kind",
    "opened_at",
    "first_response_at",
    "resolved_at",
    "response_due_at",
    "resolution_due_at",
    "sla_met",
    "support_level",
    "first_contact_resolution",
    "reopen_count",
    "automated",
    "group_name",
    "service",
    "channel",
    "priority",
    "category",
  ];
  const rows: SqlParam[][] = tickets.map((t) => [
    t.id,
    t.kind ?? "incident",
    d(t.opened),
    d(t.firstResponse),
    d(t.resolved),
    d(t.responseDue),
    d(t.resolutionDue),
    t.slaMet ?? null,
    t.level ?? null,
    t.fcr ?? null,
    t.reopen ?? 0,
    t.automated ?? false,
    t.group ?? null,
    t.service ?? null,
    t.channel ?? null,
    t.priority ?? null,
    t.category ?? null,
  ]);
  await insertRows(db, "tickets", cols, rows);
}

/** Inserts rows given as objects (column → value; ISO strings in columns named like dates become instants). */
export async function insert(db: Db, table: string, rows: readonly Record<string, SqlParam>[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const cols = Object.keys(first);
  const isInstant = (c: string) => /(^date$|_at$|_start$|_end$)/.test(c);
  await insertRows(
    db,
    table,
    cols,
    rows.map((r) =>
      cols.map((c) => (isInstant(c) && typeof r[c] === "string" ? new Date(r[c] as string) : (r[c] ?? null))),
    ),
  );
}

const TABLES = [
  "survey_answers",
  "survey_questions",
  "surveys",
  "tickets",
  "changes",
  "cost_lines",
  "asset_counts",
  "staff_allocations",
  "time_entries",
  "shadow_it_findings",
  "portal_usage",
  "kpi_targets",
];

/** A migrated test app for one provider, with a fixed clock at NOW, emptied before each test. */
export function useKpiApp(provider: Provider): {
  readonly t: TestApp;
  ask(q: Partial<KpiQuery> & { kpi: string }): Promise<KpiResult>;
} {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await createTestApp(provider, { clock: fixedClock(NOW), env: { KPIBOT_TIMEZONE: TZ } });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    for (const table of TABLES) await t?.app.db.execute(`DELETE FROM ${table}`);
  });
  return {
    get t() {
      if (!t) throw new Error("test app not ready");
      return t;
    },
    ask(q) {
      if (!t) throw new Error("test app not ready");
      return t.app.kpi.answer({ period: period("2026-10"), ...q });
    },
  };
}

/**
 * One record long before any period a test asks about (4 January 2010), so that the source's data starts there:
 * a fixture of a few rows in October would otherwise start its data in October, and an answer about October
 * (data from 2 Oct only) could not be compared (docs/numbers.md, "Data coverage"). Tests about coverage itself
 * leave it out.
 */
export async function coverFrom2010(db: Db, source: "tickets" | "changes" | "portal" | "surveys"): Promise<void> {
  const at = "2010-01-04T08:00:00Z";
  switch (source) {
    case "tickets":
      return insertTickets(db, [{ id: "ANCHOR-2010", opened: at, resolved: at }]);
    case "changes":
      return insert(db, "changes", [{ external_id: "ANCHOR-2010", kind: "fix", outcome: "success", deployed_at: at }]);
    case "portal":
      return insert(db, "portal_usage", [
        { date: at, granularity: "day", users: 0, sessions: 0, mobile_sessions: 0, population: 1 },
      ]);
    case "surveys":
      // An answer to the survey and question the test creates as id 1 (inserted after them).
      return insert(db, "survey_answers", [
        { survey_id: 1, question_id: 1, respondent_key: "anchor-2010", score: 3, answered_at: at },
      ]);
  }
}
