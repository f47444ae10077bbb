import { openDb, type Provider } from "../src/store/db.js";
import { migrate } from "../src/store/migrate.js";
import { emptyDatabase, seed } from "./setup.js";

/** Puts the ticket indexes back as they were before migration 20261215090000_kpi_covering_indexes. */
const WITHOUT_KPI_INDEXES = [
  'DROP INDEX "tickets_resolved_kpi_idx"',
  'DROP INDEX "tickets_opened_kpi_idx"',
  'CREATE INDEX "tickets_resolved_at_idx" ON "tickets"("resolved_at")',
  'CREATE INDEX "tickets_opened_at_idx" ON "tickets"("opened_at")',
  'CREATE INDEX "tickets_group_resolved_at_idx" ON "tickets"("group_name", "resolved_at")',
  'CREATE INDEX "tickets_service_resolved_at_idx" ON "tickets"("service", "resolved_at")',
  'CREATE INDEX "tickets_channel_opened_at_idx" ON "tickets"("channel", "opened_at")',
];

/** Seeds a throwaway database (optionally with the former indexes) and returns the seeding time in ms. */
async function timedSeed(
  provider: Provider,
  tickets: number,
  withIndexes: boolean,
  log: (line: string) => void,
): Promise<number> {
  const target = await emptyDatabase(provider);
  try {
    await migrate(target.url);
    if (!withIndexes) {
      const db = await openDb(target.url);
      try {
        for (const statement of WITHOUT_KPI_INDEXES) await db.execute(statement);
      } finally {
        await db.close();
      }
    }
    return await seed(target.url, tickets, () => undefined);
  } finally {
    await target.drop();
    log(`  seed-compare: seeded ${withIndexes ? "with" : "without"} the KPI covering indexes`);
  }
}

/**
 * Seeding time without and with the KPI covering indexes (the five indexes they replaced in the first case), each into a fresh throwaway database. One pair on a shared machine: read it as
 * an order of magnitude, not to the percent.
 */
export async function seedCompare(
  provider: Provider,
  tickets: number,
  log: (line: string) => void,
): Promise<{ withIndexesMs: number; withoutIndexesMs: number }> {
  const withoutIndexesMs = await timedSeed(provider, tickets, false, log);
  const withIndexesMs = await timedSeed(provider, tickets, true, log);
  return { withIndexesMs, withoutIndexesMs };
}
