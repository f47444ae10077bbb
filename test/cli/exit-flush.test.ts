import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeApp, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { KPI_DEFINITIONS } from "../../src/kpi/definitions.js";
import { createLogger } from "../../src/logger.js";
import { seedDemo } from "../../src/seed/index.js";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.js";

const NOW = "2026-11-15T10:00:00Z";
/** Linux pipes hold 64 KiB: the output must be bigger for a slow reader to leave some of it queued in kpibot. */
const PIPE_BUFFER = 64 * 1024;

/*
 * `kpibot … --json | jq` with a failing exit code used to lose everything past the pipe buffer: the
 * CLI called process.exit while the rest of its stdout was still queued. The reader here waits until
 * kpibot has reported its error on stderr (the last thing it does before exiting) and only then reads,
 * so the old exit-at-once loses the tail every time.
 */
describe("kpibot CLI: a failing run still delivers all of its output to a pipe", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    const app = await createApp(loadConfig({ DATABASE_URL: database.url }, { dotenv: false }), {
      logger: createLogger("silent"),
    });
    try {
      await seedDemo(app.repos, { tickets: 3000, months: 3, now: new Date(NOW) });
    } finally {
      await closeApp(app);
    }
  }, 120_000);
  afterAll(async () => {
    await database.drop();
  });

  it("prints the whole --json digest preview before exiting 1 on an unwritable --chart", async () => {
    const kpis = KPI_DEFINITIONS.map((d) => d.id).join(",");
    // Every KPI by group: well over 64 KiB of JSON; the chart path cannot be written, so the exit code is 1.
    const cli = `node --import tsx adapters/cli.ts digest preview "${kpis} by group" --now ${NOW} --json --chart /nonexistent-kpibot-dir/chart.png`;
    const script = [
      // pipefail: the pipeline's status is kpibot's (the reader's cat succeeds).
      "set -o pipefail",
      'err="$(mktemp)"',
      `${cli} 2>"$err" | { until grep -q "kpibot:" "$err"; do sleep 0.2; done; sleep 1; cat; }`,
      "code=$?",
      'cat "$err" >&2; rm -f "$err"',
      'exit "$code"',
    ].join("\n");
    const run = promisify(execFile)("bash", ["-c", script], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "silent" },
      maxBuffer: 64 * 1024 * 1024,
      // A cold tsx start and 28 KPIs on a machine shared with other suites can take minutes.
      timeout: 400_000,
    });
    const failed = await run.then(
      () => undefined,
      (e: { code?: number; stdout: string; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("/nonexistent-kpibot-dir/chart.png");
    const stdout = failed?.stdout ?? "";
    expect(Buffer.byteLength(stdout)).toBeGreaterThan(PIPE_BUFFER);
    const json = JSON.parse(stdout) as { kpis: { kpi: string }[] };
    expect(json.kpis.map((k) => k.kpi)).toEqual(KPI_DEFINITIONS.map((d) => d.id));
  }, 420_000);
});
