import type { App } from "../app.js";
import { KpibotError } from "../errors.js";
import type { Cell } from "../store/bulk-columns.js";
import { type DataSource, sourceOfTable } from "../store/data-versions.js";
import type { Repositories } from "../store/repositories.js";
import { demoPeople, demoPortalUsage, population } from "./adherence.js";
import { buildCalendar } from "./calendar.js";
import { demoChanges } from "./changes.js";
import type { DemoContext, TableRows } from "./context.js";
import { demoAssetCounts, demoCostLines } from "./finance.js";
import { demoShadowIt, demoStaffAllocations, demoTimeEntries } from "./organisation.js";
import { forkRng } from "./random.js";
import { TICKET_COLUMNS, ticketBatches } from "./tickets.js";
import { writeSurveys } from "./write-surveys.js";

/** Tables the demo fills (children before parents, the order a reset empties them in). */
export const DEMO_TABLES = [
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
] as const;

/** Defaults of `kpibot seed` and of the automatic demo seed. */
export const SEED_DEFAULTS = { tickets: 20_000, months: 18, seed: 1, batchSize: 20_000 } as const;

// The default demo (~1,100 tickets a month) is an organisation of ~2,400 people; bigger demos scale it.
const BASE_TICKETS_PER_MONTH = SEED_DEFAULTS.tickets / SEED_DEFAULTS.months;

/** Where the seed is (for a progress bar). */
export interface SeedProgress {
  phase: "reset" | "tickets" | "other";
  done: number;
  total: number;
}

/** Options of `seedDemo`. */
export interface SeedOptions {
  tickets?: number;
  months?: number;
  /** Same seed + same `now` ⇒ identical data. */
  seed?: number | string;
  /** The end of the demo range (default: the current time). */
  now?: Date;
  /** Empty the demo tables first (otherwise a non-empty database is refused). */
  reset?: boolean;
  /** The organisation's time zone (office hours, month boundaries); default Europe/Paris. */
  timezone?: string;
  currency?: string;
  /** Tickets per transaction. */
  batchSize?: number;
  onProgress?: (progress: SeedProgress) => void;
}

/** What `seedDemo` wrote. */
export interface SeedSummary {
  seed: number | string;
  from: Date;
  now: Date;
  months: number;
  tickets: number;
  openTickets: number;
  rows: Record<(typeof DEMO_TABLES)[number], number>;
  durationMs: number;
}

/** Where the demo is written (an App's repos, or `prismaRepositories(db)`). */
export type SeedTarget = Pick<Repositories, "demo"> & Partial<Pick<Repositories, "sourceFreshness">>;

function validate(opts: SeedOptions): { tickets: number; months: number; now: Date } {
  const tickets = opts.tickets ?? SEED_DEFAULTS.tickets;
  const months = opts.months ?? SEED_DEFAULTS.months;
  const now = opts.now ?? new Date();
  if (!Number.isInteger(tickets) || tickets < 1 || tickets > 20_000_000)
    throw new KpibotError("INPUT_INVALID", `--tickets must be a whole number from 1 to 20000000, got ${tickets}`);
  if (!Number.isInteger(months) || months < 1 || months > 120)
    throw new KpibotError("INPUT_INVALID", `--months must be a whole number from 1 to 120, got ${months}`);
  if (Number.isNaN(now.getTime())) throw new KpibotError("INPUT_INVALID", "--now must be an ISO-8601 date-time");
  return { tickets, months, now };
}

/**
 * Fills the database with deterministic, realistic demo data for every KPI family, ending at `now`.
 * Refuses (INPUT_INVALID) when a demo table already has rows, unless `reset` is set.
 */
export async function seedDemo(repos: SeedTarget, opts: SeedOptions = {}): Promise<SeedSummary> {
  const { demo } = repos;
  const started = Date.now();
  const { tickets, months, now } = validate(opts);
  const seed = opts.seed ?? SEED_DEFAULTS.seed;
  const progress = opts.onProgress ?? (() => undefined);
  if (opts.reset) {
    progress({ phase: "reset", done: 0, total: 1 });
    // Every demo table (imported rows too), ids restarted; rows that reference them (survey deliveries) go too.
    await demo.reset(DEMO_TABLES);
    progress({ phase: "reset", done: 1, total: 1 });
  } else {
    const busy = await demo.nonEmpty(DEMO_TABLES);
    if (busy.length > 0)
      throw new KpibotError(
        "INPUT_INVALID",
        `the database already has data (${busy.join(", ")}); run \`kpibot seed --reset\` to empty these tables and seed anew`,
      );
  }
  const calendar = buildCalendar(now, months, opts.timezone ?? "Europe/Paris");
  const scale = Math.min(1000, Math.max(0.25, tickets / months / BASE_TICKETS_PER_MONTH));
  const ctx: DemoContext = { calendar, seed, scale, currency: opts.currency ?? "EUR" };
  const people = demoPeople(population(ctx, 1));
  const rows = Object.fromEntries(DEMO_TABLES.map((t) => [t, 0])) as SeedSummary["rows"];

  let openTickets = 0;
  const plan = { calendar, total: tickets, people };
  for (const batch of ticketBatches(plan, forkRng(seed, "tickets"), opts.batchSize ?? SEED_DEFAULTS.batchSize)) {
    rows.tickets += await demo.inTransaction((tx) => tx.writeRows("tickets", TICKET_COLUMNS, batch));
    openTickets += countOpen(batch);
    progress({ phase: "tickets", done: rows.tickets, total: tickets });
  }

  const families: TableRows[] = [
    demoChanges(ctx),
    demoCostLines(ctx),
    demoAssetCounts(ctx),
    demoStaffAllocations(ctx),
    demoTimeEntries(ctx),
    demoShadowIt(ctx),
    demoPortalUsage(ctx),
  ];
  const steps = families.length + 1;
  await demo.inTransaction(async (tx) => {
    for (const [i, family] of families.entries()) {
      rows[family.table as keyof typeof rows] = await tx.writeRows(family.table, family.columns, family.rows);
      progress({ phase: "other", done: i + 1, total: steps });
    }
  });
  Object.assign(rows, await writeSurveys(demo, ctx, people.names.length));
  // Fresh tables: give the planner statistics for them before the first KPI question.
  await demo.analyze(DEMO_TABLES);
  // The demo's sources are as of its `now` (docs/numbers.md, "Freshness").
  const sources = DEMO_TABLES.map(sourceOfTable).filter((s): s is DataSource => s !== undefined && s !== "targets");
  await repos.sourceFreshness?.record(sources, { at: now, via: "seed" });
  progress({ phase: "other", done: steps, total: steps });
  return {
    seed,
    from: new Date(calendar.start),
    now,
    months,
    tickets: rows.tickets,
    openTickets,
    rows,
    durationMs: Date.now() - started,
  };
}

const RESOLVED_AT = TICKET_COLUMNS.findIndex((c) => c.name === "resolved_at");

function countOpen(batch: readonly (readonly Cell[])[]): number {
  let open = 0;
  for (const row of batch) if (row[RESOLVED_AT] === null) open++;
  return open;
}

/**
 * At start: seeds the default demo when KPIBOT_SEED_DEMO is true and every demo table is empty
 * (so real data is never mixed with demo data). Returns the summary, or null when it did nothing.
 * A failure is logged, never fatal: kpibot still starts.
 */
export async function seedIfEmpty(app: App, opts: Omit<SeedOptions, "reset"> = {}): Promise<SeedSummary | null> {
  if (!app.config.KPIBOT_SEED_DEMO) {
    app.logger.info("demo data: not seeded (KPIBOT_SEED_DEMO=false)");
    return null;
  }
  const busy = await app.repos.demo.nonEmpty(DEMO_TABLES);
  if (busy.length > 0) {
    app.logger.info({ tables: busy }, "demo data: not seeded, the database already has data");
    return null;
  }
  app.logger.info("empty database: seeding demo data (set KPIBOT_SEED_DEMO=false to start empty)");
  try {
    const summary = await seedDemo(app.repos, {
      now: app.clock.now(),
      timezone: app.config.KPIBOT_TIMEZONE,
      currency: app.config.KPIBOT_CURRENCY,
      ...opts,
    });
    app.logger.info(
      { tickets: summary.tickets, from: summary.from, rows: summary.rows, ms: summary.durationMs },
      "demo data seeded",
    );
    return summary;
  } catch (cause) {
    // Typically another replica seeding the same empty database at the same moment.
    app.logger.error({ err: cause }, "demo data could not be seeded; starting anyway");
    return null;
  }
}
