import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FireLog, Repositories } from "../../src/store/repositories.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const DIGESTS: FireLog = { table: "digest_deliveries", owner: "schedule_id", hasOrigin: true };
const ALERTS: FireLog = { table: "alert_checks", owner: "rule_id", hasOrigin: false };
const at = (iso: string) => new Date(iso);

// Digest schedules, alert rules and their fire logs: one contract on both databases.
describe.each(await testProviders())("schedule and delivery repositories on %s", (provider) => {
  let t: TestApp;
  let repos: Repositories;
  let refId: number;
  const meta = (now: Date) => ({ conversationRefId: refId, locale: "fr" as const, createdBy: "slack:U1", now });
  const digest = (over: Partial<Parameters<Repositories["digests"]["create"]>[0]> = {}) =>
    repos.digests.create(
      {
        frequency: "weekly",
        dayOfWeek: 1,
        dayOfMonth: null,
        time: "08:30",
        timezone: "Europe/Paris",
        kpis: ["fcr", "sla"],
        breakdown: null,
        period: null,
        skipWhenEmpty: false,
        ...over,
      },
      meta(at("2026-11-01T10:00:00.250Z")),
    );
  beforeAll(async () => {
    t = await createTestApp(provider);
    repos = t.app.repos;
    refId = await repos.conversations.save({ platform: "slack", conversationId: "C-SCHED", teamId: "T1" });
  });
  afterAll(async () => t.close());

  it("digests: created and read back whole, listed by id, active ones only when asked", async () => {
    const a = await digest();
    expect(a).toEqual({
      id: a.id,
      conversationRefId: refId,
      frequency: "weekly",
      dayOfWeek: 1,
      dayOfMonth: null,
      time: "08:30",
      timezone: "Europe/Paris",
      kpis: ["fcr", "sla"],
      breakdown: null,
      period: null,
      skipWhenEmpty: false,
      paused: false,
      locale: "fr",
      activeFrom: at("2026-11-01T10:00:00.250Z"),
      createdBy: "slack:U1",
      createdAt: at("2026-11-01T10:00:00.250Z"),
    });
    const b = await digest({
      frequency: "monthly",
      dayOfWeek: null,
      dayOfMonth: -1,
      breakdown: "group",
      period: "last-month",
      skipWhenEmpty: true,
    });
    expect(await repos.digests.get(b.id)).toMatchObject({
      dayOfMonth: -1,
      breakdown: "group",
      period: "last-month",
      skipWhenEmpty: true,
    });
    expect(await repos.digests.get(999_999)).toBeNull();
    expect((await repos.digests.all()).map((s) => s.id)).toEqual([a.id, b.id]);
    expect(await repos.digests.setPaused(a.id, true, at("2026-11-02T00:00:00Z"))).toBe(true);
    expect((await repos.digests.all({ activeOnly: true })).map((s) => s.id)).toEqual([b.id]);
  });

  it("digests: resuming moves activeFrom; resuming an active one changes nothing; removing deletes its log", async () => {
    const s = await digest();
    const resumeAt = at("2026-11-05T07:00:00Z");
    expect(await repos.digests.setPaused(s.id, false, resumeAt)).toBe(false);
    expect((await repos.digests.get(s.id))?.activeFrom).toEqual(s.activeFrom);
    expect(await repos.digests.setPaused(s.id, true, resumeAt)).toBe(true);
    expect((await repos.digests.get(s.id))?.activeFrom).toEqual(s.activeFrom);
    expect(await repos.digests.setPaused(s.id, false, resumeAt)).toBe(true);
    expect(await repos.digests.get(s.id)).toMatchObject({ paused: false, activeFrom: resumeAt });
    await repos.deliveries.claimFire(DIGESTS, s.id, at("2026-11-09T07:30:00Z"), "r1", resumeAt);
    expect(await repos.digests.remove(s.id)).toBe(true);
    expect(await repos.digests.remove(s.id)).toBe(false);
    expect(await repos.deliveries.history(DIGESTS, s.id)).toEqual([]);
  });

  it("alerts: created and read back whole; previousBreached reads the last evaluated check before a fire", async () => {
    const rule = await repos.alerts.create(
      {
        kpi: "sla",
        condition: "below",
        threshold: 92.5,
        direction: "any",
        dimension: "group",
        dimValue: "N1",
        checkEvery: "hourly",
        notify: "every",
        timezone: "Europe/Paris",
      },
      meta(at("2026-11-01T00:00:00Z")),
    );
    expect(await repos.alerts.get(rule.id)).toEqual({
      id: rule.id,
      conversationRefId: refId,
      kpi: "sla",
      condition: "below",
      threshold: 92.5,
      direction: "any",
      dimension: "group",
      dimValue: "N1",
      checkEvery: "hourly",
      notify: "every",
      timezone: "Europe/Paris",
      locale: "fr",
      paused: false,
      activeFrom: at("2026-11-01T00:00:00Z"),
      createdBy: "slack:U1",
      createdAt: at("2026-11-01T00:00:00Z"),
    });
    expect(await repos.alerts.previousBreached(rule.id, at("2026-11-02T00:00:00Z"))).toBeNull();
    const check = async (fire: string, breached: boolean | null) => {
      const claim = await repos.deliveries.claimFire(ALERTS, rule.id, at(fire), "r1", at(fire));
      if (!claim) throw new Error("not claimed");
      const set: Record<string, boolean | number | string> =
        breached === null ? {} : { breached, value: 90, outcome: breached ? "breach" : "ok" };
      expect(await repos.deliveries.advance(ALERTS, claim, "quiet", at(fire), set)).toBe(true);
    };
    await check("2026-11-01T10:00:00Z", true);
    await check("2026-11-01T11:00:00Z", false);
    await check("2026-11-01T12:00:00Z", null);
    // 12:00 was never evaluated (breached stays NULL): 11:00's answer counts; before 11:00, 10:00's.
    expect(await repos.alerts.previousBreached(rule.id, at("2026-11-01T13:00:00Z"))).toBe(false);
    expect(await repos.alerts.previousBreached(rule.id, at("2026-11-01T11:00:00Z"))).toBe(true);
    expect(await repos.alerts.previousBreached(rule.id, at("2026-11-01T10:00:00Z"))).toBeNull();
  });

  it("deliveries: a fire is claimed once (concurrently too); a skipped fire is logged once", async () => {
    const s = await digest();
    const fire = at("2026-11-16T07:30:00Z");
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => repos.deliveries.claimFire(DIGESTS, s.id, fire, `r${i}`, fire)),
    );
    const won = claims.filter((c) => c !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ ownerId: s.id, fireTime: fire, attempts: 1, previous: null });
    expect(await repos.deliveries.logSkipped(DIGESTS, s.id, fire, "missed", fire)).toBe(false);
    const older = at("2026-11-09T07:30:00Z");
    expect(await repos.deliveries.logSkipped(DIGESTS, s.id, older, "missed", fire)).toBe(true);
    expect(await repos.deliveries.logSkipped(DIGESTS, s.id, older, "missed", fire)).toBe(false);
    const [skipped] = (await repos.deliveries.history(DIGESTS, s.id)).filter((r) => r.status === "skipped");
    expect(skipped).toMatchObject({ attempts: 0, error: "missed", claimedBy: null, finishedAt: fire });
  });

  it("deliveries: lastFires per owner since an instant, manual sends not counted", async () => {
    const a = await digest();
    const b = await digest();
    await repos.deliveries.logSkipped(DIGESTS, a.id, at("2026-10-01T07:30:00Z"), "x", at("2026-11-20T00:00:00Z"));
    await repos.deliveries.claimFire(DIGESTS, a.id, at("2026-11-10T07:30:00Z"), "r", at("2026-11-20T00:00:00Z"));
    await repos.deliveries.claimFire(DIGESTS, a.id, at("2026-11-17T07:30:00Z"), "r", at("2026-11-20T00:00:00Z"));
    expect(await repos.deliveries.enqueueManual(DIGESTS, b.id, at("2026-11-19T12:00:00Z"))).toEqual(expect.any(Number));
    const last = await repos.deliveries.lastFires(DIGESTS, at("2026-11-01T00:00:00Z"));
    expect(last.get(a.id)).toEqual(at("2026-11-17T07:30:00Z"));
    expect(last.has(b.id)).toBe(false);
    expect((await repos.deliveries.lastFires(DIGESTS, at("2026-11-18T00:00:00Z"))).has(a.id)).toBe(false);
    expect(await repos.deliveries.history(DIGESTS, a.id, 2)).toMatchObject([
      { fireTime: at("2026-11-17T07:30:00Z") },
      { fireTime: at("2026-11-10T07:30:00Z") },
    ]);
  });

  it("deliveries: open rows in fire order; reclaim is a compare-and-set; advance and renewLease are fenced", async () => {
    const s = await digest();
    const queuedId = await repos.deliveries.enqueueManual(DIGESTS, s.id, at("2026-11-30T09:00:00Z"));
    const claim = await repos.deliveries.claimFire(
      DIGESTS,
      s.id,
      at("2026-11-30T07:30:00Z"),
      "r1",
      at("2026-11-30T07:30:01Z"),
    );
    if (queuedId === undefined || !claim) throw new Error("setup");
    const open = (await repos.deliveries.openRows(DIGESTS)).filter((r) => r.ownerId === s.id);
    expect(open.map((r) => [r.id, r.status])).toEqual([
      [claim.id, "claimed"],
      [queuedId, "queued"],
    ]);
    const queued = await repos.deliveries.getRow(DIGESTS, queuedId);
    if (!queued) throw new Error("no row");
    expect(queued).toMatchObject({ status: "queued", attempts: 0, messageId: null, finishedAt: null });
    // Two replicas take the queued row over from the same reading: one wins.
    const [x, y] = await Promise.all([
      repos.deliveries.reclaim(DIGESTS, queued, "rA", at("2026-11-30T09:00:05Z")),
      repos.deliveries.reclaim(DIGESTS, queued, "rB", at("2026-11-30T09:00:05Z")),
    ]);
    const taken = x ?? y;
    expect([x, y].filter(Boolean)).toHaveLength(1);
    expect(taken).toMatchObject({ attempts: 1, previous: "queued" });
    // The first claim's owner moves on; a stale token (another replica, an old attempt count) changes nothing.
    expect(await repos.deliveries.advance(DIGESTS, claim, "posting", at("2026-11-30T07:31:00Z"))).toBe(true);
    expect(await repos.deliveries.renewLease(DIGESTS, claim, at("2026-11-30T07:31:30Z"))).toBe(true);
    expect(
      await repos.deliveries.renewLease(DIGESTS, { ...claim, claimedBy: "other" }, at("2026-11-30T07:32:00Z")),
    ).toBe(false);
    expect(await repos.deliveries.advance(DIGESTS, { ...claim, attempts: 2 }, "sent", at("2026-11-30T07:32:00Z"))).toBe(
      false,
    );
    // An open unknown outcome stays open (no finished_at) and leaves the fenced states.
    expect(
      await repos.deliveries.advance(
        DIGESTS,
        claim,
        "unknown",
        at("2026-11-30T07:33:00Z"),
        { error: "timeout" },
        { open: true },
      ),
    ).toBe(true);
    expect(await repos.deliveries.getRow(DIGESTS, claim.id)).toMatchObject({
      status: "unknown",
      error: "timeout",
      claimedAt: at("2026-11-30T07:33:00Z"),
      finishedAt: null,
    });
    expect((await repos.deliveries.openRows(DIGESTS)).map((r) => r.id)).toContain(claim.id);
    expect(await repos.deliveries.advance(DIGESTS, claim, "sent", at("2026-11-30T07:34:00Z"))).toBe(false);
    if (!taken) throw new Error("no taker");
    expect(
      await repos.deliveries.advance(DIGESTS, taken, "sent", at("2026-11-30T09:01:00Z"), { message_id: "1700.1" }),
    ).toBe(true);
    expect(await repos.deliveries.getRow(DIGESTS, queuedId)).toMatchObject({
      status: "sent",
      messageId: "1700.1",
      finishedAt: at("2026-11-30T09:01:00Z"),
    });
    expect((await repos.deliveries.openRows(DIGESTS)).map((r) => r.id)).not.toContain(queuedId);
    expect(await repos.deliveries.getRow(DIGESTS, 999_999)).toBeNull();
  });
});
