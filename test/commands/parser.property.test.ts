import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandSchema } from "../../src/commands/command-types.js";
import { problemReply } from "../../src/commands/explain-problem.js";
import { parseCommand } from "../../src/commands/parser.js";
import { DIMENSION_WORDS, VERBS } from "../../src/commands/vocabulary.js";
import { kpiWords } from "../../src/kpi/definitions.js";

// Words the parser knows, plus period words, punctuation and quotes: soups of these reach deep into the grammar.
const vocabulary = [
  ...kpiWords(),
  ...Object.values(VERBS).flat(),
  ...Object.keys(DIMENSION_WORDS),
  ...["by", "par", "for", "pour", "vs", "contre", "share", "partager", "and", "et", "=", ":", '"', "“", "»", "'"],
  ...["last", "month", "mois", "dernier", "q3", "2026-10", "2026-10-01..2026-10-15", "this", "year", "T3"],
  ...["grant", "revoke", "list", "admin", "<@U1>", "slack:U2", "75", "75%", "-3", "1e400", "reset", "NaN", "%"],
  ...["Service Desk", "VPN", "priorité", "équipe", "", " ", "\t", "\n", "/kpi", "?", ",", "..", "__proto__"],
];
const soup = fc.array(fc.constantFrom(...vocabulary), { maxLength: 12 }).map((words) => words.join(" "));
const glued = fc.array(fc.constantFrom(...vocabulary), { maxLength: 12 }).map((words) => words.join(""));

function checkOutcome(text: string): void {
  const out = parseCommand(text);
  if (out.ok) {
    expect(commandSchema.safeParse(out.command).success).toBe(true);
  } else {
    expect(out.problem.code).toBeTypeOf("string");
    for (const locale of ["en", "fr"] as const) {
      const reply = problemReply(out.problem, locale);
      expect(reply.fallback.length).toBeGreaterThan(0);
      // Every message key resolved: no raw "commands:" key or {{placeholder}} leaks to the user.
      if (!text.includes("commands:")) expect(reply.fallback).not.toMatch(/commands:/);
      if (!text.includes("{{")) expect(reply.fallback).not.toMatch(/\{\{/);
    }
  }
}

describe("parseCommand never throws", () => {
  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), checkOutcome), { numRuns: 2000 });
  });

  it("on arbitrary unicode", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), checkOutcome), { numRuns: 1000 });
  });

  it("on soups of its own vocabulary", () => {
    fc.assert(fc.property(soup, checkOutcome), { numRuns: 3000 });
    fc.assert(fc.property(glued, checkOutcome), { numRuns: 1000 });
  });

  it("on very long input", () => {
    fc.assert(fc.property(fc.string({ minLength: 900, maxLength: 3000 }), checkOutcome), { numRuns: 50 });
  });

  it("reads back every KPI id and alias followed by any period-like words", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...kpiWords()),
        fc.constantFrom("last month", "2026-10", "q3 2026", "mois dernier"),
        (kpi, period) => {
          const out = parseCommand(`${kpi} ${period}`);
          expect(out.ok && out.command.type === "kpi" && out.command.period === period).toBe(true);
        },
      ),
    );
  });
});
