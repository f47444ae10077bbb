import { describe, expect, it } from "vitest";
import { t, toLocale } from "./index.js";

describe("i18n", () => {
  it("translates a common key in both languages", () => {
    expect(t("en", "noData")).toBe("no data yet");
    expect(t("fr", "common:noData")).toBe("pas encore de données");
  });
  it("maps platform locales", () => {
    expect(toLocale("fr-FR")).toBe("fr");
    expect(toLocale("en_US")).toBe("en");
    expect(toLocale("de-DE")).toBeUndefined();
    expect(toLocale(undefined)).toBeUndefined();
  });
});
