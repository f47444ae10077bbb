import { describe, expect, it } from "vitest";
import { runSurveyBurst } from "../../bench/surveys-burst.js";
import { testProviders } from "../helpers/databases.js";

// Concurrent survey clicks over real signed HTTP requests to the Slack adapter on 127.0.0.1: people who change
// their minds (a later click on another score), double clicks, Slack retries of the same payloads, all sent
// shuffled and 50 at a time. Every answer must be stored exactly once, with the person's last click.
describe.each(await testProviders())("a burst of survey clicks through the Slack adapter on %s", (provider) => {
  it("stores every answer exactly once, the last click winning, and confirms each click once", async () => {
    const r = await runSurveyBurst({
      provider,
      users: 100,
      changeShare: 0.3,
      doubleShare: 0.15,
      retryShare: 0.2,
      concurrency: 50,
    });
    // 100 people × 3 questions = 300 answers, from about 430 clicks plus about 90 retries.
    expect(r.expectedAnswers).toBe(300);
    expect(r.clicks).toBeGreaterThan(380);
    expect(r.retries).toBeGreaterThan(50);
    expect(r.doubles).toBeGreaterThan(20);
    // Some people's last click reaches kpibot before their earlier one: it must still be the one kept.
    expect(r.outOfOrder).toBeGreaterThan(5);
    expect(r.httpErrors).toBe(0);
    expect(r.storedAnswers).toBe(300);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.wrong).toBe(0);
    expect(r.withUserId).toBe(0);
    // Each click confirmed privately once; Slack's retries are not answered again.
    expect(r.confirmations).toBe(r.clicks);
    expect(r.failedConfirmations).toBe(0);
  }, 120_000);
});
