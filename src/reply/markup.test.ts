import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markupToPlain, parseMarkup, userCode, userText } from "./markup.js";

const text = (t: string) => ({ text: t, bold: false, code: false });

describe("reply markup", () => {
  it("reads **bold**, `code` and \\x escapes; a mark without its closing mark on the line is text", () => {
    expect(parseMarkup("a **b** `c` d")).toEqual([
      text("a "),
      { text: "b", bold: true, code: false },
      text(" "),
      { text: "c", bold: false, code: true },
      text(" d"),
    ]);
    expect(parseMarkup("**a `b` c**")).toEqual([
      { text: "a ", bold: true, code: false },
      { text: "b", bold: true, code: true },
      { text: " c", bold: true, code: false },
    ]);
    expect(parseMarkup("`a ** b` ** c")).toEqual([{ text: "a ** b", bold: false, code: true }, text(" ** c")]);
    expect(parseMarkup("**a\nb** `c\nd`")).toEqual([text("**a\nb** `c\nd`")]);
    expect(parseMarkup("\\*\\*a\\*\\* \\` \\q")).toEqual([text("**a** ` \\q")]);
    expect(parseMarkup("`a\\`b`")).toEqual([{ text: "a`b", bold: false, code: true }]);
  });

  it("userText makes any string literal: it parses back to exactly itself, never bold or code", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("*", "`", "\\", "_", "[", "]", "<", ">", "a", " ", "\n") }),
        (s) => {
          const spans = parseMarkup(userText(s));
          expect(spans.every((x) => !x.bold && !x.code)).toBe(true);
          expect(spans.map((x) => x.text).join("")).toBe(s);
        },
      ),
      { numRuns: 500 },
    );
    expect(userText("[click](https://evil.example) <!channel> **x**")).toBe(
      "\\[click\\](https://evil.example) \\<!channel\\> \\*\\*x\\*\\*",
    );
  });

  it("userCode quotes a user's words as code that a typed backtick cannot end", () => {
    expect(parseMarkup(`was ${userCode("a`**b**`c")} typed`)).toEqual([
      text("was "),
      { text: "a`**b**`c", bold: false, code: true },
      text(" typed"),
    ]);
    expect(markupToPlain(`try ${userCode("fcr")} or **help**`)).toBe("try `fcr` or help");
  });

  it("reads hostile input whole, without backtracking (no timing assertion: the result is checked)", () => {
    // Quadratic scanning of 360,000 characters would take minutes; the parse is two index passes.
    const hostile = "**`\\".repeat(60_000) + "`**".repeat(60_000);
    const text = parseMarkup(hostile)
      .map((s) => s.text)
      .join("");
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(hostile.length);
  });
});
