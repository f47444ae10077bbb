import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { serverKeys } from "../../src/core/keys.js";
import { dbClaims } from "../../src/store/idempotency.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

describe.each(await testProviders())("idempotency claims in the database (%s)", (provider) => {
  let t: TestApp;
  let app: App;
  let now = new Date("2026-11-15T10:00:00Z");
  const clock = () => now;
  const keys = serverKeys("claims-test-secret-0123456789");
  beforeAll(async () => {
    t = await createTestApp(provider);
    app = t.app;
  });
  afterAll(async () => t.close());

  it("the first claim wins, a repeat within the window loses, one after the window wins again", async () => {
    const claims = dbClaims(app.repos.claims, clock, keys);
    expect(await claims.claim("k1", "test", 60_000)).toBe(true);
    expect(await claims.claim("k1", "test", 60_000)).toBe(false);
    now = new Date(now.getTime() + 59_000);
    expect(await claims.claim("k1", "test", 60_000)).toBe(false);
    now = new Date(now.getTime() + 2_000);
    expect(await claims.claim("k1", "test", 60_000)).toBe(true);
  });

  it("concurrent claims of one key (two replicas) let exactly one through", async () => {
    const a = dbClaims(app.repos.claims, clock, keys);
    const b = dbClaims(app.repos.claims, clock, keys);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).claim("k2", "test", 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("a released key can be claimed again; purge forgets expired claims only, each by its own window", async () => {
    const claims = dbClaims(app.repos.claims, clock, keys);
    expect(await claims.claim("k3", "test", 60_000)).toBe(true);
    await claims.release("k3");
    expect(await claims.claim("k3", "test", 60_000)).toBe(true);
    now = new Date(now.getTime() + 10 * 24 * 3_600_000);
    expect(await claims.claim("k4", "test", 60_000)).toBe(true);
    expect(await claims.claim("k5", "long", 24 * 3_600_000)).toBe(true);
    now = new Date(now.getTime() + 120_000);
    // k1, k2, k3 are ten days old and k4 two minutes old, all with 1-minute windows; k5's day is not over.
    expect(await claims.purge()).toBe(4);
    expect(await claims.claim("k5", "long", 24 * 3_600_000)).toBe(false);
  });

  it("stores an HMAC of the key under the server key: not the key, not its plain SHA-256, and another key differs", async () => {
    const claims = dbClaims(app.repos.claims, clock, keys);
    const key = 'slack.survey:["T1","U0042","1763200000.000100"]';
    expect(await claims.claim(key, "keyed", 60_000)).toBe(true);
    const stored = (
      await app.db.query<{ key: string }>("SELECT \"key\" FROM idempotency_keys WHERE scope = 'keyed'")
    ).map((r) => r.key);
    expect(stored).toHaveLength(1);
    const sha = createHash("sha256").update(key).digest();
    expect(stored[0]).not.toContain("U0042");
    for (const plain of [key, sha.toString("hex"), sha.toString("base64url")]) expect(stored).not.toContain(plain);
    // Another server key (another deployment, or a process without KPIBOT_SECRET) stores another value.
    expect(
      await dbClaims(app.repos.claims, clock, serverKeys("another-secret-0123456789")).claim(key, "keyed", 60_000),
    ).toBe(true);
  });

  it("the repository (app.repos.claims): held until expired, taken over with its new scope and window, purged by instant", async () => {
    const repo = app.repos.claims;
    const at = new Date("2027-01-01T00:00:00Z");
    const plus = (ms: number) => new Date(at.getTime() + ms);
    await repo.purge(at); // the earlier tests' claims, all expired by then
    expect(await repo.take("raw-1", "a", at, plus(1000))).toBe(true);
    expect(await repo.take("raw-1", "b", plus(999), plus(5000))).toBe(false);
    // Expired exactly at its expiry instant: taken over, and the row now carries the new scope and window.
    expect(await repo.take("raw-1", "b", plus(1000), plus(5000))).toBe(true);
    const [row] = await app.db.query<{ scope: string }>(`SELECT scope FROM idempotency_keys WHERE "key" = 'raw-1'`);
    expect(row?.scope).toBe("b");
    expect(await repo.take("raw-1", "c", plus(4999), plus(9000))).toBe(false);
    await repo.release("raw-1");
    await repo.release("raw-unknown");
    expect(await repo.take("raw-1", "c", plus(4999), plus(9000))).toBe(true);
    expect(await repo.take("raw-2", "c", at, plus(2000))).toBe(true);
    expect(await repo.purge(plus(1999))).toBe(0);
    expect(await repo.purge(plus(2000))).toBe(1);
    expect(await repo.take("raw-2", "c", plus(2000), plus(3000))).toBe(true);
  });

  it("a burst of claims is committed in a few transactions (group commit), each key won once", async () => {
    const claims = dbClaims(app.repos.claims, clock, keys);
    const before = app.db.groupStats();
    const keysOf = Array.from({ length: 100 }, (_, i) => `burst-${i % 50}`);
    const results = await Promise.all(keysOf.map((k) => claims.claim(k, "test", 60_000)));
    const after = app.db.groupStats();
    expect(results.filter(Boolean)).toHaveLength(50);
    expect(after.statements - before.statements).toBe(100);
    expect(after.commits - before.commits).toBeLessThan(10);
  });
});
