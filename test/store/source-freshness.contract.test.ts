import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FireLog, SourceFreshnessRepository } from "../../src/store/repositories.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const LOG: FireLog = { table: "freshness_checks", owner: "owner_id", hasOrigin: false };

describe.each(await testProviders())("source freshness repository on %s", (provider) => {
  let t: TestApp;
  let freshness: SourceFreshnessRepository;
  beforeAll(async () => {
    t = await createTestApp(provider);
    freshness = t.app.repos.sourceFreshness;
  });
  afterAll(async () => t.close());

  it("nothing before the first write; a write records each source once, to the millisecond", async () => {
    expect(await freshness.all()).toEqual([]);
    const at = new Date("2026-12-03T14:00:00.123Z");
    await freshness.record(["tickets", "changes", "tickets"], { at, via: "sync", detail: "glpi" });
    expect(await freshness.all()).toEqual([
      { source: "changes", writtenAt: at, via: "sync", detail: "glpi" },
      { source: "tickets", writtenAt: at, via: "sync", detail: "glpi" },
    ]);
  });

  it("keeps each source's latest write: a later one replaces it, an older one changes nothing", async () => {
    const later = new Date("2026-12-03T15:00:00.000Z");
    await freshness.record(["tickets"], { at: later, via: "webhook" });
    const older = new Date("2026-12-01T08:00:00.000Z");
    await freshness.record(["tickets", "costs"], { at: older, via: "import", detail: "csv" });
    const all = await freshness.all();
    expect(all.find((w) => w.source === "tickets")).toEqual({
      source: "tickets",
      writtenAt: later,
      via: "webhook",
      detail: null,
    });
    // A source written for the first time takes the write, however old.
    expect(all.find((w) => w.source === "costs")).toEqual({
      source: "costs",
      writtenAt: older,
      via: "import",
      detail: "csv",
    });
    await freshness.record([], { at: later, via: "seed" });
    expect(await freshness.all()).toHaveLength(3);
  });

  it("snapshot: every source's data version and the writes recorded, in one read", async () => {
    const { versions, writes } = await freshness.snapshot();
    expect([...versions.keys()].sort()).toEqual(
      ["assets", "changes", "costs", "portal", "shadow_it", "staff", "surveys", "targets", "tickets", "time"].sort(),
    );
    expect(writes).toEqual(await freshness.all());
    const before = versions.get("tickets") ?? 0;
    await t.app.db.execute("INSERT INTO tickets (external_id, kind, opened_at) VALUES ('V1', 'incident', ?)", [
      new Date("2026-12-01T08:00:00Z"),
    ]);
    expect((await freshness.snapshot()).versions.get("tickets")).toBeGreaterThan(before);
  });

  it("previousStale: the latest evaluated check before the fire time, skipping unevaluated ones", async () => {
    const h = (hour: number) => new Date(Date.UTC(2026, 11, 3, hour));
    expect(await freshness.previousStale(h(10))).toBeNull();
    const deliveries = t.app.repos.deliveries;
    const first = await deliveries.claimFire(LOG, 1, h(8), "r1", h(8));
    if (!first) throw new Error("not claimed");
    await deliveries.advance(LOG, first, "quiet", h(8), { stale: "" });
    const second = await deliveries.claimFire(LOG, 1, h(9), "r1", h(9));
    if (!second) throw new Error("not claimed");
    await deliveries.advance(LOG, second, "sent", h(9), { stale: "costs,tickets" });
    // A check claimed but not evaluated yet (a run that died) says nothing.
    await deliveries.claimFire(LOG, 1, h(10), "r1", h(10));
    // The same fire time cannot be claimed twice (the once-only claim of every replica).
    expect(await deliveries.claimFire(LOG, 1, h(10), "r2", h(10))).toBeUndefined();
    expect(await freshness.previousStale(h(9))).toEqual([]);
    expect(await freshness.previousStale(h(11))).toEqual(["costs", "tickets"]);
  });
});
