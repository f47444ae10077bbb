import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { runDue } from "../../src/scheduler/run-due.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import {
  ask,
  closeAll,
  deliveries,
  insertTickets,
  jobs,
  type LogLines,
  movableClock,
  type Post,
  recordingMessenger,
  replicaOf,
  runAt,
} from "./helpers.js";

// Monday 16 November 2026 in Paris (UTC+1): 08:30 Paris = 07:30Z.
const CREATED = new Date("2026-11-16T06:00:00Z");
const ENV = { KPIBOT_ADMINS: "U1", KPIBOT_SEED_DEMO: "false" };

describe.each(await testProviders())("digests are delivered exactly once across replicas (%s)", (provider) => {
  let t: TestApp;
  let replicas: App[];
  const clock = movableClock(CREATED);

  beforeEach(async () => {
    clock.set(CREATED);
    t = await createTestApp(provider, { clock, env: ENV });
    // Two more kpibot processes on the same database (three replicas in all).
    replicas = [t.app, await replicaOf(t.database, clock, ENV), await replicaOf(t.database, clock, ENV)];
    await insertTickets(t.app.db, [
      {
        id: "A",
        opened: "2026-11-15T08:00:00Z",
        resolved: "2026-11-15T10:00:00Z",
        due: "2026-11-15T12:00:00Z",
        fcr: true,
        group: "N1",
      },
      {
        id: "B",
        opened: "2026-11-15T08:00:00Z",
        resolved: "2026-11-15T11:00:00Z",
        due: "2026-11-15T10:00:00Z",
        fcr: false,
        group: "N2",
      },
    ]);
  });
  afterEach(async () => {
    await closeAll(replicas.slice(1));
    await t.close();
  });

  async function addSchedules(): Promise<void> {
    expect((await ask(t.app, "digest add daily 08:30 fcr,sla by group")).text).toContain("#1");
    expect((await ask(t.app, "digest add weekdays 08:30 mttr", { conversation: "C2" })).text).toContain("#2");
    expect((await ask(t.app, "digest add weekly monday 08:30 volume")).text).toContain("#3");
  }

  it("three replicas running the same fires at once post each fire once per channel", async () => {
    await addSchedules();
    const messengers = replicas.map((_, i) => recordingMessenger({ prefix: `r${i}-` }));
    const runAll = (now: string) =>
      Promise.all(
        replicas.map((app, i) =>
          runDue(app, jobs, { messengers: { slack: messengers[i] }, now: new Date(now), replica: `replica-${i}` }),
        ),
      );
    // Three rounds at the same instant (as three cron ticks racing), then a minute later.
    await runAll("2026-11-16T07:30:05Z");
    await runAll("2026-11-16T07:30:05Z");
    await runAll("2026-11-16T07:31:00Z");
    const posts = messengers.flatMap((m) => m.posts);
    expect(posts).toHaveLength(3);
    expect(posts.filter((p) => p.ref.conversationId === "C1")).toHaveLength(2);
    expect(posts.filter((p) => p.ref.conversationId === "C2")).toHaveLength(1);
    const log = await deliveries(t.app.db);
    expect(log.map((d) => [d.schedule, d.fire.toISOString(), d.status, d.attempts])).toEqual([
      [1, "2026-11-16T07:30:00.000Z", "sent", 1],
      [2, "2026-11-16T07:30:00.000Z", "sent", 1],
      [3, "2026-11-16T07:30:00.000Z", "sent", 1],
    ]);
    // The log names the replica that posted and the platform's message id.
    for (const d of log) expect(posts.map((p) => p.messageId)).toContain(d.messageId);
    // Tuesday: the daily and the weekdays digests fire, the weekly one does not.
    await runAll("2026-11-17T07:30:02Z");
    expect(messengers.flatMap((m) => m.posts)).toHaveLength(5);
    expect((await deliveries(t.app.db)).filter((d) => d.status === "sent")).toHaveLength(5);
  });

  it("a run killed after claiming (row left 'claimed') is taken over after the lease: delivered once", async () => {
    await addSchedules();
    await ask(t.app, "digest remove 2");
    await ask(t.app, "digest remove 3");
    // The dead process claimed the 08:30 fire at 07:30:01Z and died while rendering.
    await t.app.db.execute(
      "INSERT INTO digest_deliveries (schedule_id, fire_time, status, attempts, claimed_by, claimed_at) VALUES (?, ?, 'claimed', 1, 'dead-replica', ?)",
      [1, new Date("2026-11-16T07:30:00Z"), new Date("2026-11-16T07:30:01Z")],
    );
    const messengers = replicas.map(() => recordingMessenger());
    const runAll = (now: string) =>
      Promise.all(
        replicas.map((app, i) =>
          runDue(app, jobs, { messengers: { slack: messengers[i] }, ...runAt(clock, now), replica: `r${i}` }),
        ),
      );
    // Within the 2-minute lease (on the real clock) the owner may still be alive: nobody touches it.
    await runAll("2026-11-16T07:31:50Z");
    expect(messengers.flatMap((m) => m.posts)).toHaveLength(0);
    expect((await deliveries(t.app.db))[0]).toMatchObject({
      status: "claimed",
      attempts: 1,
      claimedBy: "dead-replica",
    });
    // After the lease, exactly one replica takes it over and posts.
    await runAll("2026-11-16T07:32:02Z");
    await runAll("2026-11-16T07:33:00Z");
    expect(messengers.flatMap((m) => m.posts)).toHaveLength(1);
    const [row] = await deliveries(t.app.db);
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    expect(row?.claimedBy).toMatch(/^r[0-2]$/);
  });

  /** A fourth process posts the 08:30 fire with `frozen`, then is killed in the platform call (its connection goes). */
  async function killedWhilePosting(frozen: ReturnType<typeof recordingMessenger>): Promise<void> {
    await ask(t.app, "digest add daily 08:30 fcr");
    const doomed = await replicaOf(t.database, clock, ENV);
    void runDue(doomed, jobs, {
      messengers: { slack: frozen },
      ...runAt(clock, "2026-11-16T07:30:01Z"),
      replica: "doomed",
    });
    await waitFor(async () => (await deliveries(t.app.db))[0]?.status === "posting");
    // Killed once its platform call has started (and, with landThenHang, once the message landed).
    await waitFor(async () => frozen.attempts > 0);
    await doomed.db.close();
  }

  /** The two other replicas (their logs collected): how to run both at `now` on the clock. */
  async function survivors(messengers: ReturnType<typeof recordingMessenger>[], logs: LogLines[]) {
    const apps = await Promise.all(messengers.map((_, i) => replicaOf(t.database, clock, ENV, logs[i])));
    replicas.push(...apps);
    return (now: string) =>
      Promise.all(
        messengers.map((m, i) =>
          runDue(apps[i] as App, jobs, { messengers: { slack: m }, ...runAt(clock, now), replica: `r${i + 1}` }),
        ),
      );
  }

  it("a run killed before the platform got its post: after the lease the taker looks, finds nothing, posts once", async () => {
    const channel: Post[] = [];
    const frozen = recordingMessenger({ hang: true, channel });
    await killedWhilePosting(frozen);
    const others = [recordingMessenger({ channel }), recordingMessenger({ channel })];
    const logs: LogLines[] = [[], []];
    const run = await survivors(others, logs);
    await run("2026-11-16T07:31:00Z");
    expect(others.flatMap((m) => m.posts)).toHaveLength(0);
    await run("2026-11-16T07:32:30Z");
    await run("2026-11-16T07:40:00Z");
    expect(frozen.posts).toHaveLength(0);
    expect(others.flatMap((m) => m.posts)).toHaveLength(1);
    // The taker looked for the dead run's post (by its delivery id) before posting.
    expect(others.reduce((n, m) => n + m.looks, 0)).toBe(1);
    expect(channel.map((p) => p.deliveryId)).toEqual(["digest:1"]);
    expect((await deliveries(t.app.db))[0]).toMatchObject({ status: "sent", attempts: 2 });
    // The log says who took the dead run's claim over, and that the digest was posted.
    const lines = logs.flat().filter((l) => l.level >= 30);
    expect(lines.find((l) => l.msg.includes("took over the claim"))).toMatchObject({
      deadOwner: "doomed",
      was: "posting",
    });
    expect(lines.find((l) => l.msg === "digest posted")).toMatchObject({ id: 1, attempts: 2 });
  });

  it("a run killed after the platform accepted its post: the taker finds the message and does not post again", async () => {
    const channel: Post[] = [];
    const frozen = recordingMessenger({ landThenHang: true, channel, prefix: "dead-" });
    await killedWhilePosting(frozen);
    const others = [recordingMessenger({ channel }), recordingMessenger({ channel })];
    const logs: LogLines[] = [[], []];
    const run = await survivors(others, logs);
    await run("2026-11-16T07:32:30Z");
    await run("2026-11-16T07:40:00Z");
    // One message in the channel: the dead run's. The row records its id.
    expect(channel.map((p) => p.messageId)).toEqual(["dead-1"]);
    expect(others.flatMap((m) => m.posts)).toHaveLength(0);
    expect((await deliveries(t.app.db))[0]).toMatchObject({ status: "sent", attempts: 2, messageId: "dead-1" });
    expect(logs.flat().some((l) => l.level === 30 && l.msg.includes("found already posted"))).toBe(true);
  });

  it("a run killed during the post on a platform that cannot be searched: not re-posted, recorded unknown, admins told once", async () => {
    const frozen = recordingMessenger({ landThenHang: true, canFind: false });
    await killedWhilePosting(frozen);
    const teamsLike = recordingMessenger({ canFind: false });
    const withAdmin = await replicaOf(t.database, clock, { ...ENV, KPIBOT_ADMIN_CHANNEL: "slack:CADMIN" });
    replicas.push(withAdmin);
    const run = (now: string) => runDue(withAdmin, jobs, { messengers: { slack: teamsLike }, ...runAt(clock, now) });
    expect((await run("2026-11-16T07:32:30Z")).events.map((e) => e.outcome)).toEqual(["unknown"]);
    expect((await run("2026-11-16T08:40:00Z")).events).toEqual([]);
    // The only post is the report to the admin channel: the digest itself is not posted a second time.
    expect(teamsLike.posts.map((p) => p.ref.conversationId)).toEqual(["CADMIN"]);
    expect(teamsLike.posts[0]?.text).toMatch(/does not know whether digest #1 .* reached the channel/);
    const [row] = await deliveries(t.app.db);
    expect(row).toMatchObject({ status: "unknown", attempts: 2 });
    expect(row?.error).toContain("the platform cannot be searched");
  });

  it("a post whose outcome is unknown is looked for after the retry delay, found, and not posted again", async () => {
    await ask(t.app, "digest add daily 08:30 fcr");
    const channel: Post[] = [];
    const slowPlatform = recordingMessenger({ landThenUnknown: true, channel });
    const first = await runDue(t.app, jobs, {
      messengers: { slack: slowPlatform },
      ...runAt(clock, "2026-11-16T07:30:05Z"),
    });
    expect(first.events.map((e) => [e.outcome, e.attempts])).toEqual([["unknown", 1]]);
    const [row] = await deliveries(t.app.db);
    expect(row).toMatchObject({ status: "unknown", attempts: 1 });
    expect(row?.error).toContain("socket hang up");
    // Within the retry delay nothing happens; then the next run looks, finds it, and records it as sent.
    const healthy = recordingMessenger({ channel });
    expect(
      (await runDue(t.app, jobs, { messengers: { slack: healthy }, ...runAt(clock, "2026-11-16T07:30:50Z") })).events,
    ).toEqual([]);
    const later = await runDue(t.app, jobs, {
      messengers: { slack: healthy },
      ...runAt(clock, "2026-11-16T07:31:10Z"),
    });
    expect(later.events.map((e) => [e.outcome, e.attempts, e.detail])).toEqual([
      ["sent", 2, "found already posted by an earlier attempt"],
    ]);
    expect(healthy.posts).toHaveLength(0);
    expect(channel).toHaveLength(1);
    expect((await deliveries(t.app.db))[0]).toMatchObject({
      status: "sent",
      attempts: 2,
      messageId: "m1",
      error: null,
    });
  });

  it("two run-due with different --now post a fire once; the one that did not post reports nothing sent", async () => {
    await ask(t.app, "digest add daily 08:30 fcr");
    clock.set("2026-11-16T07:30:05Z");
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = recordingMessenger({ gate });
    const quick = recordingMessenger();
    const a = runDue(replicas[0] as App, jobs, {
      messengers: { slack: slow },
      now: new Date("2026-11-16T07:30:05Z"),
      replica: "a",
    });
    await waitFor(async () => (await deliveries(t.app.db))[0]?.status === "posting");
    // Asked for 07:45 (long past the lease if leases were stamped with --now): the real clock says a's claim is live.
    const b = await runDue(replicas[1] as App, jobs, {
      messengers: { slack: quick },
      now: new Date("2026-11-16T07:45:00Z"),
      replica: "b",
    });
    release();
    const done = await a;
    expect(b.events.filter((e) => e.outcome === "sent")).toEqual([]);
    expect(done.events.map((e) => e.outcome)).toEqual(["sent"]);
    expect([...slow.posts, ...quick.posts]).toHaveLength(1);
    expect((await deliveries(t.app.db))[0]).toMatchObject({ status: "sent", attempts: 1, claimedBy: "a" });
  });

  it("a live run whose lease was taken over (it could not renew it) reports its post as lost, not sent", async () => {
    await ask(t.app, "digest add daily 08:30 fcr");
    clock.set("2026-11-16T07:30:05Z");
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const channel: Post[] = [];
    const stuck = recordingMessenger({ gate, channel });
    // No renewal within the lease (as when its database connection is gone).
    const policy = { leaseMs: 120_000, heartbeatMs: 3_600_000 };
    const a = runDue(replicas[0] as App, jobs, { messengers: { slack: stuck }, replica: "a", policy });
    await waitFor(async () => (await deliveries(t.app.db))[0]?.status === "posting");
    const taker = recordingMessenger({ channel });
    const b = await runDue(replicas[1] as App, jobs, {
      messengers: { slack: taker },
      ...runAt(clock, "2026-11-16T07:32:10Z"),
      replica: "b",
      policy,
    });
    expect(b.events.map((e) => e.outcome)).toEqual(["sent"]);
    release();
    const lost = await a;
    expect(lost.events.map((e) => [e.outcome, e.detail])).toEqual([["lost", "claim taken over"]]);
    // Its message landed after the taker looked: the one duplicate left, when a post outlives the lease.
    expect(channel).toHaveLength(2);
    expect((await deliveries(t.app.db))[0]).toMatchObject({ status: "sent", attempts: 2, claimedBy: "b" });
  });

  it("a live but slow run keeps its lease (heartbeat): no other replica takes the fire over", async () => {
    await ask(t.app, "digest add daily 08:30 fcr");
    clock.set("2026-11-16T07:30:01Z");
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = recordingMessenger({ gate });
    // Clock-driven runs (no fixed `now`): the heartbeat writes the clock's time every 20 ms here.
    const policy = { leaseMs: 1000, heartbeatMs: 20 };
    const running = runDue(replicas[0] as App, jobs, { messengers: { slack: slow }, replica: "slow", policy });
    await waitFor(async () => (await deliveries(t.app.db))[0]?.status === "posting");
    // An hour passes on the clock while the platform call is still in flight; the heartbeat renews the lease.
    clock.set("2026-11-16T08:30:01Z");
    await waitFor(async () => {
      const [row] = await t.app.db.query<{ claimed_at: unknown }>("SELECT claimed_at FROM digest_deliveries");
      const at = row?.claimed_at instanceof Date ? row.claimed_at.getTime() : Number(row?.claimed_at);
      return at === Date.parse("2026-11-16T08:30:01Z");
    });
    const other = recordingMessenger();
    await runDue(replicas[1] as App, jobs, { messengers: { slack: other }, replica: "other", policy });
    release();
    await running;
    expect(other.posts).toHaveLength(0);
    expect(slow.posts).toHaveLength(1);
    expect((await deliveries(t.app.db))[0]).toMatchObject({ status: "sent", attempts: 1, claimedBy: "slow" });
  });

  it("after downtime: the fire within KPIBOT_DIGEST_CATCHUP is sent once, older ones are logged as skipped", async () => {
    clock.set("2026-11-10T06:00:00Z");
    await ask(t.app, "digest add daily 08:30 fcr");
    const m = recordingMessenger();
    // kpibot was down from before the first fire until 13 November 12:00Z (4.5 h after that day's fire).
    const first = await runDue(t.app, jobs, { messengers: { slack: m }, now: new Date("2026-11-13T12:00:00Z") });
    expect(first.events.map((e) => [e.fireTime.toISOString(), e.outcome])).toEqual([
      ["2026-11-10T07:30:00.000Z", "skipped"],
      ["2026-11-11T07:30:00.000Z", "skipped"],
      ["2026-11-12T07:30:00.000Z", "skipped"],
      ["2026-11-13T07:30:00.000Z", "sent"],
    ]);
    await runDue(replicas[1] as App, jobs, { messengers: { slack: m }, now: new Date("2026-11-13T12:01:00Z") });
    expect(m.posts).toHaveLength(1);
    // The caught-up digest covers the day before its fire: 12 November.
    expect(m.posts[0]?.text).toContain("12 November 2026");
    const log = await deliveries(t.app.db);
    expect(log.map((d) => d.status)).toEqual(["skipped", "skipped", "skipped", "sent"]);
    expect(log[0]?.error).toContain("KPIBOT_DIGEST_CATCHUP (6h)");
  });

  it("with KPIBOT_DIGEST_CATCHUP=30m a fire 4.5 h late is skipped too", async () => {
    const short = await replicaOf(t.database, clock, { ...ENV, KPIBOT_DIGEST_CATCHUP: "30m" });
    replicas.push(short);
    clock.set("2026-11-13T06:00:00Z");
    await ask(t.app, "digest add daily 08:30 fcr");
    const m = recordingMessenger();
    const result = await runDue(short, jobs, { messengers: { slack: m }, now: new Date("2026-11-13T12:00:00Z") });
    expect(result.events.map((e) => e.outcome)).toEqual(["skipped"]);
    expect(m.posts).toHaveLength(0);
  });

  it("a failing channel is retried with backoff, then reported once to KPIBOT_ADMIN_CHANNEL", async () => {
    const withAdmin = await replicaOf(t.database, clock, { ...ENV, KPIBOT_ADMIN_CHANNEL: "slack:CADMIN" });
    replicas.push(withAdmin);
    await ask(t.app, "digest add daily 08:30 fcr");
    const m = recordingMessenger({
      failFor: (ref) => (ref.conversationId === "C1" ? new Error("channel_not_found") : undefined),
    });
    const at = (iso: string) => runDue(withAdmin, jobs, { messengers: { slack: m }, ...runAt(clock, iso) });
    const outcomes: string[] = [];
    // Attempt 1 at the fire; then 1, 2, 4 and 8 minutes after each failure (the tick runs every minute).
    for (const iso of [
      "2026-11-16T07:30:05Z",
      "2026-11-16T07:30:50Z", // too early for a retry
      "2026-11-16T07:31:05Z",
      "2026-11-16T07:33:05Z",
      "2026-11-16T07:37:05Z",
      "2026-11-16T07:45:05Z",
      "2026-11-16T09:00:00Z", // gave up: nothing more
    ]) {
      outcomes.push((await at(iso)).events.map((e) => `${e.outcome}#${e.attempts}`).join(",") || "-");
    }
    expect(outcomes).toEqual(["retry#1", "-", "retry#2", "retry#3", "retry#4", "failed#5", "-"]);
    expect(m.attempts).toBe(6); // 5 attempts on C1 + 1 report to CADMIN
    expect(m.posts).toHaveLength(1);
    expect(m.posts[0]?.ref.conversationId).toBe("CADMIN");
    expect(m.posts[0]?.text).toMatch(/digest #1 .*5 attempts: channel_not_found/);
    expect((await deliveries(t.app.db))[0]).toMatchObject({
      status: "failed",
      attempts: 5,
      error: "channel_not_found",
    });
  });

  it("digest send queues a manual post that any replica sends once; it does not hide the next scheduled fire", async () => {
    await ask(t.app, "digest add daily 08:30 fcr");
    clock.set("2026-11-16T07:00:00Z");
    expect((await ask(t.app, "digest send 1")).text).toContain("queued");
    const messengers = replicas.map(() => recordingMessenger());
    await Promise.all(
      replicas.map((app, i) =>
        runDue(app, jobs, { messengers: { slack: messengers[i] }, now: new Date("2026-11-16T07:00:30Z") }),
      ),
    );
    expect(messengers.flatMap((m) => m.posts)).toHaveLength(1);
    await Promise.all(
      replicas.map((app, i) =>
        runDue(app, jobs, { messengers: { slack: messengers[i] }, now: new Date("2026-11-16T07:30:10Z") }),
      ),
    );
    expect(messengers.flatMap((m) => m.posts)).toHaveLength(2);
    expect((await deliveries(t.app.db)).map((d) => [d.origin, d.status])).toEqual([
      ["manual", "sent"],
      ["schedule", "sent"],
    ]);
  });
});

/**
 * Polls a condition another run reaches asynchronously (a replica renders on its own connections and
 * read workers); the test asserts the condition, never a duration. The bound only ends a stuck test.
 */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("condition not reached");
}
