/**
 * Issue 16 items 3 and 7: the admin channel is told once when a data feed goes stale and once when it recovers,
 * by the hourly stale-feed check, once across replicas (each check is claimed like an alert check). Injected
 * clocks; KPIBOT_STALE_AFTER's default (2 days for tickets, 35 days for costs). SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshnessJob } from "../../src/freshness/index.js";
import { runDue } from "../../src/scheduler/run-due.js";
import { movableClock, type Post, recordingMessenger, replicaOf } from "../digests/helpers.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const jobs = [freshnessJob()];

describe.each(await testProviders())("stale-feed notices (%s)", (provider) => {
  let t: TestApp;
  const clock = movableClock(new Date("2026-12-01T10:00:00Z"));
  const env = { KPIBOT_ADMIN_CHANNEL: "slack:CADMIN", KPIBOT_TIMEZONE: "Europe/Paris", KPIBOT_SEED_DEMO: "false" };

  beforeAll(async () => {
    t = await createTestApp(provider, { clock, env });
  });
  afterAll(async () => t.close());

  it("stale once, quiet while it stays stale, fresh again once; costs (35 days) never; two replicas post once", async () => {
    const freshness = t.app.repos.sourceFreshness;
    // 1 Dec 11:00 in Paris: the GLPI sync writes the tickets, an import the costs.
    await freshness.record(["tickets"], { at: new Date("2026-12-01T10:00:00Z"), via: "sync", detail: "glpi" });
    await freshness.record(["costs"], { at: new Date("2026-12-01T10:00:00Z"), via: "import", detail: "costs.csv" });
    const other = await replicaOf(t.database, clock, env);
    const m1 = recordingMessenger();
    const m2 = recordingMessenger({ channel: m1.posts });
    const hour = async (iso: string) => {
      clock.set(iso);
      const now = new Date(iso);
      await Promise.all([
        runDue(t.app, jobs, { messengers: { slack: m1 }, now, replica: "a" }),
        runDue(other, jobs, { messengers: { slack: m2 }, now, replica: "b" }),
      ]);
      return m1.posts.map((p: Post) => p.text);
    };
    try {
      // 3 Dec 09:10: the check of 09:05 finds the tickets 47 h 05 min old — fresh.
      expect(await hour("2026-12-03T09:10:00Z")).toEqual([]);
      // 3 Dec 10:10: the check of 10:05 finds them 48 h 05 min old — stale, told once (two replicas ran it).
      const stale = await hour("2026-12-03T10:10:00Z");
      expect(stale).toHaveLength(1);
      expect(m1.posts[0]?.ref.conversationId).toBe("CADMIN");
      expect(stale[0]).toContain("Stale data feeds");
      expect(stale[0]).toContain(
        "tickets went stale: last written 1 Dec 2026, 11:00 by sync (glpi), more than 2 days ago.",
      );
      expect(stale[0]).not.toContain("costs");
      // Still stale an hour later: nothing new.
      expect(await hour("2026-12-03T11:10:00Z")).toHaveLength(1);
      // A webhook writes the tickets at 12:30 (13:30 in Paris): the 13:05 check tells they are fresh again.
      await freshness.record(["tickets"], { at: new Date("2026-12-03T12:30:00Z"), via: "webhook", detail: "glpi" });
      const back = await hour("2026-12-03T13:10:00Z");
      expect(back).toHaveLength(2);
      expect(back[1]).toContain("Data feeds fresh again");
      expect(back[1]).toContain("tickets is fresh again: written 3 Dec 2026, 13:30 by webhook (glpi).");
      expect(await hour("2026-12-03T14:10:00Z")).toHaveLength(2);
    } finally {
      await other.db.close();
    }
    // One check row per fire time, whichever replica claimed it; each says what it found stale (the hours before the
    // first run are logged as skipped: only the latest missed check runs).
    const rows = await t.app.db.query<{ fire_time: unknown; stale: unknown }>(
      "SELECT fire_time, stale FROM freshness_checks WHERE status <> 'skipped' ORDER BY fire_time",
    );
    expect(rows.map((r) => r.stale)).toEqual(["", "tickets", "tickets", "", ""]);
  });

  it("says nothing without an admin channel (no check runs), and in French when kpibot speaks French", async () => {
    const quiet = await createTestApp(provider, { clock, env: { KPIBOT_SEED_DEMO: "false" } });
    try {
      await quiet.app.repos.sourceFreshness.record(["changes"], {
        at: new Date("2026-11-01T10:00:00Z"),
        via: "import",
      });
      const m = recordingMessenger();
      const result = await runDue(quiet.app, jobs, { messengers: { slack: m }, now: new Date("2026-12-03T11:10:00Z") });
      expect(result.events).toEqual([]);
      expect(m.posts).toEqual([]);
    } finally {
      await quiet.close();
    }
    const fr = await createTestApp(provider, { clock, env: { ...env, KPIBOT_LOCALE: "fr" } });
    try {
      await fr.app.repos.sourceFreshness.record(["changes"], { at: new Date("2026-11-01T10:00:00Z"), via: "import" });
      const m = recordingMessenger();
      clock.set("2026-12-03T11:10:00Z");
      await runDue(fr.app, jobs, { messengers: { slack: m }, now: new Date("2026-12-03T11:10:00Z") });
      expect(m.posts).toHaveLength(1);
      expect(m.posts[0]?.text).toContain(
        "changements : données anciennes, dernière écriture le 1 nov. 2026, 11:00 par import, il y a plus de 2 jours.",
      );
    } finally {
      await fr.close();
    }
  });
});
