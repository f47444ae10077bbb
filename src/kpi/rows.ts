import { KpibotError } from "../errors.js";
import type { Db } from "../store/db.js";
import { toBool, toDate, toNum, toStr } from "../store/sql-values.js";
import { filterConditions, type Range } from "./aggregate.js";
import { TICKET_DIMS } from "./calculators/tickets.js";
import { type Dialect, joinSql, raw, type Sql, sql } from "./sql.js";
import type { KpiFilter } from "./types.js";

/** One ticket behind a number, with its key fields (never its requester: who asked is not a team figure). */
export interface TicketRow {
  id: number;
  externalId: string;
  source: string;
  kind: string;
  title: string | null;
  priority: number | null;
  group: string | null;
  service: string | null;
  channel: string | null;
  /** Null unless the asker may see per-person figures (docs/security.md): the column is not even read. */
  assignee: string | null;
  openedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaMet: boolean | null;
  supportLevel: number | null;
  firstContactResolution: boolean | null;
  reopenCount: number;
  automated: boolean;
  /** A rate KPI: whether this ticket counts against the rate (the denominator minus the numerator). Null otherwise. */
  against: boolean | null;
  /** mttr, mtta: the ticket's hours; backlog: its age in days at the span's end. Null otherwise. */
  measure: number | null;
}

/** The tickets that make a ticket KPI's number over a span. */
export interface TicketRows {
  kpi: string;
  span: Range;
  /** Every ticket behind the number (the KPI's n). */
  total: number;
  /** A rate KPI: how many count against it; null for the others. */
  against: number | null;
  /** The first `limit` tickets: for a rate, those that count against it first; a mean, the longest first. */
  rows: TicketRow[];
}

/** How one ticket KPI picks its tickets over a span, and which of them count against it. */
interface RowSpec {
  /** The instant that places a ticket in the span, or `open_at_end` (the backlog: open at the span's end). */
  time: "t.opened_at" | "t.resolved_at" | "open_at_end";
  /** The KPI's population besides the span (its denominator), as in src/kpi/calculators/tickets.ts. */
  where?: (now: Date) => Sql[];
  /** Rates: the condition of a ticket that counts for the rate (its numerator); the others count against it. */
  counts?: (now: Date) => Sql;
  /** Down-is-good rates (escalation, reopen): the numerator counts against the KPI. */
  numeratorAgainst?: boolean;
  /** Means: the ticket's hours, listed longest first. */
  hours?: (d: Dialect) => string;
}

const SLA_POPULATION = raw("(t.sla_met IS NOT NULL OR t.resolution_due_at IS NOT NULL)");

/**
 * The tickets of each ticket KPI: the same span column, population and numerator as its aggregate query
 * (src/kpi/calculators/tickets.ts), so the rows listed are exactly those counted.
 */
const ROW_SPECS: Readonly<Record<string, RowSpec>> = {
  sla: {
    time: "t.resolved_at",
    where: () => [SLA_POPULATION],
    counts: () => raw("COALESCE(t.sla_met, t.resolved_at <= t.resolution_due_at)"),
  },
  "sla-response": {
    time: "t.opened_at",
    where: (now) => [
      sql`t.response_due_at IS NOT NULL AND (t.first_response_at IS NOT NULL OR t.response_due_at < ${now})`,
    ],
    counts: () => raw("t.first_response_at IS NOT NULL AND t.first_response_at <= t.response_due_at"),
  },
  fcr: { time: "t.resolved_at", counts: () => raw("t.first_contact_resolution") },
  escalation: { time: "t.resolved_at", counts: () => raw("t.support_level IN (2, 3)"), numeratorAgainst: true },
  reopen: { time: "t.resolved_at", counts: () => raw("t.reopen_count > 0"), numeratorAgainst: true },
  automation: { time: "t.resolved_at", counts: () => raw("t.automated") },
  mttr: { time: "t.resolved_at", hours: (d) => d.hours("t.opened_at", "t.resolved_at") },
  mtta: {
    time: "t.opened_at",
    where: () => [raw("t.first_response_at IS NOT NULL")],
    hours: (d) => d.hours("t.opened_at", "t.first_response_at"),
  },
  volume: { time: "t.opened_at" },
  "channel-mix": { time: "t.opened_at" },
  backlog: { time: "open_at_end" },
};

/** The KPIs whose number is made of tickets (the ones with a "Tickets" button). */
export const TICKET_ROW_KPIS: readonly string[] = Object.keys(ROW_SPECS);

/** Whether a KPI's number is made of tickets that can be listed. */
export function hasTicketRows(kpi: string): boolean {
  return ROW_SPECS[kpi] !== undefined;
}

/** What to list. */
export interface RowsRequest {
  kpi: string;
  span: Range;
  filters: readonly KpiFilter[];
  /** The instant the answer is as of (sla-response counts an unanswered ticket once its due time has passed). */
  now: Date;
  /** At most this many rows (the counts are always whole). */
  limit: number;
  /** Read the assignee column (only for askers who may see per-person figures). */
  assignee: boolean;
}

const COLUMNS = [
  "t.id",
  "t.external_id",
  "t.source",
  "t.kind",
  "t.title",
  "t.priority",
  "t.group_name",
  "t.service",
  "t.channel",
  "t.opened_at",
  "t.first_response_at",
  "t.resolved_at",
  "t.response_due_at",
  "t.resolution_due_at",
  "t.sla_met",
  "t.support_level",
  "t.first_contact_resolution",
  "t.reopen_count",
  "t.automated",
];

/** The span's conditions: the KPI's instant in [start, end), or open at the end for the backlog. */
function inSpan(spec: RowSpec, span: Range): Sql[] {
  if (spec.time === "open_at_end") {
    return [sql`t.opened_at < ${span.end}`, sql`(t.resolved_at IS NULL OR t.resolved_at >= ${span.end})`];
  }
  return [sql`${raw(spec.time)} >= ${span.start}`, sql`${raw(spec.time)} < ${span.end}`];
}

/** `1` when a ticket counts against the KPI, else `0` (NULL-safe: a NULL condition does not count for a rate). */
function againstSql(spec: RowSpec, now: Date): Sql | null {
  const counts = spec.counts?.(now);
  if (!counts) return null;
  return spec.numeratorAgainst
    ? sql`CASE WHEN ${counts} THEN 1 ELSE 0 END`
    : sql`CASE WHEN ${counts} THEN 0 ELSE 1 END`;
}

function readRow(r: Record<string, unknown>, hasAgainst: boolean, hasMeasure: boolean): TicketRow {
  return {
    id: toNum(r.id) ?? 0,
    externalId: String(r.external_id),
    source: String(r.source),
    kind: String(r.kind),
    title: toStr(r.title),
    priority: toNum(r.priority),
    group: toStr(r.group_name),
    service: toStr(r.service),
    channel: toStr(r.channel),
    assignee: toStr(r.assignee),
    openedAt: toDate(r.opened_at) ?? new Date(0),
    firstResponseAt: toDate(r.first_response_at),
    resolvedAt: toDate(r.resolved_at),
    responseDueAt: toDate(r.response_due_at),
    resolutionDueAt: toDate(r.resolution_due_at),
    slaMet: toBool(r.sla_met),
    supportLevel: toNum(r.support_level),
    firstContactResolution: toBool(r.first_contact_resolution),
    reopenCount: toNum(r.reopen_count) ?? 0,
    automated: toBool(r.automated) ?? false,
    against: hasAgainst ? toNum(r.against) === 1 : null,
    measure: hasMeasure ? toNum(r.measure) : null,
  };
}

/**
 * The tickets behind a ticket KPI's number over a span, filtered like the answer: the counts (all, and those
 * against a rate) in one aggregate, and the first `limit` rows — for a rate, those that count against it first
 * (then in time order); for a mean, the longest first; for the backlog, the oldest first; else in time order.
 * Throws INPUT_INVALID for a KPI not made of tickets.
 */
export async function ticketRows(db: Db, dialect: Dialect, req: RowsRequest): Promise<TicketRows> {
  const spec = ROW_SPECS[req.kpi];
  if (!spec) throw new KpibotError("INPUT_INVALID", `${req.kpi} is not made of tickets: there are no rows to list`);
  const where = joinSql(
    [...inSpan(spec, req.span), ...(spec.where?.(req.now) ?? []), ...filterConditions(req.filters, TICKET_DIMS)],
    " AND ",
  );
  const against = againstSql(spec, req.now);
  const count = sql`SELECT COUNT(*) AS n${against ? sql`, SUM(${against}) AS a` : raw("")} FROM tickets t WHERE ${where}`;
  const hours = spec.hours?.(dialect);
  // The backlog's age in days is measured at the span's end (a parameter, typed for PostgreSQL).
  const end = dialect.instant(req.span.end);
  const measureSql: Sql | null = hours
    ? raw(hours)
    : spec.time === "open_at_end"
      ? { text: `(${dialect.hours("t.opened_at", end.text)} / 24.0)`, params: end.params }
      : null;
  const time = spec.time === "open_at_end" ? "t.opened_at" : spec.time;
  const order = against
    ? sql`a DESC, ${raw(time)}, t.id`
    : hours
      ? raw(`measure DESC, ${time}, t.id`)
      : raw(`${time}, t.id`);
  const select = joinSql(
    [
      raw(COLUMNS.join(", ")),
      ...(req.assignee ? [raw("t.assignee")] : []),
      ...(against ? [sql`${against} AS a`] : []),
      ...(measureSql ? [sql`${measureSql} AS measure`] : []),
    ],
    ", ",
  );
  const list = sql`SELECT ${select} FROM tickets t WHERE ${where} ORDER BY ${order} LIMIT ${req.limit}`;
  const [counted, rows] = await Promise.all([
    db.query(count.text, count.params),
    req.limit > 0 ? db.query(list.text, list.params) : Promise.resolve([]),
  ]);
  const c = counted[0] ?? {};
  return {
    kpi: req.kpi,
    span: req.span,
    total: toNum(c.n) ?? 0,
    against: against ? (toNum(c.a) ?? 0) : null,
    rows: rows.map((r) => readRow({ ...r, against: r.a }, against !== null, measureSql !== null)),
  };
}
