import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { executeInteraction, handleInteraction } from "../../src/commands/index.js";
import { fixedClock } from "../../src/core/clock.js";
import type { Interaction } from "../../src/core/interaction.js";
import { kpiWords } from "../../src/kpi/definitions.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { insertFixtureTickets } from "./fixture.js";

const words = [
  ...kpiWords(),
  ...[
    "list",
    "help",
    "aide",
    "explain",
    "scorecard",
    "tableau de bord",
    "target",
    "objectif",
    "role",
    "grant",
    "revoke",
  ],
  ...[
    "whoami",
    "by",
    "par",
    "for",
    "pour",
    "vs",
    "contre",
    "share",
    "group",
    "groupe",
    "service=VPN",
    "=",
    '"N1 desk"',
  ],
  ...["last month", "mois dernier", "2026-10", "q3", "2026-02-30", "2026-10-15..2026-10-01", "1900", "9999-01", "75"],
  ...["admin", "<@U9>", "reset", "-5", "%", "?", "", "é", "🙂"],
];
const text = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((w) => w.join(" ")),
);
const interaction: fc.Arbitrary<Interaction> = fc
  .oneof(
    text.map((t) => ({ kind: "command" as const, text: t })),
    fc.record({
      kind: fc.constant("action" as const),
      actionId: fc.constantFrom("kpi.breakdown", "kpi.previous", "kpi.explain", "kpi.share", "kpi.other", ""),
      value: text,
    }),
  )
  .chain((base) =>
    fc
      .record({ locale: fc.constantFrom(undefined, "fr-FR", "en-US", "de", ""), user: fc.constantFrom("U1", "U2") })
      .map(
        ({ locale, user }) =>
          ({
            ...base,
            user: { platform: "slack", id: user },
            conversation: { platform: "slack", conversationId: "C1" },
            ...(locale !== undefined ? { locale } : {}),
          }) as Interaction,
      ),
  );

describe.each(await testProviders())("handleInteraction always returns a reply (%s)", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, {
      clock: fixedClock(new Date("2026-11-15T10:00:00Z")),
      env: { KPIBOT_ADMINS: "U1" },
    });
    await insertFixtureTickets(t.app);
  });
  afterAll(async () => t.close());

  it("for arbitrary commands and button clicks", async () => {
    await fc.assert(
      fc.asyncProperty(interaction, async (i) => {
        const outcome = await executeInteraction(t.app, i);
        const reply = outcome.reply;
        // Whatever the input, no bug: an answer, a problem explained, or "you need an admin".
        expect(outcome.kind, reply.fallback).not.toBe("error");
        expect(["en", "fr"]).toContain(reply.locale);
        expect(reply.fallback.length).toBeGreaterThan(0);
        expect(reply.blocks.length).toBeGreaterThan(0);
        // Never a stack trace.
        expect(reply.fallback).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }),
      { numRuns: provider === "sqlite" ? 200 : 80 },
    );
  });

  it("even when the engine or the store fails", async () => {
    const failures = fc.constantFrom<unknown>(new Error("boom"), new TypeError("x is undefined"), "a string", null, 42);
    await fc.assert(
      fc.asyncProperty(interaction, failures, async (i, failure) => {
        const answer = vi.spyOn(t.app.kpi, "answer").mockRejectedValue(failure);
        const audit = vi.spyOn(t.app.repos.audit, "record").mockRejectedValue(failure);
        try {
          const reply = await handleInteraction(t.app, i);
          expect(reply.fallback.length).toBeGreaterThan(0);
          expect(reply.fallback).not.toContain("boom");
        } finally {
          answer.mockRestore();
          audit.mockRestore();
        }
      }),
      { numRuns: 60 },
    );
  });
});
