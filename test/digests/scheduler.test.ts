import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { App } from "../../src/app.js";
import { register as registerDigestCli } from "../../src/cli/commands/digest.js";
import type { RunDueResult } from "../../src/scheduler/run-due.js";
import { startScheduler } from "../../src/scheduler/scheduler.js";
import type { Db } from "../../src/store/db.js";
import { prismaRepositories } from "../../src/store/prisma-repositories.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { captureCli } from "../helpers/cli.js";
import { ask, deliveries, insertTickets, jobs, movableClock, recordingMessenger } from "./helpers.js";

const ENV = { KPIBOT_ADMINS: "U1", KPIBOT_SEED_DEMO: "false" };

describe("startScheduler (SQLite)", () => {
  let t: TestApp;
  const clock = movableClock(new Date("2026-11-16T06:00:00Z"));

  beforeAll(async () => {
    t = await createTestApp("sqlite", { clock, env: ENV });
    await insertTickets(t.app.db, [
      { id: "A", opened: "2026-11-15T08:00:00Z", resolved: "2026-11-15T10:00:00Z", fcr: true, group: "N1" },
    ]);
    await ask(t.app, "digest add daily 08:30 fcr");
  });
  afterAll(async () => t.close());

  it("runs at start (catch-up), on each tick, and `digest send` posts at once through the app's messengers", async () => {
    const m = recordingMessenger();
    // The composition root puts the platforms' messengers on the app; the scheduler and the commands use them.
    t.app.messengers.slack = m;
    const runs: RunDueResult[] = [];
    clock.set("2026-11-16T07:31:00Z"); // the 08:30 fire was a minute ago: caught up at start
    const first = new Promise<void>((resolve) => {
      const scheduler = startScheduler(t.app, {
        jobs,
        replica: "sched",
        // Wall-clock ticks would race the test's own calls: only the start run and explicit ticks here.
        cron: "0 0 1 1 *",
        onRun: (r) => {
          runs.push(r);
          resolve();
        },
      });
      stop = () => scheduler.stop();
      tick = () => scheduler.tick();
    });
    await first;
    expect(m.posts).toHaveLength(1);
    expect((await tick())?.events).toEqual([]);
    clock.set("2026-11-16T09:00:00Z");
    expect((await ask(t.app, "digest send 1")).text).toBe("✅ Digest #1 posted.");
    expect(m.posts).toHaveLength(2);
    await stop();
    // No scheduler needed in this process: `digest send` posts through the app's messengers (kpibot ask with a
    // platform configured does the same).
    expect((await ask(t.app, "digest send 1", { at: new Date("2026-11-16T09:02:00Z") })).text).toBe(
      "✅ Digest #1 posted.",
    );
    expect(m.posts).toHaveLength(3);
    // An app without messengers (no platform configured) queues it for a replica that has them.
    delete t.app.messengers.slack;
    expect((await ask(t.app, "digest send 1", { at: new Date("2026-11-16T09:05:00Z") })).text).toContain("queued");
    expect(m.posts).toHaveLength(3);
    expect((await deliveries(t.app.db)).map((d) => [d.origin, d.status])).toEqual([
      ["schedule", "sent"],
      ["manual", "sent"],
      ["manual", "sent"],
      ["manual", "queued"],
    ]);
  });

  it("kpibot digest preview --json and run-due --dry-run render without posting or logging", async () => {
    const before = (await deliveries(t.app.db)).length;
    const cli = await runCli(t.database.url, [
      "digest",
      "preview",
      "fcr by group period 2026-11-15",
      "--json",
      "--now",
      "2026-11-16T10:00:00Z",
    ]);
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.stdout) as { period: { label: string }; kpis: { kpi: string; value: number }[] };
    expect(json.period.label).toBe("2026-11-15");
    expect(json.kpis.map((k) => [k.kpi, k.value])).toEqual([["fcr", 100]]);
    const dry = await runCli(t.database.url, ["digest", "run-due", "--dry-run", "--now", "2026-11-17T07:30:30Z"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("digest #1 2026-11-16T09:05:00.000Z → would resume (queued)");
    expect(dry.stdout).toContain("digest #1 2026-11-17T07:30:00.000Z → would send");
    expect(dry.stdout).toContain("📬 Digest — 16 November 2026");
    expect(await deliveries(t.app.db)).toHaveLength(before);
    const noPlatform = await runCli(t.database.url, ["digest", "run-due"]);
    expect(noPlatform.code).toBe(2);
    expect(noPlatform.stderr).toContain("--dry-run");
    const slack = recordingMessenger();
    const real = await runCli(t.database.url, ["digest", "run-due", "--now", "2026-11-17T07:30:30Z"], slack);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain("digest #1 2026-11-16T09:05:00.000Z → sent (attempt 1)");
    expect(real.stdout).toContain("digest #1 2026-11-17T07:30:00.000Z → sent (attempt 1)");
    expect(slack.posts).toHaveLength(2);
  });
});

let stop: () => Promise<void> = async () => undefined;
let tick: () => Promise<RunDueResult | undefined> = async () => undefined;

/** Runs `kpibot digest …` in-process on a database; stdout/stderr captured. */
function runCli(url: string, args: string[], slack?: ReturnType<typeof recordingMessenger>) {
  return captureCli(
    async () => {
      const program = new Command("kpibot").exitOverride();
      registerDigestCli(program, slack ? async () => ({ slack }) : undefined);
      await program.parseAsync(args, { from: "user" });
      return Number(process.exitCode ?? 0);
    },
    { DATABASE_URL: url, LOG_LEVEL: "silent", KPIBOT_SEED_DEMO: "false" },
  );
}

describe("startScheduler ticks with node-cron (fake timers, no database)", () => {
  it("runs once at start, then once a minute, and stops", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-16T07:29:30Z") });
    try {
      const queries: string[] = [];
      // A store with nothing in it: every query answers no rows.
      const db = {
        provider: "sqlite",
        query: async (sql: string) => {
          queries.push(sql);
          return [];
        },
      } as unknown as Db;
      const app = {
        config: { KPIBOT_DIGEST_CATCHUP: "6h", KPIBOT_TIMEZONE: "Europe/Paris", KPIBOT_LOCALE: "en" },
        logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {} },
        clock: { now: () => new Date() },
        db,
        repos: prismaRepositories(db),
      } as unknown as App;
      const runs: Date[] = [];
      const scheduler = startScheduler(app, {
        jobs,
        messengers: {},
        onRun: (r) => runs.push(r.now),
      });
      await vi.advanceTimersByTimeAsync(10);
      expect(runs).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(runs.map((d) => d.toISOString().slice(11, 16))).toEqual(["07:29", "07:30", "07:31"]);
      await scheduler.stop();
      await vi.advanceTimersByTimeAsync(180_000);
      expect(runs).toHaveLength(3);
      expect(queries.length).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

/** Lets real I/O (the database) run until a condition holds; asserts the condition, never a duration. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("condition not reached");
}

describe("a busy scheduler still posts a due fire on time (fake timers, SQLite)", () => {
  it("a digest due while another one's post hangs is posted at its own tick, not after the slow one", async () => {
    const t = await createTestApp("sqlite", { clock: { now: () => new Date() }, env: ENV });
    vi.useFakeTimers({
      now: new Date("2026-11-16T06:00:00Z"),
      toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
    });
    try {
      await ask(t.app, "digest add daily 08:30 fcr", { conversation: "CSLOW" });
      await ask(t.app, "digest add daily 08:31 sla", { conversation: "CQUICK" });
      vi.setSystemTime(new Date("2026-11-16T07:29:30Z"));
      let release: () => void = () => undefined;
      const slowPlatform = new Promise<void>((resolve) => {
        release = resolve;
      });
      const postedAt = new Map<string, string>();
      const m = recordingMessenger();
      const post = m.post.bind(m);
      m.post = async (ref, reply, opts) => {
        // The 08:30 digest's channel answers only when released (a platform taking minutes).
        if (ref.conversationId === "CSLOW") await slowPlatform;
        postedAt.set(ref.conversationId, new Date().toISOString());
        return post(ref, reply, opts);
      };
      const status = async (schedule: number) =>
        (await deliveries(t.app.db)).find((d) => d.schedule === schedule)?.status;
      const scheduler = startScheduler(t.app, { jobs, messengers: { slack: m }, replica: "busy" });
      await vi.advanceTimersByTimeAsync(30_000); // 07:30:00: the tick claims the 08:30 digest; its post hangs
      await until(async () => (await status(1)) === "posting");
      await vi.advanceTimersByTimeAsync(60_000); // 07:31:00: the next tick runs beside the stuck run
      await until(async () => (await status(2)) === "sent");
      // Posted at its own minute (fake time stands still while the database answers), not after the slow one.
      expect(postedAt.get("CQUICK")).toBe("2026-11-16T07:31:00.000Z");
      expect(postedAt.has("CSLOW")).toBe(false);
      release();
      await until(async () => (await status(1)) === "sent");
      await scheduler.stop();
      expect((await deliveries(t.app.db)).map((d) => [d.schedule, d.status, d.attempts])).toEqual([
        [1, "sent", 1],
        [2, "sent", 1],
      ]);
    } finally {
      vi.useRealTimers();
      await t.close();
    }
  });
});
