import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PNG } from "pngjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeApp, createApp } from "../../src/app.js";
import { splitRef } from "../../src/cli/commands/ask.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { insertFixtureTickets } from "../commands/fixture.js";
import { runKpibot } from "../helpers/cli.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";

const NOW = "2026-11-15T10:00:00+01:00";

/** Runs `kpibot <args>` in-process with the given environment; returns exit code, stdout and stderr. */
function kpibot(env: Record<string, string>, ...args: string[]) {
  return runKpibot(args, { env: { LOG_LEVEL: "silent", ...env } });
}

describe("splitRef", () => {
  it("reads platform:conversationId and keeps colons of the id", () => {
    expect(splitRef("slack:C123")).toEqual({ platform: "slack", id: "C123" });
    expect(splitRef("teams:19:abc@thread.tacv2")).toEqual({ platform: "teams", id: "19:abc@thread.tacv2" });
    expect(splitRef("C123")).toEqual({ id: "C123" });
    expect(splitRef("other:C1")).toEqual({ id: "other:C1" });
  });
});

describe.each(await testProviders())("kpibot ask (%s)", (provider) => {
  let database: TestDatabase;
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), "kpibot-ask-"));
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    env = { DATABASE_URL: database.url, KPIBOT_ADMINS: "slack:UADMIN" };
    const app = await createApp(loadConfig(env, { dotenv: false }), { logger: createLogger("silent") });
    await insertFixtureTickets(app);
    await closeApp(app);
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("prints the KpiResult as JSON with the issue's fields", async () => {
    const r = await kpibot(env, "ask", "fcr 2026-10", "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      kpi: "fcr",
      n: 4,
      unit: "percent",
      period: { start: "2026-09-30T22:00:00.000Z", end: "2026-10-31T23:00:00.000Z" },
      previous: { value: 100 },
      target: 70,
      status: "off_target",
    });
    expect(json.value).toBeCloseTo(50, 6);
    expect(json.series).toHaveLength(6);
    expect(json.series.at(-1).value).toBeCloseTo(50, 6);
  });

  it("prints the breakdown as {key, value, n}, in French, relative to --now", async () => {
    const r = await kpibot(env, "ask", "fcr mois dernier par groupe", "--json", "--now", NOW);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.period.start).toBe("2026-09-30T22:00:00.000Z");
    const rows = Object.fromEntries(json.breakdown.map((b: { key: string; value: number; n: number }) => [b.key, b]));
    expect(rows["Service Desk N1"]).toMatchObject({ value: 100, n: 2 });
    expect(rows.N2).toMatchObject({ value: 0, n: 2 });
  });

  it("accepts unquoted words and prints text by default", async () => {
    const r = await kpibot(env, "ask", "mttr", "2026-10", "--locale", "fr");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Délai moyen de résolution");
    expect(r.stdout).toMatch(/37,5\sh/u);
  });

  it("exits 2 with a suggestion on stderr for an unknown KPI", async () => {
    const r = await kpibot(env, "ask", "fcx 2026-10", "--json");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("`fcr`");
  });

  it("exits 2 for a period it cannot read, and for a bad --now", async () => {
    const r = await kpibot(env, "ask", "fcr someday");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("someday");
    expect((await kpibot(env, "ask", "fcr 2026-13")).code).toBe(2);
    expect((await kpibot(env, "ask", "fcr", "--now", "yesterday-ish")).code).toBe(2);
  });

  it("prints other commands' replies as JSON", async () => {
    const r = await kpibot(env, "ask", "explain fcr", "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.locale).toBe("en");
    expect(json.blocks[0]).toMatchObject({ type: "header" });
  });

  it("acts as --user in --channel: roles apply, the user and conversation are recorded", async () => {
    const denied = await kpibot(env, "ask", "target fcr 80", "--user", "U5", "--channel", "slack:C42");
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain("admin");
    const ok = await kpibot(env, "ask", "target fcr 80", "--user", "UADMIN", "--channel", "slack:C42");
    expect(ok.code).toBe(0);
    const app = await createApp(loadConfig(env, { dotenv: false }), { logger: createLogger("silent") });
    try {
      expect(await app.repos.users.get("slack", "U5")).not.toBeNull();
      expect(await app.repos.conversations.find("slack", "C42")).toMatchObject({ platform: "slack" });
      expect((await app.repos.audit.recent(1))[0]).toMatchObject({ actor: "slack:UADMIN", action: "target.set" });
      await app.repos.targets.remove("fcr");
    } finally {
      await closeApp(app);
    }
    const clash = await kpibot(env, "ask", "whoami", "--user", "teams:U5", "--channel", "slack:C42");
    expect(clash.code).toBe(2);
  });

  it("writes the chart as a PNG with --chart", async () => {
    const file = join(dir, `fcr-${provider}.png`);
    const r = await kpibot(env, "ask", "fcr 2026-10 by group", "--chart", file);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(file);
    const png = PNG.sync.read(readFileSync(file));
    expect(png.width).toBeGreaterThan(100);
    expect(png.height).toBeGreaterThan(100);
  });
});

describe("kpibot ask --chart with QuickChart", () => {
  let database: TestDatabase;
  let server: Server;
  let base = "";
  const served: string[] = [];
  // A 1×1 PNG stands in for QuickChart's image; "/fail" paths answer 500.
  const pixel = new PNG({ width: 1, height: 1 });
  const bytes = PNG.sync.write(pixel);
  let status = 200;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    const app = await createApp(loadConfig({ DATABASE_URL: database.url }, { dotenv: false }), {
      logger: createLogger("silent"),
    });
    await insertFixtureTickets(app);
    await closeApp(app);
    server = createServer((req, res) => {
      served.push(req.url ?? "");
      res.writeHead(status, { "content-type": "image/png" });
      res.end(status === 200 ? bytes : "");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await database.drop();
  });

  it("downloads the image from the QuickChart URL, or prints the URL when it cannot", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpibot-qc-"));
    const env = { DATABASE_URL: database.url, KPIBOT_CHARTS: "quickchart", QUICKCHART_URL: base };
    try {
      const file = join(dir, "qc.png");
      const ok = await kpibot(env, "ask", "fcr 2026-10", "--chart", file);
      expect(ok.code).toBe(0);
      expect(ok.stderr).toContain("downloaded from QuickChart");
      expect(readFileSync(file)).toEqual(bytes);
      expect(served.at(-1)).toMatch(/^\/chart/);
      status = 500;
      const failed = await kpibot(env, "ask", "fcr 2026-10", "--chart", join(dir, "no.png"));
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(`${base}/chart`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the kpibot process", () => {
  it("exits with code 2 for an unknown KPI", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kpibot-ask-proc-"));
    try {
      const run = promisify(execFile)("node_modules/.bin/tsx", ["adapters/cli.ts", "ask", "fcx last month"], {
        env: { ...process.env, DATABASE_URL: `file:${join(dir, "k.db")}`, LOG_LEVEL: "silent" },
      });
      await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("fcr") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
