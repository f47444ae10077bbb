import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { detectDelimiter, detectEncoding } from "../../src/import/detect.js";
import { parseDecimal, parseLocalInstant } from "../../src/import/local-values.js";

describe("dialect detection", () => {
  it("finds the delimiter of the header line, ignoring quoted ones", () => {
    expect(detectDelimiter("a;b;c\n1,5;2;3")).toBe(";");
    expect(detectDelimiter('"x;y",b,c\n')).toBe(",");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("single")).toBe(",");
  });

  it("tells UTF-8 (with or without BOM) from Windows-1252", () => {
    expect(detectEncoding(Buffer.from("\uFEFFTitre;Priorité", "utf8"))).toBe("utf-8");
    expect(detectEncoding(Buffer.from("Titre;Priorité;Très haute", "utf8"))).toBe("utf-8");
    const latin = iconv.encode("Titre;Priorité;Date de clôture\n1;Très haute;31/10/2026 14:05\n", "windows-1252");
    expect(detectEncoding(latin)).toBe("windows-1252");
  });
});

describe("lenient values", () => {
  it("reads decimal commas and digit groups", () => {
    expect(parseDecimal("1 234,56")).toBe(1234.56);
    expect(parseDecimal("1\u202f234,56")).toBe(1234.56);
    expect(parseDecimal("1.234,56")).toBe(1234.56);
    expect(parseDecimal("1,234.56")).toBe(1234.56);
    expect(parseDecimal("12,5")).toBe(12.5);
    expect(parseDecimal("1,234,567")).toBe(1234567);
    expect(parseDecimal("-3")).toBe(-3);
    expect(parseDecimal("abc")).toBeNull();
    expect(parseDecimal("1,2,3.4.5")).toBeNull();
  });

  it("reads French, ISO local and zoned dates; local ones in the given zone", () => {
    const at = (s: string, f?: string[]) => parseLocalInstant(s, "Europe/Paris", f);
    const iso = (v: number | string) => (typeof v === "number" ? new Date(v).toISOString() : v);
    expect(iso(at("31/10/2026 14:05"))).toBe("2026-10-31T13:05:00.000Z"); // CET
    expect(iso(at("01/07/2026"))).toBe("2026-06-30T22:00:00.000Z"); // CEST
    expect(iso(at("2026-07-01 08:30:15"))).toBe("2026-07-01T06:30:15.000Z");
    expect(iso(at("2026-07-01T08:30:00Z"))).toBe("2026-07-01T08:30:00.000Z");
    expect(iso(at("31/Oct/26 2:05 PM", ["dd/MMM/yy h:mm a"]))).toBe("2026-10-31T13:05:00.000Z");
    expect(at("30/02/2026")).toBe('"30/02/2026" is not a valid date and time');
    expect(at("tomorrow")).toMatch(/^"tomorrow" is not a date/);
  });
});
