import { describe, expect, it } from "vitest";
import { catalogs, namespace } from "../../src/i18n/catalog/index.js";

/*
 * French catalogs are typed by the English ones: `npm run typecheck` compiles this file, and each
 * `@ts-expect-error` below fails the typecheck if the error it expects stops happening — that is, if a
 * French catalog with a missing, stale or mistyped key were ever accepted again.
 */
const en = { hello: "hello", unit: { hours: "{{value}} h", tickets_one: "1 ticket" } } as const;

describe("French catalogs are typed by the English ones", () => {
  it("accepts a complete translation", () => {
    const ok = namespace({ en, fr: { hello: "bonjour", unit: { hours: "{{value}} h", tickets_one: "1 ticket" } } });
    expect(ok.fr.unit.hours).toBe("{{value}} h");
  });

  it("rejects a French catalog missing a key, at any depth (type errors)", () => {
    // @ts-expect-error `hello` is missing in French
    namespace({ en, fr: { unit: { hours: "{{value}} h", tickets_one: "1 ticket" } } });
    // @ts-expect-error `unit.tickets_one` is missing in French
    namespace({ en, fr: { hello: "bonjour", unit: { hours: "{{value}} h" } } });
  });

  it("rejects a stale French key and a non-string message (type errors)", () => {
    // @ts-expect-error `unit.gone` is not an English key
    namespace({ en, fr: { hello: "bonjour", unit: { hours: "{{value}} h", tickets_one: "1 ticket", gone: "x" } } });
    // @ts-expect-error a message is a string, not an object
    namespace({ en, fr: { hello: { text: "bonjour" }, unit: { hours: "{{value}} h", tickets_one: "1 ticket" } } });
  });

  it("holds for the real catalogs at run time too: the same keys in English and French", () => {
    const keys = (tree: unknown, prefix = ""): string[] =>
      Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) =>
        typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
      );
    for (const [name, catalog] of Object.entries(catalogs)) {
      expect(keys(catalog.fr).sort(), name).toEqual(keys(catalog.en).sort());
    }
  });
});
