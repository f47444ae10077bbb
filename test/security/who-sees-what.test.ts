import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeInteraction } from "../../src/commands/index.js";
import { fixedClock } from "../../src/core/clock.js";
import { insertFixtureTickets } from "../commands/fixture.js";
import { ask, clicked } from "../commands/helpers.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

/** Per-person figures and costs: admins and managers by default, a policy admins change from the chat. */
describe.each(await testProviders())("who sees what (%s)", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, {
      clock: fixedClock(new Date("2026-11-15T10:00:00Z")),
      env: { KPIBOT_ADMINS: "slack:UADMIN" },
    });
    await insertFixtureTickets(t.app);
    await ask(t.app, "role grant slack:UMGR manager", { user: "UADMIN" });
  });
  afterAll(async () => t.close());

  it.each([
    ["fcr 2026-10 by assignee", /per-person figures/],
    ["mttr 2026-10 for assignee=alice", /per-person figures/],
    ["budget 2026", /cost figures/],
    ["cost-per-ticket 2026-10", /cost figures/],
  ])("a viewer asking %j is told why, in English, and no query result is returned", async (text, why) => {
    const outcome = await ask(t.app, text, { user: "UVIEW" });
    expect(outcome.kind).toBe("denied");
    expect(outcome.reply.fallback).toMatch(why);
    expect(outcome.reply.fallback).toContain("Only managers and admins");
    expect(outcome.reply.fallback).not.toContain("UADMIN");
  });

  it("says it in French, and refuses the same question through a crafted button", async () => {
    const fr = await ask(t.app, "fcr 2026-10 par agent", { user: "UVIEW" });
    expect(fr.kind).toBe("denied");
    expect(fr.reply.fallback).toContain("donnée personnelle");
    const click = await executeInteraction(
      t.app,
      clicked("kpi.breakdown", "fcr 2026-10 by assignee", { user: "UVIEW" }),
    );
    expect(click.kind).toBe("denied");
  });

  it("managers and admins see them; the CLI operator too", async () => {
    expect((await ask(t.app, "fcr 2026-10 by assignee", { user: "UMGR" })).kind).toBe("kpi");
    expect((await ask(t.app, "fcr 2026-10 by assignee", { user: "UADMIN" })).kind).toBe("kpi");
    expect((await ask(t.app, "fcr 2026-10 by assignee", { user: "ops", platform: "cli" })).kind).toBe("kpi");
  });

  it("a viewer's scorecard leaves the cost KPIs out and says so", async () => {
    const viewer = await ask(t.app, "scorecard 2026-10", { user: "UVIEW" });
    const manager = await ask(t.app, "scorecard 2026-10", { user: "UMGR" });
    if (viewer.kind !== "scorecard" || manager.kind !== "scorecard") throw new Error("expected scorecards");
    const families = (results: typeof viewer.results) => results.map((r) => r.kpi);
    expect(
      families(viewer.results).filter((k) =>
        ["budget", "cost-per-ticket", "tco-workstation", "tco-infra", "service-cost"].includes(k),
      ),
    ).toEqual([]);
    expect(viewer.reply.fallback).toContain("Cost KPIs are left out");
    expect(manager.reply.fallback).not.toContain("Cost KPIs are left out");
  });

  it("only admins change the policy, audited; the new policy applies at once", async () => {
    expect((await ask(t.app, "policy personal viewer", { user: "UMGR" })).kind).toBe("denied");
    expect((await ask(t.app, "fcr 2026-10 by assignee", { user: "UVIEW" })).kind).toBe("denied");
    const shown = await ask(t.app, "policy", { user: "UVIEW" });
    expect(shown.reply.fallback).toContain("Per-person figures: manager and above");

    const changed = await ask(t.app, "politique personnel lecteur", { user: "UADMIN" });
    expect(changed.reply.fallback).toContain("visibles par lecteur");
    expect((await t.app.repos.audit.recent(1))[0]).toMatchObject({
      actor: "slack:UADMIN",
      action: "policy.set",
      target: "personal",
      details: { role: "viewer", previous: "manager" },
    });
    expect((await ask(t.app, "fcr 2026-10 by assignee", { user: "UVIEW" })).kind).toBe("kpi");
    // Costs keep their own rule.
    expect((await ask(t.app, "budget 2026", { user: "UVIEW" })).kind).toBe("denied");
    await ask(t.app, "policy personal manager", { user: "UADMIN" });
    expect((await ask(t.app, "fcr 2026-10 by assignee", { user: "UVIEW" })).kind).toBe("denied");
  });
});
