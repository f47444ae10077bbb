import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseNow, seedProgress } from "../../src/cli/commands/seed.js";
import { openDb } from "../../src/store/db.js";
import { type CliRun, runKpibot } from "../helpers/cli.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";

/** Runs the CLI in-process and captures what it prints. */
function cli(args: string[]): Promise<CliRun> {
  return runKpibot(args);
}

describe.each(await testProviders())("kpibot seed command on %s", (provider) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
    vi.stubEnv("DATABASE_URL", database.url);
    vi.stubEnv("LOG_LEVEL", "silent");
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await database.drop();
  });

  it("seeds a new database (migrating it), refuses a second run with exit 2, accepts --reset", async () => {
    const args = ["seed", "--tickets", "400", "--months", "2", "--seed", "3", "--now", "2026-03-15T10:00:00Z"];
    const first = await cli(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Seeded demo data into .*seed 3, 2 months from 2025-12-31T23:00:00.000Z/);
    expect(first.stdout).toMatch(/tickets\s+400/);
    const again = await cli(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already has data .*--reset/);
    const reset = await cli([...args, "--reset", "--json"]);
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.stdout).rows.tickets).toBe(400);
    const db = await openDb(database.url);
    try {
      expect((await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM "tickets"`))[0]?.n).toBe(400);
    } finally {
      await db.close();
    }
  });

  it("rejects bad options with exit 2 and writes nothing", async () => {
    expect((await cli(["seed", "--tickets", "many"])).code).toBe(2);
    expect((await cli(["seed", "--months", "0"])).code).toBe(2);
    const badNow = await cli(["seed", "--tickets", "10", "--now", "yesterday-ish"]);
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toMatch(/--now must be an ISO-8601 date-time/);
  });
});

describe("seed CLI helpers", () => {
  it("reads --now without an offset in the organisation's time zone", () => {
    expect(parseNow("2026-07-01T09:00", "Europe/Paris").toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(parseNow("2026-07-01T09:00:00Z", "Europe/Paris").toISOString()).toBe("2026-07-01T09:00:00.000Z");
  });

  it("prints a plain progress line every 10 % when stderr is not a terminal", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      lines.push(String(chunk).trim());
      return true;
    });
    try {
      const p = seedProgress(false);
      for (let done = 250; done <= 10_000; done += 250) p.onProgress({ phase: "tickets", done, total: 10_000 });
      p.stop();
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe("seed: 1,000/10,000 tickets (10%)");
    expect(lines[9]).toBe("seed: 10,000/10,000 tickets (100%)");
  });
});
