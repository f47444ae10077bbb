import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { migrate } from "../../src/store/migrate.js";
import { type CliRun, runKpibot } from "../helpers/cli.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";
import { csv, GOOD_ROWS, HEADER, tempDir } from "./fixtures.js";

/** Runs the CLI in-process, capturing stdout, stderr and the exit code. */
function kpibot(...argv: string[]): Promise<CliRun> {
  return runKpibot(argv);
}

describe.each(await testProviders())("kpibot import tickets on %s", (provider) => {
  let database: TestDatabase;
  const dir = tempDir();

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    vi.stubEnv("DATABASE_URL", database.url);
    vi.stubEnv("LOG_LEVEL", "silent");
  });
  afterEach(() => {
    process.exitCode = undefined;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await database.drop();
    dir.remove();
  });

  it("imports a clean file (exit 0), and a second run changes nothing", async () => {
    const file = dir.write("good.csv", csv(HEADER, ...GOOD_ROWS));
    const first = await kpibot("import", "tickets", file);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain('Imported good.csv into tickets (source "csv").');
    expect(first.stdout).toMatch(/inserted\s+3\n/);
    expect(first.stdout).toMatch(/rejected\s+0\n/);
    expect(first.stdout).toMatch(/duration\s+\d+\.\d\d s \([\d,]+ rows\/s\)/);
    const second = await kpibot("import", "tickets", file);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/inserted\s+0\n\s+updated\s+0\n\s+unchanged\s+3\n/);
  });

  it("exits 1 when rows are rejected, lists them on stderr and writes FILE.rejected.csv", async () => {
    const file = dir.write(
      "broken.csv",
      csv(
        HEADER,
        "B-2,incident,x,,,,,,,,,,,,,,,,,",
        GOOD_ROWS[0] as string,
        "B-4,incident,x,,,9,,,,,2026-03-02T08:00:00Z,,,,,,,,,",
      ),
    );
    const r = await kpibot("import", "tickets", file, "--source", "test");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        "rejected line 2: opened_at: is required (the cell is empty)",
        'rejected line 4: priority: must be a whole number from 1 to 4, got "9"',
        "",
      ].join("\n"),
    );
    expect(r.stdout).toContain('Imported broken.csv into tickets (source "test").');
    expect(r.stdout).toMatch(/inserted\s+1\n/);
    expect(r.stdout).toMatch(/rejected\s+2 {2}\(details: (.+)\)\n/);
    expect(r.stdout).toContain(`(details: ${dir.path("broken.rejected.csv")})`);
    expect(existsSync(dir.path("broken.rejected.csv"))).toBe(true);
  });

  it("exits 2 with a clear message when the header is wrong or the file is missing", async () => {
    const wrong = await kpibot("import", "tickets", dir.write("h.csv", csv("id,kind,opened_at", "1,incident,x")));
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr).toContain("kpibot: h.csv: the header line does not match the expected columns.");
    expect(wrong.stderr).toContain("missing column(s): external_id, title,");
    expect(wrong.stderr).toContain("unknown column(s): id");
    const missing = await kpibot("import", "tickets", dir.path("absent.csv"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("kpibot: cannot read absent.csv: ENOENT");
  });

  it("prints the summary as JSON and writes nothing with --dry-run", async () => {
    const file = dir.write(
      "dry.csv",
      csv(HEADER, GOOD_ROWS[0] as string, "NEW-1,request,x,,,,,,,,2026-03-02T08:00:00Z,,,,,,,,,"),
    );
    const r = await kpibot("import", "tickets", file, "--dry-run", "--json");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ kind: "tickets", source: "csv", dryRun: true, rows: 2, inserted: 1, unchanged: 1 });
    const again = JSON.parse((await kpibot("import", "tickets", file, "--dry-run", "--json")).stdout) as object;
    expect(again).toMatchObject({ inserted: 1, unchanged: 1 }); // still not written
  });
});

describe("kpibot import tickets as a child process", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("runs through node --import tsx adapters/cli.ts (the bin entry) with the documented exit codes", async () => {
    const db = `file:${dir.path("kpibot.db")}`;
    await migrate(db);
    const run = async (...args: string[]) => {
      const r = await promisify(execFile)("node", ["--import", "tsx", "adapters/cli.ts", ...args], {
        env: { ...process.env, DATABASE_URL: db, LOG_LEVEL: "silent" },
      }).then(
        (ok) => ({ code: 0, ...ok }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      return { code: r.code, stdout: r.stdout, stderr: r.stderr };
    };
    const broken = dir.write(
      "b.csv",
      // A local time is read in KPIBOT_TIMEZONE; an hour 25 is not a time anywhere.
      csv(HEADER, GOOD_ROWS[1] as string, "X,incident,x,,,,,,,,2026-03-02T25:00:00,,,,,,,,,"),
    );
    const one = await run("import", "tickets", broken);
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/inserted\s+1\n/);
    expect(one.stderr).toContain('rejected line 3: opened_at: "2026-03-02T25:00:00" is not a valid date and time');
    const two = await run("import", "tickets", dir.write("h.csv", csv("nope")));
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("missing column(s): external_id");
  }, 180_000); // each start loads the whole CLI through tsx: seconds on a busy machine
});
