import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Repositories } from "../../src/store/repositories.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

// One contract, run against both databases: the repositories behave the same on SQLite and PostgreSQL.
describe.each(await testProviders())("repositories on %s", (provider) => {
  let t: TestApp;
  let repos: Repositories;
  beforeAll(async () => {
    t = await createTestApp(provider);
    repos = t.app.repos;
  });
  afterAll(async () => t.close());

  it("users: created as viewer on first sight, updated, promoted, found by email", async () => {
    expect(await repos.users.get("slack", "U1")).toBeNull();
    const u = await repos.users.touch({
      platform: "slack",
      platformUserId: "U1",
      name: "Ana",
      email: "Ana@Example.org",
    });
    expect(u).toMatchObject({ role: "viewer", name: "Ana", email: "ana@example.org", favouriteKpis: [] });
    await repos.users.touch({ platform: "slack", platformUserId: "U1", locale: "fr-FR" });
    expect(await repos.users.get("slack", "U1")).toMatchObject({ name: "Ana", locale: "fr-FR" });
    expect((await repos.users.setRole("slack", "U1", "admin")).role).toBe("admin");
    expect((await repos.users.findByEmail("ANA@example.org")).map((x) => x.platformUserId)).toEqual(["U1"]);
    // Same id on another platform is another user.
    expect(await repos.users.get("teams", "U1")).toBeNull();
    await repos.users.setFavourites("slack", "U1", ["fcr", "sla"]);
    expect((await repos.users.get("slack", "U1"))?.favouriteKpis).toEqual(["fcr", "sla"]);
  });

  it("users: many read at once (a burst of clicks) each get their own row or null, across platforms; on PostgreSQL in one query per platform; a read asked after a write sees it", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `B${i}`);
    for (const id of ids.filter((_, i) => i % 2 === 0))
      await repos.users.touch({ platform: "slack", platformUserId: id, name: `n-${id}`, locale: "fr-FR" });
    await repos.users.touch({ platform: "teams", platformUserId: "B1", name: "teams-B1" });
    const queries = vi.spyOn(t.app.db, "query");
    try {
      const asked: ["slack" | "teams", string][] = [
        ...ids.map((id) => ["slack", id] as ["slack", string]),
        ["teams", "B1"],
        ["teams", "B0"],
        ["slack", "B2"],
      ];
      const rows = await Promise.all(asked.map(([platform, id]) => repos.users.get(platform, id)));
      const expected = asked.map(([platform, id]) =>
        platform === "teams" ? (id === "B1" ? "teams-B1" : null) : Number(id.slice(1)) % 2 === 0 ? `n-${id}` : null,
      );
      expect(rows.map((r) => r?.name ?? null)).toEqual(expected);
      expect(rows.filter((r) => r !== null).every((r) => r?.role === "viewer")).toBe(true);
      const reads = queries.mock.calls.filter(([sql]) => String(sql).includes("FROM chat_users")).length;
      // SQLite reads each row at once (no round trip to save); PostgreSQL one query for Slack, one for Teams.
      expect(reads).toBe(provider === "postgresql" ? 2 : asked.length);
    } finally {
      queries.mockRestore();
    }
    // A read asked right after a write, while others are asked in the same instant, sees the write.
    const write = repos.users.touch({ platform: "slack", platformUserId: "B1", name: "now named" });
    const [, written] = await Promise.all([repos.users.get("slack", "B3"), write]);
    expect(written.name).toBe("now named");
    expect((await Promise.all([repos.users.get("slack", "B1"), repos.users.get("slack", "B5")]))[0]?.name).toBe(
      "now named",
    );
  });

  it("conversations: saved once per platform + conversation, updated in place, read back whole", async () => {
    const id = await repos.conversations.save({
      platform: "teams",
      conversationId: "19:abc",
      serviceUrl: "https://smba.example/",
      tenantId: "T1",
      data: { bot: { id: "28:b" } },
    });
    const again = await repos.conversations.save({
      platform: "teams",
      conversationId: "19:abc",
      serviceUrl: "https://smba2.example/",
      tenantId: "T1",
    });
    expect(again).toBe(id);
    expect(await repos.conversations.get(id)).toMatchObject({
      platform: "teams",
      conversationId: "19:abc",
      serviceUrl: "https://smba2.example/",
      tenantId: "T1",
    });
    const slack = await repos.conversations.save({
      platform: "slack",
      conversationId: "C1",
      teamId: "T9",
      threadTs: "1700000000.000100",
    });
    expect(await repos.conversations.find("slack", "C1")).toMatchObject({
      id: slack,
      teamId: "T9",
      threadTs: "1700000000.000100",
    });
    expect(await repos.conversations.find("slack", "C2")).toBeNull();
  });

  it("audit: records entries, newest first, with their details", async () => {
    await repos.audit.record({ actor: "slack:U1", action: "target.set", target: "fcr", details: { from: 70, to: 75 } });
    await repos.audit.record({ actor: "slack:U1", action: "role.grant", target: "slack:U2" });
    const recent = await repos.audit.recent(10);
    expect(recent.map((e) => e.action)).toEqual(["role.grant", "target.set"]);
    expect(recent[1]?.details).toEqual({ from: 70, to: 75 });
    expect(recent[0]?.details).toBeNull();
  });

  it("settings: absent until set, overwritten in place, read back exactly", async () => {
    expect(await repos.settings.get("policy.personal")).toBeNull();
    await repos.settings.set("policy.personal", "viewer", "slack:U1");
    await repos.settings.set("policy.personal", "admin", "slack:U2");
    expect(await repos.settings.get("policy.personal")).toBe("admin");
    expect(await repos.settings.get("policy.costs")).toBeNull();
    const rows = await t.app.db.query<{ updated_by: string }>("SELECT updated_by FROM settings");
    expect(rows).toEqual([{ updated_by: "slack:U2" }]);
  });

  it("users: a manager role is stored and read back; an unknown stored role reads as viewer", async () => {
    await repos.users.setRole("slack", "UM", "manager");
    expect((await repos.users.get("slack", "UM"))?.role).toBe("manager");
    await t.app.db.query("UPDATE chat_users SET role = ? WHERE platform_user_id = ?", ["superuser", "UM"]);
    expect((await repos.users.get("slack", "UM"))?.role).toBe("viewer");
  });

  it("targets: set, overwrite, per breakdown value, remove", async () => {
    await repos.targets.set({ kpi: "fcr", dimension: "", dimValue: "", target: 72, updatedBy: "slack:U1" });
    await repos.targets.set({ kpi: "fcr", dimension: "", dimValue: "", target: 75, updatedBy: "slack:U1" });
    await repos.targets.set({
      kpi: "fcr",
      dimension: "group",
      dimValue: "Service Desk N1",
      target: 80,
      updatedBy: "slack:U1",
    });
    expect(await repos.targets.all("fcr")).toEqual([
      { kpi: "fcr", dimension: "", dimValue: "", target: 75 },
      { kpi: "fcr", dimension: "group", dimValue: "Service Desk N1", target: 80 },
    ]);
    expect(await repos.targets.remove("fcr", "group", "Service Desk N1")).toBe(true);
    expect(await repos.targets.remove("fcr", "group", "Service Desk N1")).toBe(false);
    expect(await repos.targets.all("sla")).toEqual([]);
  });

  it("users.withRoles: only the roles asked for, ordered by platform then id, names as stored (null when unknown)", async () => {
    await repos.users.setRole("teams", "29:b", "admin");
    await repos.users.touch({ platform: "slack", platformUserId: "UA", name: "Zoé" });
    await repos.users.setRole("slack", "UA", "admin");
    await repos.users.setRole("slack", "UB", "manager");
    await repos.users.setRole("slack", "UC", "viewer");
    const granted = (await repos.users.withRoles(["admin", "manager"])).filter((u) =>
      ["29:b", "UA", "UB", "UC"].includes(u.platformUserId),
    );
    expect(granted).toEqual([
      { platform: "slack", platformUserId: "UA", role: "admin", name: "Zoé" },
      { platform: "slack", platformUserId: "UB", role: "manager", name: null },
      { platform: "teams", platformUserId: "29:b", role: "admin", name: null },
    ]);
    expect((await repos.users.withRoles(["manager"])).map((u) => u.platformUserId)).not.toContain("UA");
  });

  it("conversations.teamsMentioning: Teams references whose data names the user, newest update first", async () => {
    const personal = (user: string, id: string) => ({
      platform: "teams" as const,
      conversationId: id,
      data: { reference: { user: { id: user }, conversation: { id, conversationType: "personal" } } },
    });
    const a = await repos.conversations.save(personal("29:zed", "a:1"));
    const b = await repos.conversations.save(personal("29:zed", "a:2"));
    await repos.conversations.save(personal("29:other", "a:3"));
    // Same id on Slack is not a Teams chat.
    await repos.conversations.save({ platform: "slack", conversationId: "D1", data: { note: "29:zed" } });
    const touched = (id: number, at: string) =>
      t.app.db.execute("UPDATE conversation_refs SET updated_at = ? WHERE id = ?", [new Date(at), id]);
    await touched(a, "2026-11-02T00:00:00Z");
    await touched(b, "2026-11-01T00:00:00Z");
    expect(await repos.conversations.teamsMentioning("29:zed")).toEqual([a, b]);
    await touched(b, "2026-11-03T00:00:00Z");
    expect(await repos.conversations.teamsMentioning("29:zed")).toEqual([b, a]);
    expect(await repos.conversations.teamsMentioning("29:nobody")).toEqual([]);
  });

  it("health.ping resolves while the database answers", async () => {
    await expect(repos.health.ping()).resolves.toBeUndefined();
  });
});
