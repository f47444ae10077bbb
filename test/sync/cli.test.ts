import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type CliRun, runKpibot } from "../helpers/cli.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";
import { fakeTool } from "./fake-server.js";

function kpibot(...argv: string[]): Promise<CliRun> {
  return runKpibot(argv);
}

const records = [
  { number: "INC1", opened_at: "2026-11-10 08:00:00", sys_updated_on: "2026-11-10 09:00:00" },
  { number: "INC2", opened_at: "", sys_updated_on: "2026-11-10 09:30:00" },
];

describe.each(await testProviders())("kpibot sync on %s", (provider) => {
  let database: TestDatabase;
  let tool: Awaited<ReturnType<typeof fakeTool>>;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    tool = await fakeTool(() => ({ headers: { "x-total-count": "2" }, body: { result: records } }));
    vi.stubEnv("DATABASE_URL", database.url);
    vi.stubEnv("LOG_LEVEL", "silent");
    vi.stubEnv("KPIBOT_SEED_DEMO", "false");
  });
  afterEach(() => {
    process.exitCode = undefined;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await tool.close();
    await database.drop();
  });

  it("names the missing variables (exit 2) and refuses an unknown connector (exit 2)", async () => {
    const missing = await kpibot("sync", "servicenow");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("SERVICENOW_URL, SERVICENOW_USER, SERVICENOW_PASSWORD");
    expect((await kpibot("sync", "remedy")).code).toBe(2);
  });

  it("syncs, prints the report and exits 1 when records were rejected; a dry run writes nothing", async () => {
    vi.stubEnv("SERVICENOW_URL", tool.url);
    vi.stubEnv("SERVICENOW_USER", "kpibot");
    vi.stubEnv("SERVICENOW_PASSWORD", "pw");
    const dry = await kpibot("sync", "servicenow", "--dry-run", "--json");
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, inserted: 1, rejected: 1 });
    const run = await kpibot("sync", "servicenow");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/inserted\s+1\n/);
    expect(run.stdout).toContain("cursor     2026-11-10 09:30:00");
    expect(run.stderr).toContain("rejected INC2: opened_at");
    const again = await kpibot("sync", "servicenow", "--json");
    expect(JSON.parse(again.stdout)).toMatchObject({ since: "2026-11-10 09:30:00", inserted: 0, unchanged: 1 });
  });
});
