import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseUserArg } from "../../src/commands/index.js";
import { fixedClock } from "../../src/core/clock.js";
import { renderText } from "../../src/reply/render-text.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { insertFixtureTickets } from "./fixture.js";
import { asKpi, ask } from "./helpers.js";

describe("parseUserArg", () => {
  it.each([
    ["<@U123>", { platform: "slack", id: "U123" }],
    ["<@U123|bob>", { platform: "slack", id: "U123" }],
    ["teams:29:1abc", { platform: "teams", id: "29:1abc" }],
    ["29:1abc", { platform: "slack", id: "29:1abc" }],
    ["@alice", { platform: "slack", id: "alice" }],
    ["cli:ops", { platform: "cli", id: "ops" }],
  ])("%s", (raw, expected) => {
    expect(parseUserArg(raw, "slack")).toEqual(expected);
  });

  it("refuses what cannot be an id", () => {
    expect(parseUserArg("<script>", "slack")).toBeUndefined();
    expect(parseUserArg("a b", "slack")).toBeUndefined();
  });
});

describe.each(await testProviders())("roles and admin commands (%s)", (provider) => {
  let t: TestApp;
  // U1 (a bare Slack id) is Slack's U1 only, teams:T9 only on Teams.
  beforeAll(async () => {
    t = await createTestApp(provider, {
      clock: fixedClock(new Date("2026-11-15T10:00:00Z")),
      env: { KPIBOT_ADMINS: "U1, teams:T9" },
    });
    await insertFixtureTickets(t.app);
  });
  afterAll(async () => t.close());

  const audit = async () => (await t.app.repos.audit.recent(100)).reverse();

  it("denies target to a viewer, says who can grant it, and audits the attempt", async () => {
    const outcome = await ask(t.app, "target fcr 80", { user: "U2" });
    expect(outcome.kind).toBe("denied");
    expect(outcome.reply.fallback).toContain("Only an admin can set targets");
    expect(outcome.reply.fallback).toContain("role grant slack:U2 admin");
    // The refusal names no admin id (nobody to impersonate); U1 has no display name yet.
    expect(outcome.reply.fallback).not.toContain("U1");
    expect(outcome.reply.fallback).toContain("Ask one of kpibot's admins");
    expect(await t.app.repos.targets.all("fcr")).toEqual([]);
    expect((await audit()).at(-1)).toMatchObject({ actor: "slack:U2", action: "access.denied" });
  });

  it("lets an admin from KPIBOT_ADMINS set a target, audited, and the engine uses it", async () => {
    const outcome = await ask(t.app, "target fcr 40", { user: "U1" });
    expect(outcome.kind).toBe("reply");
    expect(outcome.reply.fallback).toContain("40");
    expect(await t.app.repos.targets.all("fcr")).toEqual([{ kpi: "fcr", dimension: "", dimValue: "", target: 40 }]);
    expect((await audit()).at(-1)).toMatchObject({
      actor: "slack:U1",
      action: "target.set",
      target: "fcr",
      details: { value: 40, previous: null },
    });
    const answer = asKpi(await ask(t.app, "fcr 2026-10", { user: "U2" }));
    expect(answer.result.target).toBe(40);
    expect(answer.result.status).toBe("on_target");
    expect(renderText((await ask(t.app, "explain fcr")).reply)).toMatch(/Target\s+40\s?%/u);
  });

  it("sets a target for one breakdown value and resets targets", async () => {
    await ask(t.app, 'objectif fcr 60 pour groupe="Service Desk N1"', { user: "U1" });
    expect(await t.app.repos.targets.all("fcr")).toContainEqual({
      kpi: "fcr",
      dimension: "group",
      dimValue: "Service Desk N1",
      target: 60,
    });
    const reset = await ask(t.app, "target fcr reset", { user: "U1" });
    expect(reset.reply.fallback).toContain("70");
    expect((await t.app.repos.targets.all("fcr")).map((x) => x.dimension)).toEqual(["group"]);
    expect((await audit()).at(-1)).toMatchObject({ action: "target.reset", details: { previous: 40 } });
  });

  it("validates the target range before anything is stored", async () => {
    const before = await t.app.repos.targets.all("escalation");
    const outcome = await ask(t.app, "target escalation 150", { user: "U1" });
    expect(outcome.kind).toBe("problem");
    expect(outcome.reply.fallback).toMatch(/between 0 and 100/);
    expect(await t.app.repos.targets.all("escalation")).toEqual(before);
  });

  it("validates the target's filter exactly as a KPI question's before anything is stored", async () => {
    const before = await t.app.repos.targets.all("fcr");
    const cases = [
      ["target fcr 75 for priority=abc", "fcr last month for priority=abc"],
      ["objectif fcr 75 pour priorité=abc", "fcr mois dernier pour priorité=abc"],
      ["target fcr 75 for level:x", "fcr last month for level:x"],
      ["target nps 30 for group=N1", "nps last month for group=N1"],
    ];
    for (const [target, question] of cases) {
      const refused = await ask(t.app, target ?? "", { user: "U1" });
      const asked = await ask(t.app, question ?? "", { user: "U1" });
      expect(refused.kind).toBe("problem");
      expect(asked.kind).toBe("problem");
      // The same message (what is wrong, what was understood aside), in the same language.
      expect(refused.reply.blocks[0]).toEqual(asked.reply.blocks[0]);
    }
    const refused = await ask(t.app, "target fcr 75 for priority=abc", { user: "U1" });
    expect(renderText(refused.reply)).toContain("priority is a number: `abc` is not one.");
    expect(renderText(refused.reply)).toContain("Try: `target fcr 70 for priority=2`");
    expect(await t.app.repos.targets.all("fcr")).toEqual(before);
    // A value the engine reads (P2 is priority 2) is stored as typed.
    expect((await ask(t.app, "target fcr 75 for priority=P2", { user: "U1" })).kind).toBe("reply");
    expect(await t.app.repos.targets.all("fcr")).toContainEqual({
      kpi: "fcr",
      dimension: "priority",
      dimValue: "P2",
      target: 75,
    });
  });

  it("honours platform-scoped admins: teams:T9 is an admin on Teams only", async () => {
    expect((await ask(t.app, "role list", { user: "T9", platform: "teams" })).kind).toBe("reply");
    expect((await ask(t.app, "role list", { user: "T9", platform: "slack" })).kind).toBe("denied");
  });

  it("grants and revokes admin, audited, and the new admin can act", async () => {
    expect((await ask(t.app, "role grant <@U3> admin", { user: "U2" })).kind).toBe("denied");
    const granted = await ask(t.app, "role grant <@U3> admin", { user: "U1" });
    expect(granted.reply.fallback).toContain("slack:U3 now has the admin role");
    expect((await audit()).at(-1)).toMatchObject({ actor: "slack:U1", action: "role.grant", target: "slack:U3" });
    expect((await ask(t.app, "target mttr 12", { user: "U3" })).kind).toBe("reply");
    const list = await ask(t.app, "role list", { user: "U3" });
    expect(list.reply.fallback).toContain("slack:U3");
    expect(list.reply.fallback).toContain("U1");

    const revoked = await ask(t.app, "role retirer slack:U3 admin", { user: "U1" });
    expect(revoked.reply.locale).toBe("fr");
    expect(revoked.reply.fallback).toContain("slack:U3 a maintenant le rôle lecteur");
    expect((await audit()).at(-1)).toMatchObject({ action: "role.revoke", target: "slack:U3" });
    expect((await ask(t.app, "target mttr 10", { user: "U3" })).kind).toBe("denied");
  });

  it("does not revoke an admin that KPIBOT_ADMINS names, and says where to do it", async () => {
    const count = (await audit()).length;
    const outcome = await ask(t.app, "role revoke U1 admin", { user: "U1" });
    expect(outcome.reply.fallback).toContain("KPIBOT_ADMINS");
    expect((await audit()).length).toBe(count);
  });

  it("tells users their role", async () => {
    expect((await ask(t.app, "whoami", { user: "U1" })).reply.fallback).toContain("admin");
    expect((await ask(t.app, "qui suis-je", { user: "U8" })).reply.fallback).toContain("lecteur");
  });
});
