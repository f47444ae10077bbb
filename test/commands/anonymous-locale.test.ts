import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { executeInteraction } from "../../src/commands/index.js";
import { answerValue } from "../../src/surveys/index.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

// An answer to an anonymous survey writes nothing about its author; their stored row is read only for the language
// of the confirmation — so not at all when the platform said it (one round trip less on the path that acknowledges
// the click).
describe.each(await testProviders())("the language of an anonymous answer's confirmation (%s)", (provider) => {
  let t: TestApp;
  let value: (score: number) => string;
  const now = new Date("2026-11-16T10:00:00Z");
  beforeAll(async () => {
    t = await createTestApp(provider, { clock: { now: () => now } });
    const survey = await t.app.repos.surveys.create(
      {
        title: "Pulse",
        audience: "users",
        anonymous: true,
        resultsVisibility: "live",
        opensAt: new Date("2026-11-16T08:00:00Z"),
        closesAt: null,
        recurrence: null,
        reminderAt: null,
        locale: "en",
        createdBy: "slack:UADMIN",
        conversationRefId: null,
        questions: [{ type: "csat", prompt: "How was it?" }],
      },
      now,
    );
    if (!survey) throw new Error("not created");
    const question = survey.questions[0]?.id ?? 0;
    value = (score) => answerValue(survey.id, question, score);
    // Known from an earlier, non-anonymous interaction: French.
    await t.app.repos.users.touch({ platform: "slack", platformUserId: "UFR", locale: "fr-FR" });
  });
  afterAll(async () => t.close());

  const answer = (score: number, locale?: string) =>
    executeInteraction(t.app, {
      kind: "action",
      actionId: "survey.answer",
      value: value(score),
      user: { platform: "slack", id: "UFR" },
      conversation: { platform: "slack", conversationId: "C1" },
      ...(locale ? { locale } : {}),
      at: now,
    });

  it("uses the platform's language without reading the person's row, else the stored one", async () => {
    const reads = vi.spyOn(t.app.repos.users, "get");
    try {
      const told = await answer(4, "en-US");
      expect(told.kind).toBe("reply");
      expect(told.reply.locale).toBe("en");
      expect(reads).not.toHaveBeenCalled();
      const untold = await answer(5);
      expect(untold.reply.locale).toBe("fr");
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
    // Nothing written about the person: an English click did not change their stored language.
    expect((await t.app.repos.users.get("slack", "UFR"))?.locale).toBe("fr-FR");
  });
});
