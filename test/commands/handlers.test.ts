import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { executeInteraction } from "../../src/commands/index.js";
import { fixedClock } from "../../src/core/clock.js";
import { renderText } from "../../src/reply/render-text.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { insertFixtureTickets } from "./fixture.js";
import { asKpi, ask, clicked } from "./helpers.js";

const NOW = new Date("2026-11-15T10:00:00Z");

describe.each(await testProviders())("command handlers end to end (%s)", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, { clock: fixedClock(NOW) });
    await insertFixtureTickets(t.app);
  });
  afterAll(async () => t.close());

  it("answers fcr for a month with the values computed by hand", async () => {
    const { result, query } = asKpi(await ask(t.app, "fcr 2026-10"));
    expect(query.period.label).toBe("2026-10");
    expect(result.value).toBeCloseTo(50, 6);
    expect(result.previous.value).toBeCloseTo(100, 6);
    expect(result.target).toBe(70);
    expect(result.status).toBe("off_target");
  });

  it("puts a ticket resolved at 23:30 UTC on 31 October in November (Paris)", async () => {
    expect(asKpi(await ask(t.app, "fcr 2026-11")).result.value).toBeCloseTo(0, 6);
  });

  it("answers escalation, mttr and sla", async () => {
    expect(asKpi(await ask(t.app, "escalation 2026-10")).result.value).toBeCloseTo(50, 6);
    expect(asKpi(await ask(t.app, "mttr 2026-10")).result.value).toBeCloseTo(37.5, 6);
    expect(asKpi(await ask(t.app, "sla 2026-10")).result.value).toBeCloseTo((2 / 3) * 100, 6);
  });

  it("answers in French with a breakdown, relative to the clock", async () => {
    const outcome = asKpi(await ask(t.app, "fcr mois dernier par groupe"));
    expect(outcome.reply.locale).toBe("fr");
    expect(outcome.result.period.label).toBe("2026-10");
    const rows = Object.fromEntries((outcome.result.breakdown?.rows ?? []).map((r) => [r.key, r.value]));
    expect(rows["Service Desk N1"]).toBeCloseTo(100, 6);
    expect(rows.N2).toBeCloseTo(0, 6);
  });

  it("applies filters, including quoted values", async () => {
    expect(asKpi(await ask(t.app, "fcr last month for service=VPN")).result.value).toBeCloseTo(50, 6);
    const quoted = asKpi(await ask(t.app, 'fcr 2026-10 for group="Service Desk N1"'));
    expect(quoted.result.value).toBeCloseTo(100, 6);
    expect(quoted.result.n).toBe(2);
  });

  it("compares with the period after vs", async () => {
    const { result } = asKpi(await ask(t.app, "fcr 2026-11 vs 2026-09"));
    expect(result.previous.period.label).toBe("2026-09");
    expect(result.previous.value).toBeCloseTo(100, 6);
  });

  it("explains a misspelt KPI with a suggestion instead of failing", async () => {
    const outcome = await ask(t.app, "fcx 2026-10");
    expect(outcome.kind).toBe("problem");
    expect(outcome.reply.fallback).toContain("`fcr`");
    expect(outcome.reply.ephemeral).toBe(true);
  });

  it("explains a period it cannot read, with a corrected command", async () => {
    const outcome = await ask(t.app, "fcr last mnth");
    expect(outcome.kind).toBe("problem");
    if (outcome.kind !== "problem") return;
    expect(outcome.problem.code).toBe("bad_period");
    expect(outcome.problem.suggestions).toEqual(["fcr last month"]);
    expect(outcome.problem.understood).toEqual([{ kind: "kpi", text: "fcr" }]);
  });

  it("answers privately, and visibly when shared", async () => {
    expect((await ask(t.app, "fcr 2026-10")).reply.ephemeral).toBe(true);
    expect((await ask(t.app, "fcr 2026-10 share")).reply.ephemeral).toBeFalsy();
    const shared = await executeInteraction(t.app, clicked("kpi.share", "fcr 2026-10"));
    expect(shared.kind).toBe("kpi");
    expect(shared.reply.ephemeral).toBeFalsy();
  });

  it("runs every button of a KPI answer as the command it carries", async () => {
    const { reply } = asKpi(await ask(t.app, "fcr 2026-10 for service=VPN"));
    const actions = reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
    expect(actions.map((a) => a.actionId).sort()).toEqual([
      "kpi.breakdown",
      "kpi.explain",
      "kpi.previous",
      "kpi.rows",
      "kpi.share",
    ]);
    for (const action of actions) {
      const outcome = await executeInteraction(t.app, clicked(action.actionId, action.value));
      expect(outcome.kind, `${action.actionId}: ${action.value}`).toMatch(/^(kpi|reply)$/);
    }
    const previous = actions.find((a) => a.actionId === "kpi.previous");
    const answer = asKpi(await executeInteraction(t.app, clicked("kpi.previous", previous?.value ?? "")));
    expect(answer.result.period.label).toBe("2026-09");
    expect(answer.result.filters).toEqual([{ dimension: "service", value: "VPN" }]);
  });

  it("answers a button in the language the user last typed in", async () => {
    await ask(t.app, "fcr mois dernier", { user: "UFR" });
    const outcome = await executeInteraction(t.app, clicked("kpi.explain", "explain fcr", { user: "UFR" }));
    expect(outcome.reply.locale).toBe("fr");
  });

  it("says so for an unknown button", async () => {
    const outcome = await executeInteraction(t.app, clicked("kpi.nope", "x"));
    expect(outcome.kind).toBe("reply");
    expect(outcome.reply.fallback).toMatch(/no longer supported/);
  });

  it("builds a scorecard of the KPIs with data, weakest first", async () => {
    const outcome = await ask(t.app, "scorecard 2026-10");
    expect(outcome.kind).toBe("scorecard");
    if (outcome.kind !== "scorecard") return;
    const withData = Object.fromEntries(outcome.results.filter((r) => r.value !== null).map((r) => [r.kpi, r.value]));
    expect(withData.fcr).toBeCloseTo(50, 6);
    expect(withData.reopen).toBeCloseTo(0, 6);
    expect(withData.mtta).toBeUndefined();
    // fcr (off target) is listed before reopen (on target).
    const text = renderText(outcome.reply);
    expect(text.indexOf("First contact resolution")).toBeGreaterThan(-1);
    expect(text.indexOf("First contact resolution")).toBeLessThan(text.indexOf("Reopen"));
  });

  it("explains a KPI, lists the catalog and helps, in both languages", async () => {
    expect((await ask(t.app, "explain fcr")).reply.fallback).toContain("first contact");
    expect((await ask(t.app, "explique fcr")).reply.locale).toBe("fr");
    expect(renderText((await ask(t.app, "list")).reply)).toContain("sla-response");
    const help = await ask(t.app, "aide");
    expect(help.reply.locale).toBe("fr");
    expect(help.reply.fallback).toContain("qui suis-je");
  });

  it("records the user and the conversation of every interaction", async () => {
    await ask(t.app, "whoami", { user: "U77", conversation: "C77" });
    expect(await t.app.repos.users.get("slack", "U77")).toMatchObject({ role: "viewer" });
    expect(await t.app.repos.conversations.find("slack", "C77")).toMatchObject({ conversationId: "C77" });
  });

  it("keeps what is stored about a conversation when an interaction does not say it", async () => {
    await t.app.repos.conversations.save({ platform: "slack", conversationId: "C88", teamId: "T1", name: "ops" });
    await ask(t.app, "whoami", { conversation: "C88" });
    expect(await t.app.repos.conversations.find("slack", "C88")).toMatchObject({ teamId: "T1", name: "ops" });
  });

  it("turns an unexpected error into a friendly reply with an id, and logs it", async () => {
    const failing = vi.spyOn(t.app.kpi, "answer").mockRejectedValueOnce(new Error("database on fire"));
    const logged = vi.spyOn(t.app.logger, "error");
    const outcome = await ask(t.app, "fcr 2026-10");
    failing.mockRestore();
    expect(outcome.kind).toBe("error");
    if (outcome.kind !== "error") return;
    expect(outcome.reply.fallback).toContain(outcome.errorId);
    expect(outcome.reply.fallback).not.toContain("database on fire");
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ errorId: outcome.errorId }), "command failed");
    logged.mockRestore();
  });
});
