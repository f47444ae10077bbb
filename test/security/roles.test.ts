import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeInteraction } from "../../src/commands/index.js";
import { fixedClock } from "../../src/core/clock.js";
import type { Platform } from "../../src/core/interaction.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

/** Exact identities: a user of one platform never acts as a user of another, and refusals name no ids. */
describe.each(await testProviders())("roles cannot be spoofed (%s)", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, {
      clock: fixedClock(new Date("2026-11-15T10:00:00Z")),
      env: { KPIBOT_ADMINS: "slack:U012ABC, teams:29:1abc", KPIBOT_SEED_DEMO: "false" },
    });
  });
  afterAll(async () => t.close());

  const run = (text: string, platform: Platform, id: string, name?: string) =>
    executeInteraction(t.app, {
      kind: "command",
      text,
      user: { platform, id, ...(name ? { name } : {}) },
      conversation: { platform, conversationId: "C1" },
    });

  it.each([
    ["teams", "slack:U012ABC"], // a Teams activity whose from.id looks like a Slack key
    ["teams", "U012ABC"], // the bare Slack id on another platform
    ["playground", "slack:U012ABC"],
    ["slack", "29:1abc"], // the Teams id, bare, on Slack
    ["slack", "teams:29:1abc"],
    ["teams", "29:1ab"], // a prefix of the admin's id
    ["teams", "29:1abc "], // trailing space
    ["teams", "29:1ABC"], // other case
    ["cli", "U012ABC"],
  ] as const)("%s user %j is a viewer, and role grant is refused and writes nothing", async (platform, id) => {
    const before = await t.app.repos.users.get("teams", "29:evil");
    const outcome = await run("role grant teams:29:evil admin", platform, id);
    expect(outcome.kind).toBe("denied");
    expect(before).toBeNull();
    expect((await t.app.repos.users.get("teams", "29:evil"))?.role ?? "viewer").toBe("viewer");
  });

  it("the configured admins are admins on their own platform, ids with colons included", async () => {
    expect((await run("role list", "slack", "U012ABC")).kind).toBe("reply");
    expect((await run("role list", "teams", "29:1abc")).kind).toBe("reply");
  });

  it("a refusal names admins by display name only, never by id, in the user's language", async () => {
    const anonymous = await run("role list", "slack", "U999");
    expect(anonymous.kind).toBe("denied");
    for (const leak of ["U012ABC", "29:1abc"]) expect(anonymous.reply.fallback).not.toContain(leak);
    expect(anonymous.reply.fallback).toContain("Ask one of kpibot's admins to run `role grant slack:U999 admin`");
    // Once the admin has been seen with a display name, the refusal says whom to ask.
    await run("whoami", "slack", "U012ABC", "Alice Martin");
    const named = await run("objectif fcr 80", "slack", "U999");
    expect(named.reply.fallback).toContain("Alice Martin");
    expect(named.reply.fallback).toContain("Demandez à un admin");
    for (const leak of ["U012ABC", "29:1abc"]) expect(named.reply.fallback).not.toContain(leak);
  });

  it("managers: granted by an admin, audited; a manager cannot change roles", async () => {
    const granted = await run("role grant slack:U5 manager", "slack", "U012ABC");
    expect(granted.reply.fallback).toContain("slack:U5 now has the manager role");
    expect((await t.app.repos.users.get("slack", "U5"))?.role).toBe("manager");
    expect((await t.app.repos.audit.recent(1))[0]).toMatchObject({
      actor: "slack:U012ABC",
      action: "role.grant",
      target: "slack:U5",
      details: { role: "manager", previous: "viewer" },
    });
    expect((await run("role grant slack:U6 admin", "slack", "U5")).kind).toBe("denied");
    const revoked = await run("role revoke slack:U5", "slack", "U012ABC");
    expect(revoked.reply.fallback).toContain("slack:U5 now has the viewer role");
  });
});
