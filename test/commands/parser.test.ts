import { describe, expect, it } from "vitest";
import type { Command } from "../../src/commands/command-types.js";
import { parseCommand } from "../../src/commands/parser.js";

function command(text: string): Command {
  const out = parseCommand(text);
  if (!out.ok) throw new Error(`expected a command for "${text}", got ${JSON.stringify(out.problem)}`);
  return out.command;
}

function problem(text: string) {
  const out = parseCommand(text);
  if (out.ok) throw new Error(`expected a problem for "${text}", got ${JSON.stringify(out.command)}`);
  return out.problem;
}

describe("KPI questions (English)", () => {
  it("reads a KPI and a period", () => {
    expect(command("fcr last month")).toEqual({
      type: "kpi",
      kpi: "fcr",
      period: "last month",
      filters: [],
      share: false,
    });
  });

  it("reads a breakdown", () => {
    expect(command("sla q3 by group")).toMatchObject({ kpi: "sla", period: "q3", breakdown: "group" });
  });

  it("reads filters, unquoted and quoted, with = or :", () => {
    expect(command("escalation 2026-10 for service=VPN")).toMatchObject({
      kpi: "escalation",
      period: "2026-10",
      filters: [{ dimension: "service", value: "VPN" }],
    });
    expect(command('fcr for group="Service Desk N1" and service = “Mail Box”')).toMatchObject({
      filters: [
        { dimension: "group", value: "Service Desk N1" },
        { dimension: "service", value: "Mail Box" },
      ],
    });
    expect(command("fcr 2026-10 priority:P1")).toMatchObject({ filters: [{ dimension: "priority", value: "P1" }] });
  });

  it("reads a comparison period after vs", () => {
    expect(command("csat this month vs last month")).toMatchObject({
      kpi: "satisfaction",
      period: "this month",
      compareTo: "last month",
    });
  });

  it("reads share, and clauses in any order", () => {
    expect(command("sla by channel last month share")).toMatchObject({
      kpi: "sla",
      breakdown: "channel",
      period: "last month",
      share: true,
    });
  });

  it("is case-insensitive and drops a leading /kpi and punctuation", () => {
    expect(command("/kpi FCR Last Month?")).toMatchObject({ kpi: "fcr", period: "Last Month" });
  });

  it("reads multi-word KPI names and aliases", () => {
    expect(command("first contact resolution 2026-10")).toMatchObject({ kpi: "fcr", period: "2026-10" });
    expect(command("sla response last week")).toMatchObject({ kpi: "sla-response" });
    expect(command("cost per ticket this year")).toMatchObject({ kpi: "cost-per-ticket" });
  });

  it("leaves out filler words and the preposition before a period", () => {
    expect(command("show me the fcr in october")).toMatchObject({ kpi: "fcr", period: "october" });
    expect(command("last month fcr")).toMatchObject({ kpi: "fcr", period: "last month" });
  });

  it("takes no period when none is given (the default applies later)", () => {
    const c = command("mttr");
    expect(c).toEqual({ type: "kpi", kpi: "mttr", filters: [], share: false });
  });

  it("keeps the case of filter values", () => {
    expect(command("fcr for group=ServiceDesk")).toMatchObject({ filters: [{ value: "ServiceDesk" }] });
  });
});

describe("KPI questions (French)", () => {
  it("reads par, accents and French periods", () => {
    expect(command("mttr mois dernier par priorité")).toMatchObject({
      kpi: "mttr",
      period: "mois dernier",
      breakdown: "priority",
    });
  });

  it("reads pour, contre and partager", () => {
    expect(command("escalade 2026-10 pour groupe=Réseau contre 2026-09 partager")).toMatchObject({
      kpi: "escalation",
      period: "2026-10",
      filters: [{ dimension: "group", value: "Réseau" }],
      compareTo: "2026-09",
      share: true,
    });
  });

  it("reads French dimension words", () => {
    expect(command("sla par canal")).toMatchObject({ breakdown: "channel" });
    expect(command("sla par niveau")).toMatchObject({ breakdown: "level" });
    expect(command("sla par catégorie")).toMatchObject({ breakdown: "category" });
    expect(command("volume par type")).toMatchObject({ breakdown: "kind" });
    expect(command("time-allocation par activité")).toMatchObject({ breakdown: "activity" });
  });

  it("reads French KPI names and aliases", () => {
    expect(command("résolution au premier contact trimestre dernier")).toMatchObject({
      kpi: "fcr",
      period: "trimestre dernier",
    });
    expect(command("taux de réouverture du mois dernier")).toMatchObject({ kpi: "reopen", period: "mois dernier" });
  });
});

describe("other commands", () => {
  it.each([
    ["list", { type: "list" }],
    ["liste", { type: "list" }],
    ["help", { type: "help" }],
    ["aide fcr", { type: "help", kpi: "fcr" }],
    ["", { type: "help" }],
    ["/kpi", { type: "help" }],
    ["explain escalade", { type: "explain", kpi: "escalation" }],
    ["explique mttr", { type: "explain", kpi: "mttr" }],
    ["scorecard", { type: "scorecard", share: false }],
    ["tableau de bord mois dernier", { type: "scorecard", period: "mois dernier", share: false }],
    ["target fcr 75%", { type: "target", kpi: "fcr", value: 75 }],
    [
      "objectif mttr 12,5 pour groupe=N1",
      { type: "target", kpi: "mttr", value: 12.5, filter: { dimension: "group", value: "N1" } },
    ],
    ["target sla reset", { type: "target", kpi: "sla", value: null }],
    ["role grant <@U123> admin", { type: "role", action: "grant", user: "<@U123>", role: "admin" }],
    ["role revoke slack:U9 admin", { type: "role", action: "revoke", user: "slack:U9", role: "admin" }],
    ["role donner U5 admin", { type: "role", action: "grant", user: "U5", role: "admin" }],
    ["role grant slack:U7 manager", { type: "role", action: "grant", user: "slack:U7", role: "manager" }],
    ["role donner U5 responsable", { type: "role", action: "grant", user: "U5", role: "manager" }],
    ["role list", { type: "roles" }],
    ["role liste", { type: "roles" }],
    ["whoami", { type: "whoami" }],
    ["qui suis-je", { type: "whoami" }],
    ["who am I?", { type: "whoami" }],
  ])("%s", (text, expected) => {
    expect(command(text)).toEqual(expected);
  });
});

describe("problems and suggestions", () => {
  it("suggests fcr for fcx", () => {
    const p = problem("fcx last month");
    expect(p.code).toBe("unknown_command");
    expect(p.words).toEqual(["fcx"]);
    expect(p.suggestions[0]).toBe("fcr");
  });

  it("suggests the KPI id for a misspelt alias and a verb for a misspelt verb", () => {
    expect(problem("escalaton").suggestions).toContain("escalation");
    expect(problem("lsit").suggestions).toContain("list");
    expect(problem("explain mtr").suggestions).toContain("mttr");
  });

  it("explains an unknown dimension with a suggestion and keeps what was understood", () => {
    const p = problem("fcr last month by grup");
    expect(p.code).toBe("unknown_dimension");
    expect(p.suggestions).toEqual(["group"]);
    expect(p.understood).toEqual([
      { kind: "kpi", text: "fcr" },
      { kind: "period", text: "last month" },
    ]);
  });

  it("refuses a dimension the KPI cannot be broken down by", () => {
    const p = problem("sla by question");
    expect(p.code).toBe("dimension_not_available");
    expect(p.details?.dimension).toBe("question");
  });

  it.each([
    ["fcr by", "missing_dimension"],
    ["fcr for service", "bad_filter"],
    ["fcr for service=", "bad_filter"],
    ["fcr this month vs", "missing_period"],
    ["fcr by group by channel", "duplicate_breakdown"],
    ["target fcr lots", "bad_number"],
    ["target fcr 120", "out_of_range"],
    ["target nps 150", "out_of_range"],
    ["target desk-feedback 9", "out_of_range"],
    ["target", "missing_kpi"],
    ["explain", "missing_kpi"],
    ["explain blah", "unknown_kpi"],
    ["role grant", "missing_user"],
    ["role grant bob superuser", "bad_role"],
    ["role dance", "bad_role"],
    ["list everything", "extra_words"],
    ["scorecard last month by group", "extra_words"],
    ["blorp", "unknown_command"],
  ])("%s → %s", (text, code) => {
    expect(problem(text).code).toBe(code);
  });

  it("accepts band targets above 100 % and NPS below 0", () => {
    expect(command("target budget 105")).toMatchObject({ value: 105 });
    expect(command("target nps -10")).toMatchObject({ value: -10 });
  });

  it("refuses overlong input without reading it", () => {
    expect(problem("fcr ".repeat(501)).code).toBe("too_long");
  });
});
