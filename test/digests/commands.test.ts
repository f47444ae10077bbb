import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDue } from "../../src/scheduler/run-due.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { ask, deliveries, insertTickets, jobs, movableClock, recordingMessenger } from "./helpers.js";

// Monday 16 November 2026, 07:00 in Paris. "Yesterday" for a fire on the 16th is Sunday 15 November.
const START = new Date("2026-11-16T06:00:00Z");

/**
 * Hand-computed fixture. Resolved on 15 Nov: A (N1, FCR, 2 h, in SLA), B (N1, FCR, 4 h, late),
 * C (N2, not FCR, 6 h, in SLA), D (N2, not FCR, 8 h, in SLA) → FCR 2/4 = 50 %, SLA 3/4 = 75 %,
 * MTTR (2+4+6+8)/4 = 5 h. On 14 Nov: E (N1, FCR, 1 h), F (N2, FCR, 3 h) → FCR 100 %, SLA 100 %, MTTR 2 h.
 * FCR by group: N1 100 % → 100 %, N2 100 % → 0 % (what moved). SLA by group: N1 100 % → 50 %.
 */
const TICKETS = [
  {
    id: "A",
    opened: "2026-11-15T08:00:00Z",
    resolved: "2026-11-15T10:00:00Z",
    due: "2026-11-15T12:00:00Z",
    fcr: true,
    group: "N1",
  },
  {
    id: "B",
    opened: "2026-11-15T07:00:00Z",
    resolved: "2026-11-15T11:00:00Z",
    due: "2026-11-15T10:00:00Z",
    fcr: true,
    group: "N1",
  },
  {
    id: "C",
    opened: "2026-11-15T06:00:00Z",
    resolved: "2026-11-15T12:00:00Z",
    due: "2026-11-15T20:00:00Z",
    fcr: false,
    group: "N2",
  },
  {
    id: "D",
    opened: "2026-11-15T05:00:00Z",
    resolved: "2026-11-15T13:00:00Z",
    due: "2026-11-15T20:00:00Z",
    fcr: false,
    group: "N2",
  },
  {
    id: "E",
    opened: "2026-11-14T09:00:00Z",
    resolved: "2026-11-14T10:00:00Z",
    due: "2026-11-14T12:00:00Z",
    fcr: true,
    group: "N1",
  },
  {
    id: "F",
    opened: "2026-11-14T08:00:00Z",
    resolved: "2026-11-14T11:00:00Z",
    due: "2026-11-14T12:00:00Z",
    fcr: true,
    group: "N2",
  },
];

describe.each(await testProviders())("digest and alert chat commands (%s)", (provider) => {
  let t: TestApp;
  const clock = movableClock(START);

  beforeAll(async () => {
    t = await createTestApp(provider, { clock, env: { KPIBOT_ADMINS: "U1", KPIBOT_SEED_DEMO: "false" } });
    await insertTickets(t.app.db, TICKETS);
  });
  afterAll(async () => t.close());

  it("viewers are refused (and audited); help is open to all", async () => {
    const denied = await ask(t.app, "digest add daily 08:30 fcr", { user: "U2" });
    expect(denied.kind).toBe("reply");
    expect(denied.text).toContain("Only an admin can manage digests");
    expect((await ask(t.app, "alert list", { user: "U2" })).text).toContain("Only an admin can manage alerts");
    expect((await ask(t.app, "digest", { user: "U2" })).text).toContain("digest add weekly monday 08:30");
    expect(await t.app.repos.digests.all()).toHaveLength(0);
    const audit = await t.app.repos.audit.recent(5);
    expect(audit.filter((a) => a.action === "access.denied" && a.actor === "slack:U2")).toHaveLength(2);
  });

  it("an admin adds a digest for the channel it is typed in: stored, audited, confirmed with the next fire", async () => {
    const added = await ask(t.app, "digest add daily 08:30 fcr,sla,mttr by group", { conversation: "C1" });
    expect(added.text).toBe(
      "✅ Digest #1 added for this channel: every day at 08:30 (Europe/Paris), KPIs fcr, sla, mttr, period yesterday, by group. Next: 16 Nov 2026, 08:30.",
    );
    const [s] = await t.app.repos.digests.all();
    const ref = await t.app.repos.conversations.find("slack", "C1");
    expect(s).toMatchObject({
      frequency: "daily",
      time: "08:30",
      timezone: "Europe/Paris",
      kpis: ["fcr", "sla", "mttr"],
    });
    expect(s?.conversationRefId).toBe(ref?.id);
    expect((await t.app.repos.audit.recent(1))[0]).toMatchObject({
      actor: "slack:U1",
      action: "digest.add",
      target: "digest:1",
    });
  });

  it("the posted digest: period header, weakest first with what moved, one scorecard chart, the time zone in the footer", async () => {
    const m = recordingMessenger();
    await runDue(t.app, jobs, { messengers: { slack: m }, now: new Date("2026-11-16T07:30:05Z") });
    expect(m.posts).toHaveLength(1);
    const post = m.posts[0];
    expect(post?.ref).toMatchObject({ platform: "slack", conversationId: "C1", teamId: "T1" });
    const lines = (post?.text ?? "").split("\n").filter((l) => l.trim() !== "" && !/^=+$/.test(l));
    expect(lines[0]).toBe("📬 Digest — 15 November 2026");
    expect(lines[1]).toBe("🔴 First contact resolution: 50 % (-50 pts, was 100 %) · off target, target 70 %");
    expect(lines[2]).toMatch(/^ +↳ what moved: group N2, 100 % → 0 % \(impact -/);
    expect(lines[3]).toBe("🔴 SLA compliance (resolution): 75 % (-25 pts, was 100 %) · off target, target 95 %");
    expect(lines[4]).toMatch(/^ +↳ what moved: group N1, 100 % → 50 % \(impact -/);
    expect(lines[5]).toBe("🟢 Mean time to resolve: 5 h (+150 %, was 2 h) · on target, target 24 h");
    const charts = post?.reply.blocks.filter((b) => b.type === "chart") ?? [];
    expect(charts).toHaveLength(1);
    const chart = charts[0];
    expect(chart?.type === "chart" && chart.spec.kind).toBe("scorecard");
    expect(chart?.type === "chart" && chart.spec.categories).toEqual([
      "First contact resolution",
      "SLA compliance (resolution)",
      "Mean time to resolve",
    ]);
    expect(lines.at(-1)).toBe("· Digest #1 · every day at 08:30 · times in Europe/Paris");
  });

  it("list, pause, resume, remove (in French too)", async () => {
    clock.set("2026-11-16T08:00:00Z");
    const list = await ask(t.app, "digest list");
    expect(list.text).toContain(
      "#1 every day at 08:30 (Europe/Paris) — fcr, sla, mttr, period yesterday, by group → this channel",
    );
    expect(list.text).toContain("next 17 Nov 2026, 08:30 · last sent (16 Nov 2026, 08:30)");
    expect((await ask(t.app, "résumé suspendre 1")).text).toBe(
      "✅ Résumé n° 1 suspendu : rien n'est publié avant `résumé reprendre 1`.",
    );
    expect((await ask(t.app, "digest pause 1")).text).toContain("already paused");
    // While paused, fires are neither sent nor logged; resuming does not replay them.
    const m = recordingMessenger();
    await runDue(t.app, jobs, { messengers: { slack: m }, now: new Date("2026-11-17T07:30:05Z") });
    clock.set("2026-11-17T08:00:00Z");
    expect((await ask(t.app, "digest resume 1")).text).toContain("Digest #1 resumed");
    await runDue(t.app, jobs, { messengers: { slack: m }, now: new Date("2026-11-17T08:01:00Z") });
    expect(m.posts).toHaveLength(0);
    expect((await deliveries(t.app.db)).map((d) => d.fire.toISOString())).toEqual(["2026-11-16T07:30:00.000Z"]);
    const removed = await ask(t.app, "digest remove 1", { conversation: "C9" });
    expect(removed.text).toBe("✅ Digest #1 removed.");
    expect((await ask(t.app, "digest remove 1")).text).toContain("There is no digest #1");
    const actions = (await t.app.repos.audit.recent(10)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["digest.pause", "digest.resume", "digest.remove"]));
  });

  it("French: résumé ajouter … answers in French with the localized default period", async () => {
    const added = await ask(t.app, "résumé ajouter hebdo lundi 9h fcr,sla fuseau Europe/London");
    expect(added.text).toMatch(
      /^✅ Résumé n° \d+ ajouté pour ce canal : chaque lundi à 09:00 \(Europe\/London\), indicateurs fcr, sla, période semaine dernière\./,
    );
  });

  it("bad input gets a friendly answer with a suggestion", async () => {
    const typo = await ask(t.app, "digest add daily 08:30 fcx");
    expect(typo.text).toContain("I don't know a KPI called `fcx`");
    expect(typo.text).toContain("Did you mean `fcr`?");
    expect((await ask(t.app, "digest add daily 08:30 fcr period someday")).text).toContain(
      "I can't read the period `someday`",
    );
    expect((await ask(t.app, "digest add daily 08:30 budget by group")).text).toContain(
      "None of budget can be broken down by group",
    );
  });

  it("preview shows the digest here and posts nothing", async () => {
    clock.set("2026-11-16T09:00:00Z");
    const before = (await deliveries(t.app.db)).length;
    const preview = await ask(t.app, "digest preview fcr,mttr period yesterday");
    expect(preview.reply.ephemeral).toBe(true);
    expect(preview.text).toContain("📬 Digest — 15 November 2026");
    expect(preview.text).toContain("🔴 First contact resolution: 50 %");
    expect(preview.text).toContain("Preview · times in Europe/Paris · nothing was posted");
    expect(await deliveries(t.app.db)).toHaveLength(before);
  });

  it("alerts: add (EN/FR), list, pause, resume, remove", async () => {
    const added = await ask(t.app, "alert add fcr below 60 for group=N2 check hourly every-breach");
    expect(added.text).toMatch(
      /^✅ Alert #1 added for this channel: First contact resolution \(group=N2\) below 60 %, checked hourly, told at every breach \(Europe\/Paris\)\. Next check: /,
    );
    const fr = await ask(t.app, "alerte ajouter sla variation -10%");
    expect(fr.text).toContain(
      "Alerte n° 2 ajoutée pour ce canal : Respect des SLA (résolution) en variation de -10 % ou plus",
    );
    expect((await ask(t.app, "alert add channel-mix above 10")).text).toContain("is a distribution");
    // Refused with the reply a KPI question with that filter gets.
    expect((await ask(t.app, "alert add budget below 90 for group=N1")).text).toContain(
      "`budget` can't be broken down by group; it can by: category, service.",
    );
    const list = await ask(t.app, "alert list");
    expect(list.text).toContain("2 alerts");
    expect(list.text).toContain(
      "#1 First contact resolution (group=N2) below 60 % — checked hourly, told at every breach",
    );
    expect((await ask(t.app, "alert pause 2")).text).toBe("✅ Alert #2 paused.");
    expect((await ask(t.app, "alert resume 2")).text).toBe("✅ Alert #2 resumed.");
    expect((await ask(t.app, "alert remove 2")).text).toBe("✅ Alert #2 removed.");
    expect((await ask(t.app, "alert remove 2")).text).toContain("There is no alert #2");
  });
});
