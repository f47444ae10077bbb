import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { dbClaims } from "../../src/store/idempotency.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

describe.each(await testProviders())("idempotency claims in the database (%s)", (provider) => {
  let t: TestApp;
  let app: App;
  let now = new Date("2026-11-15T10:00:00Z");
  const clock = () => now;
  beforeAll(async () => {
    t = await createTestApp(provider);
    app = t.app;
  });
  afterAll(async () => t.close());

  it("the first claim wins, a repeat within the window loses, one after the window wins again", async () => {
    const claims = dbClaims(app.db, clock);
    expect(await claims.claim("k1", "test", 60_000)).toBe(true);
    expect(await claims.claim("k1", "test", 60_000)).toBe(false);
    now = new Date(now.getTime() + 59_000);
    expect(await claims.claim("k1", "test", 60_000)).toBe(false);
    now = new Date(now.getTime() + 2_000);
    expect(await claims.claim("k1", "test", 60_000)).toBe(true);
  });

  it("concurrent claims of one key (two replicas) let exactly one through", async () => {
    const a = dbClaims(app.db, clock);
    const b = dbClaims(app.db, clock);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).claim("k2", "test", 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("a released key can be claimed again; purge forgets old keys only", async () => {
    const claims = dbClaims(app.db, clock);
    expect(await claims.claim("k3", "test", 60_000)).toBe(true);
    await claims.release("k3");
    expect(await claims.claim("k3", "test", 60_000)).toBe(true);
    now = new Date(now.getTime() + 10 * 24 * 3_600_000);
    expect(await claims.claim("k4", "test", 60_000)).toBe(true);
    // k1, k2, k3 are ten days old; k4 is new.
    expect(await claims.purge(7 * 24 * 3_600_000)).toBe(3);
    expect(await claims.claim("k4", "test", 60_000)).toBe(false);
  });
});
