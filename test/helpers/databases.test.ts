import { describe, expect, it } from "vitest";
import { postgresReachable, testProviders } from "./databases.js";

describe("test databases", () => {
  it("runs PostgreSQL tests in CI: reachable there, or the suite fails", async () => {
    const providers = await testProviders();
    expect(providers).toContain("sqlite");
    if (process.env.CI === "true") expect(await postgresReachable()).toBe(true);
    if (await postgresReachable()) expect(providers).toContain("postgresql");
  });
});
