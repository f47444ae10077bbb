import { describe, expect, it } from "vitest";
import { problemReply } from "../../src/commands/explain-problem.js";
import { chooseLocale, detectLocale } from "../../src/commands/locale.js";
import { commandTokens, parseCommand } from "../../src/commands/parser.js";

const words = (text: string) => commandTokens(text);

describe("reply language", () => {
  it("detects French and English words", () => {
    expect(detectLocale(words("mttr mois dernier par priorité"))).toBe("fr");
    expect(detectLocale(words("qui suis-je"))).toBe("fr");
    expect(detectLocale(words("tableau de bord"))).toBe("fr");
    expect(detectLocale(words("sla q3 by group"))).toBe("en");
    expect(detectLocale(words("fcr 2026-10"))).toBeUndefined();
  });

  it("ignores quoted values", () => {
    expect(detectLocale(words('fcr for group="le groupe de la semaine"'))).toBe("en");
  });

  it("prefers the platform locale, then the words, then the default", () => {
    expect(chooseLocale("fr-FR", words("fcr last month by group"), "en")).toBe("fr");
    expect(chooseLocale("de-DE", words("fcr mois dernier"), "en")).toBe("fr");
    expect(chooseLocale(undefined, words("fcr 2026-10"), "fr")).toBe("fr");
    expect(chooseLocale(undefined, words("fcr 2026-10"), "en")).toBe("en");
  });
});

describe("problem explanations", () => {
  function explain(text: string, locale: "en" | "fr") {
    const out = parseCommand(text);
    if (out.ok) throw new Error(`expected a problem for ${text}`);
    return problemReply(out.problem, locale).fallback;
  }

  it("says what was not understood, suggests, and gives an example, in English", () => {
    const text = explain("fcx last month", "en");
    expect(text).toContain("I don't know a command or KPI called `fcx`.");
    expect(text).toContain("Did you mean `fcr`?");
    expect(text).toContain("Try: `fcr last month`");
  });

  it("does the same in French, with French dimension words in examples", () => {
    const text = explain("fcr mois dernier par grope", "fr");
    expect(text).toContain("Je ne sais pas ventiler par `grope`.");
    expect(text).toContain("Vouliez-vous dire `groupe` ?");
    expect(text).toContain("Compris : indicateur `fcr`, période `mois dernier`.");
    expect(text).toContain("Essayez : `fcr mois dernier par groupe`");
  });

  it("lists the dimensions a KPI can be broken down by", () => {
    const text = explain("sla by question", "en");
    expect(text).toContain("`sla` can't be broken down by question; it can by: group, channel, priority");
    expect(text).toContain("Try: `sla last month by group`");
  });

  it("gives the allowed range of a target", () => {
    expect(explain("target nps 300", "en")).toContain("between -100 and 100");
  });
});
