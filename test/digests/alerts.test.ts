import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDue } from "../../src/scheduler/run-due.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { ask, insertTickets, jobs, movableClock, type Post, recordingMessenger, replicaOf } from "./helpers.js";

/**
 * Tickets resolved on 16 November 2026 (UTC): T1 00:30 FCR, T2 01:30 not, T3 02:30 not, T4 03:30 FCR,
 * T5 04:30 FCR. Hourly checks look at the 24 hours before the check, so FCR is:
 * 01:00 → 1/1 = 100 %, 02:00 → 1/2 = 50 %, 03:00 → 1/3 = 33.3 %, 04:00 → 2/4 = 50 %, 05:00 → 3/5 = 60 %,
 * 06:00 → 60 %. Against "below 60": ok, breach, breach, breach, back (60 is not below 60), ok.
 */
const TICKETS = [
  { id: "T1", opened: "2026-11-16T00:00:00Z", resolved: "2026-11-16T00:30:00Z", fcr: true },
  { id: "T2", opened: "2026-11-16T01:00:00Z", resolved: "2026-11-16T01:30:00Z", fcr: false },
  { id: "T3", opened: "2026-11-16T02:00:00Z", resolved: "2026-11-16T02:30:00Z", fcr: false },
  { id: "T4", opened: "2026-11-16T03:00:00Z", resolved: "2026-11-16T03:30:00Z", fcr: true },
  { id: "T5", opened: "2026-11-16T04:00:00Z", resolved: "2026-11-16T04:30:00Z", fcr: true },
];
const HOURS = ["01", "02", "03", "04", "05", "06"];

describe.each(await testProviders())("threshold alerts (%s)", (provider) => {
  let t: TestApp;
  const clock = movableClock(new Date("2026-11-16T00:00:30Z"));
  const env = { KPIBOT_ADMINS: "U1", KPIBOT_SEED_DEMO: "false" };

  beforeAll(async () => {
    t = await createTestApp(provider, { clock, env });
    await insertTickets(t.app.db, TICKETS);
    expect((await ask(t.app, "alert add fcr below 60 check hourly")).text).toContain("Alert #1");
    expect(
      (await ask(t.app, "alert add fcr below 60 check hourly every-breach", { conversation: "C2" })).text,
    ).toContain("#2");
  });
  afterAll(async () => t.close());

  it("first-breach tells once, every-breach at each breached check, both tell the recovery — once across replicas", async () => {
    const other = await replicaOf(t.database, clock, env);
    const m1 = recordingMessenger();
    const m2 = recordingMessenger();
    try {
      for (const hour of HOURS) {
        const now = new Date(`2026-11-16T${hour}:00:20Z`);
        await Promise.all([
          runDue(t.app, jobs, { messengers: { slack: m1 }, now, replica: "a" }),
          runDue(other, jobs, { messengers: { slack: m2 }, now, replica: "b" }),
        ]);
      }
    } finally {
      await other.db.close();
    }
    const posts = [...m1.posts, ...m2.posts];
    const to = (channel: string) =>
      posts
        .filter((p: Post) => p.ref.conversationId === channel)
        .map((p) => p.text.split("\n")[0] ?? "")
        .sort((a, b) => hourOf(a).localeCompare(hourOf(b)));
    expect(to("C1")).toEqual([
      "🚨 Alert #1: First contact resolution is 50 %, below 60 % (last 24 hours to 16 Nov 2026, 03:00).",
      "✅ Back to normal — alert #1: First contact resolution is 60 %, no longer below 60 % (last 24 hours to 16 Nov 2026, 06:00).",
    ]);
    expect(to("C2")).toEqual([
      "🚨 Alert #2: First contact resolution is 50 %, below 60 % (last 24 hours to 16 Nov 2026, 03:00).",
      "🚨 Alert #2: First contact resolution is 33.3 %, below 60 % (last 24 hours to 16 Nov 2026, 04:00).",
      "🚨 Alert #2: First contact resolution is 50 %, below 60 % (last 24 hours to 16 Nov 2026, 05:00).",
      "✅ Back to normal — alert #2: First contact resolution is 60 %, no longer below 60 % (last 24 hours to 16 Nov 2026, 06:00).",
    ]);
    const checks = await t.app.db.query<{ rule_id: number; status: string; outcome: string; value: number }>(
      "SELECT rule_id, status, outcome, value FROM alert_checks ORDER BY rule_id, fire_time",
    );
    expect(checks.filter((c) => Number(c.rule_id) === 1).map((c) => `${c.status}/${c.outcome}`)).toEqual([
      "quiet/ok",
      "sent/breach",
      "quiet/still",
      "quiet/still",
      "sent/recovery",
      "quiet/ok",
    ]);
    expect(checks.filter((c) => Number(c.rule_id) === 2).map((c) => Math.round(Number(c.value) * 10) / 10)).toEqual([
      100, 50, 33.3, 50, 60, 60,
    ]);
  });

  it("after downtime only the latest missed check runs; older ones are logged as skipped", async () => {
    clock.set("2026-11-17T00:00:30Z");
    await ask(t.app, "alert add fcr below 60 check hourly", { conversation: "C3" });
    const m = recordingMessenger();
    // Down from 01:00 to 05:10: checks at 01:00–04:00 are superseded, 05:00 runs.
    const result = await runDue(t.app, jobs, { messengers: { slack: m }, now: new Date("2026-11-17T05:10:00Z") });
    const mine = result.events
      .filter((e) => e.id === 3)
      .map((e) => `${e.fireTime.toISOString().slice(11, 16)} ${e.outcome}`);
    expect(mine).toEqual(["01:00 skipped", "02:00 skipped", "03:00 skipped", "04:00 skipped", "05:00 quiet"]);
  });

  it("reads its filter exactly as a KPI question does: a value or dimension the KPI cannot take is refused, nothing stored", async () => {
    const rules = async () =>
      Number((await t.app.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM alert_rules"))[0]?.n);
    const before = await rules();
    // The same first line (what is wrong) as the question with that filter, in English and in French.
    const cases = [
      ["alert add fcr below 70 for priority=abc", "fcr last month for priority=abc"],
      ["alerte ajouter fcr sous 70 pour priorité=abc", "fcr mois dernier pour priorité=abc"],
      ["alert add fcr below 70 for level:x", "fcr last month for level:x"],
      ["alert add nps below 10 for group=N1", "nps last month for group=N1"],
      ["alert add fcr below 70 for grup=N1", "fcr last month for grup=N1"],
    ];
    for (const [alert, question] of cases) {
      const refused = await ask(t.app, alert ?? "");
      const asked = await ask(t.app, question ?? "");
      expect(asked.kind).toBe("problem");
      expect(refused.text.split("\n")[0]).toBe(asked.text.split("\n")[0]);
    }
    expect((await ask(t.app, "alert add fcr below 70 for priority=abc")).text).toContain(
      "priority is a number: `abc` is not one.",
    );
    expect((await ask(t.app, "alerte ajouter fcr sous 70 pour priorité=abc")).text).toContain(
      "priorité est un nombre : `abc` n'en est pas un.",
    );
    expect(await rules()).toBe(before);
    // What the engine can read is stored as typed.
    expect((await ask(t.app, "alert add fcr below 70 for priority=P1")).text).toContain("Alert #");
    expect(await rules()).toBe(before + 1);
  });
});

/** "… to 16 Nov 2026, 03:00)." → "03:00", to order posts from two replicas by check time. */
function hourOf(line: string): string {
  return /(\d\d:\d\d)\)\.$/.exec(line)?.[1] ?? "";
}
