import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.js";
import { seedDemo } from "../../src/seed/index.js";
import { runSurveyJobs } from "../../src/surveys/index.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

// The demo's past barometers are history: the survey jobs that run at every start must not spawn a
// new (empty, unposted) instance of each one.
describe("demo surveys and the survey jobs", () => {
  const now = new Date("2026-11-15T10:00:00Z");
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite", { clock: fixedClock(now) });
    await seedDemo(t.app.repos, { tickets: 500, months: 6, seed: 3, now });
  });
  afterAll(async () => t.close());

  it("leaves the seeded surveys alone: nothing repeated, nothing created", async () => {
    const before = await t.app.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM surveys");
    expect(before[0]?.n).toBeGreaterThan(0);
    const report = await runSurveyJobs(t.app, {}, now);
    expect(report.repeated).toEqual([]);
    const after = await t.app.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM surveys");
    expect(after[0]?.n).toBe(before[0]?.n);
  });
});
