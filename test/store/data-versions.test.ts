import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_SOURCES, type DataSource, readDataVersions, sourceOfTable } from "../../src/store/data-versions.js";
import { type Db, openDb } from "../../src/store/db.js";
import { migrate } from "../../src/store/migrate.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";

const AT = new Date("2026-10-01T08:00:00Z");

/** One valid row per table (parents first), as column → value. */
const ROWS: Record<string, Record<string, string | number | Date | boolean | null>> = {
  tickets: { source: "t", external_id: "T-1", kind: "incident", opened_at: AT, updated_at: AT },
  changes: { source: "t", external_id: "C-1", kind: "normal", deployed_at: AT, outcome: "success" },
  cost_lines: { period_start: AT, period_end: AT, category: "software", actual: 10 },
  asset_counts: { asset_type: "workstation", date: AT, count: 3 },
  staff_allocations: { team: "desk", date: AT, fte: 1, service_management_fte: 1 },
  time_entries: { team: "desk", date: AT, activity: "incidents", hours: 2 },
  shadow_it_findings: { external_id: "S-1", name: "x", discovered_at: AT, status: "discovered" },
  portal_usage: { date: AT, users: 1, sessions: 3, mobile_sessions: 1, population: 2 },
  surveys: { id: 9001, title: "s", audience: "users", anonymous: true },
  survey_questions: { id: 9001, survey_id: 9001, position: 1, type: "csat", prompt: "p" },
  survey_answers: { survey_id: 9001, question_id: 9001, respondent_key: "r", score: 4, answered_at: AT },
  kpi_targets: { kpi: "fcr", dimension: "", dim_value: "", target: 70, updated_at: AT },
};

describe.each(await testProviders())("data versions on %s", (provider) => {
  let database: TestDatabase;
  let db: Db;
  const versions = async () => Object.fromEntries(await readDataVersions(db)) as Record<DataSource, number>;
  const param = (v: string | number | Date | boolean | null) =>
    v instanceof Date ? v : typeof v === "boolean" && provider === "sqlite" ? Number(v) : v;

  async function insertRow(table: string): Promise<void> {
    const row = ROWS[table];
    if (!row) throw new Error(`no row for ${table}`);
    const cols = Object.keys(row);
    await db.execute(
      `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`,
      cols.map((c) => param(row[c] ?? null)),
    );
  }

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    await migrate(database.url);
    db = await openDb(database.url);
    // Columns the rows above may lack are filled by each table's defaults; check the rows fit the schema.
    for (const table of Object.keys(ROWS)) await insertRow(table);
    for (const table of Object.keys(ROWS).reverse()) await db.execute(`DELETE FROM ${table}`);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it("has one row per source, and a trigger on every table of every source", async () => {
    expect(Object.keys(await versions()).sort()).toEqual(Object.keys(DATA_SOURCES).sort());
    const tables = Object.values(DATA_SOURCES).flat();
    const triggered =
      provider === "sqlite"
        ? await db.query<{ t: string }>("SELECT DISTINCT tbl_name AS t FROM sqlite_master WHERE type = 'trigger'")
        : await db.query<{ t: string }>(
            "SELECT DISTINCT event_object_table AS t FROM information_schema.triggers WHERE trigger_schema = 'public'",
          );
    expect(triggered.map((r) => r.t).sort()).toEqual([...tables].sort());
  });

  it("every insert, update and delete on a source's table moves that source's version, and only it", async () => {
    const tables = Object.keys(ROWS);
    const steps: [string, "insert" | "update" | "delete"][] = [
      ...tables.map((t) => [t, "insert"] as [string, "insert"]),
      ...tables.map((t) => [t, "update"] as [string, "update"]),
      ...[...tables].reverse().map((t) => [t, "delete"] as [string, "delete"]),
    ];
    for (const [table, step] of steps) {
      const source = sourceOfTable(table);
      if (!source) throw new Error(`${table} has no source`);
      const before = await versions();
      const column = Object.keys(ROWS[table] ?? {})[0];
      if (step === "insert") await insertRow(table);
      else if (step === "update") await db.execute(`UPDATE ${table} SET ${column} = ${column}`);
      else await db.execute(`DELETE FROM ${table}`);
      const after = await versions();
      for (const s of Object.keys(after) as DataSource[]) {
        if (s === source) expect(after[s], `${step} ${table}`).toBeGreaterThan(before[s]);
        else expect(after[s], `${step} ${table} → ${s}`).toBe(before[s]);
      }
    }
  });

  it("moves with the transaction: a rolled-back write leaves the version, a committed one moves it", async () => {
    const before = (await versions()).tickets;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(
          "INSERT INTO tickets (source, external_id, kind, opened_at, updated_at) VALUES ('t', 'R-1', 'incident', ?, ?)",
          [AT, AT],
        );
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await versions()).tickets).toBe(before);
    await db.transaction(async (tx) => {
      for (const id of ["R-2", "R-3", "R-4"]) {
        await tx.execute(
          "INSERT INTO tickets (source, external_id, kind, opened_at, updated_at) VALUES ('t', ?, 'incident', ?, ?)",
          [id, AT, AT],
        );
      }
    });
    const after = (await versions()).tickets;
    // PostgreSQL moves a source once per transaction; SQLite once per row written.
    expect(after - before).toBe(provider === "postgresql" ? 1 : 3);
    await db.execute("DELETE FROM tickets");
  });

  it.runIf(provider === "postgresql")("moves on TRUNCATE too (PostgreSQL)", async () => {
    const before = (await versions()).costs;
    await db.execute("TRUNCATE cost_lines");
    expect((await versions()).costs).toBeGreaterThan(before);
  });
});
