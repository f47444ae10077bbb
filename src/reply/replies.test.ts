import { describe, expect, it } from "vitest";
import { def, fcrResult, month, mttrResult } from "../../test/charts/fixtures.js";
import { KPI_DEFINITIONS } from "../kpi/definitions.js";
import type { BreakdownRow, KpiResult } from "../kpi/types.js";
import { explainReply, helpReply, listReply, messageReply } from "./catalog-replies.js";
import { kpiReply } from "./kpi-reply.js";
import { scorecardReply, scoreOfTarget } from "./scorecard-reply.js";
import type { Reply, ReplyBlock } from "./types.js";

const NB = "\u00a0";

function blocksOf<T extends ReplyBlock["type"]>(reply: Reply, type: T): Extract<ReplyBlock, { type: T }>[] {
  return reply.blocks.filter((b): b is Extract<ReplyBlock, { type: T }> => b.type === type);
}

function row(
  key: string,
  value: number | null,
  status: BreakdownRow["status"],
  previous: number | null = null,
): BreakdownRow {
  const change = value !== null && previous !== null ? value - previous : null;
  return { key, value, n: 10, previous, change, impact: change === null ? null : change / 4, target: 70, status };
}

describe("breakdown answers", () => {
  const rows = [
    row("N2", 55, "off_target", 61),
    row("N1", 81.2, "on_target", 78),
    row("Desk", 66.4, "watch"),
    row("Empty", null, "no_data"),
  ];
  const result = fcrResult({
    breakdown: { dimension: "group", rows, movers: [rows[0] as BreakdownRow, rows[1] as BreakdownRow], hidden: 2 },
  });
  const reply = kpiReply(result, "en");

  it("draws bars sorted highest first, coloured by status, with the target", () => {
    const chart = blocksOf(reply, "chart")[0];
    expect(chart?.spec.kind).toBe("bar");
    expect(chart?.spec.categories).toEqual(["N1", "Desk", "N2"]);
    expect(chart?.spec.series[0]?.values).toEqual([81.2, 66.4, 55]);
    expect(chart?.spec.statuses).toEqual(["on_target", "watch", "off_target"]);
    expect(chart?.spec.target).toBe(70);
    expect(chart?.spec.title).toBe("First contact resolution by group — October 2026");
  });

  it("lists the values and what moved since the previous period", () => {
    const texts = blocksOf(reply, "text").map((b) => b.text);
    expect(texts[0]).toBe(`• N1: 81.2${NB}% (n = 10) 🟢\n• Desk: 66.4${NB}% (n = 10) 🟠\n• N2: 55${NB}% (n = 10) 🔴`);
    expect(texts[1]).toBe(
      [
        "What moved since September 2026:",
        `• N2: 61${NB}% → 55${NB}% (-6${NB}pts), impact on the total -1.5${NB}pts`,
        `• N1: 78${NB}% → 81.2${NB}% (+3.2${NB}pts), impact on the total +0.8${NB}pts`,
      ].join("\n"),
    );
    expect(blocksOf(reply, "context").map((b) => b.text)).toContain(
      "2 values hidden for anonymity: fewer than 5 respondents, or they would let such a value be recomputed from the total.",
    );
  });
});

describe("breakdown without values", () => {
  it("falls back to the trend chart when every breakdown value is hidden or empty", () => {
    const result = fcrResult({
      breakdown: { dimension: "group", rows: [row("N1", null, "no_data")], movers: [], hidden: 3 },
    });
    const reply = kpiReply(result, "en");
    expect(blocksOf(reply, "chart").map((c) => c.spec.kind)).toEqual(["trend"]);
  });
});

describe("distribution answers", () => {
  // As the engine answers channel-mix: the total in tickets, slices in tickets with shares in percent.
  const result = fcrResult({
    kpi: "channel-mix",
    definition: def("channel-mix"),
    unit: "tickets",
    value: 1000,
    n: 1000,
    target: null,
    status: "no_target",
    change: null,
    distribution: [
      { key: "email", value: 300, share: 30, n: 300, previousShare: 35 },
      { key: "portal", value: 500, share: 50, n: 500, previousShare: 44.5 },
      { key: "phone", value: 200, share: 20, n: 200, previousShare: null },
    ],
  });
  const reply = kpiReply(result, "en");

  it("draws a doughnut of shares, largest first", () => {
    const chart = blocksOf(reply, "chart")[0];
    expect(chart?.spec.kind).toBe("doughnut");
    expect(chart?.spec.categories).toEqual(["portal", "email", "phone"]);
    expect(chart?.spec.series[0]?.values).toEqual([50, 30, 20]);
  });

  it("lists amounts, shares and how each share moved", () => {
    expect(blocksOf(reply, "text")[0]?.text).toBe(
      [
        `• portal: 500${NB}tickets (50${NB}%), +5.5${NB}pts`,
        `• email: 300${NB}tickets (30${NB}%), -5${NB}pts`,
        `• phone: 200${NB}tickets (20${NB}%)`,
      ].join("\n"),
    );
  });

  it("does not offer a breakdown by the dimension the distribution is already split by", () => {
    const actions = blocksOf(reply, "actions").flatMap((b) => b.actions.map((a) => a.actionId));
    // channel-mix is made of tickets: they can be listed.
    expect(actions).toEqual(["kpi.previous", "kpi.explain", "kpi.rows"]);
  });

  it("shows money in French", () => {
    const cost = kpiReply({ ...result, kpi: "service-cost", definition: def("service-cost"), unit: "currency" }, "fr");
    expect(blocksOf(cost, "text")[0]?.text.split("\n")[0]).toBe(`• portal : 500${NB}€ (50${NB}%), +5,5${NB}pts`);
  });
});

describe("engine extras and time zone", () => {
  it("labels the engine's extras with their units", () => {
    const backlog = kpiReply(
      fcrResult({
        kpi: "backlog",
        definition: def("backlog"),
        unit: "tickets",
        value: 340,
        target: null,
        status: "no_target",
        extras: { olderThan30Days: 41 },
      }),
      "fr",
    );
    const fields = Object.fromEntries(
      blocksOf(backlog, "fields").flatMap((b) => b.fields.map((f) => [f.label, f.value])),
    );
    expect(fields["Plus de 30 jours"]).toBe(`41${NB}tickets`);
    const budget = kpiReply(
      fcrResult({ kpi: "budget", definition: def("budget"), extras: { actual: 10500, budget: 10000 } }),
      "en",
    );
    const b = Object.fromEntries(blocksOf(budget, "fields").flatMap((x) => x.fields.map((f) => [f.label, f.value])));
    expect([b["Actual spend"], b.Budget]).toEqual(["€10,500", "€10,000"]);
  });

  it("shows periods in the engine's time zone unless told otherwise", () => {
    // The Paris month of October starts on 30 September, 18:00 in New York.
    const reply = kpiReply(fcrResult({ timezone: "America/New_York" }), "en");
    expect(blocksOf(reply, "header")[0]?.text).toBe("First contact resolution — September 2026");
    expect(
      blocksOf(kpiReply(fcrResult({ timezone: "America/New_York" }), "en", { timeZone: "Europe/Paris" }), "header")[0]
        ?.text,
    ).toBe("First contact resolution — October 2026");
  });
});

describe("scorecardReply", () => {
  const results: KpiResult[] = [
    fcrResult(), // 74.2 / 70 → 106 %
    mttrResult(), // 24 / 30.5 → 78.7 %, off target
    fcrResult({ kpi: "sla", definition: def("sla"), value: 91.2, target: 95, status: "watch" }), // 96 %
    fcrResult({ kpi: "escalation", definition: def("escalation"), value: 30, target: 25, status: "off_target" }), // 83.3 %
    fcrResult({
      kpi: "volume",
      definition: def("volume"),
      unit: "tickets",
      value: 900,
      target: null,
      status: "no_target",
    }),
    fcrResult({ kpi: "reopen", definition: def("reopen"), value: null, target: 5, status: "no_data" }),
  ];
  const reply = scorecardReply(results, month(2026, 10), "en");

  it("normalises each KPI to its target", () => {
    expect(scoreOfTarget(def("fcr"), 77, 70)).toBeCloseTo(110, 6);
    expect(scoreOfTarget(def("mttr"), 30, 24)).toBeCloseTo(80, 6);
    expect(scoreOfTarget(def("budget"), 103, 100)).toBe(100);
    expect(scoreOfTarget(def("budget"), 110, 100)).toBeCloseTo(95, 6);
    expect(scoreOfTarget(def("volume"), 10, 10)).toBeNull();
  });

  it("lists KPIs with data, weakest first, and charts them as % of target", () => {
    const fields = blocksOf(reply, "fields")[0]?.fields ?? [];
    expect(fields.map((f) => f.label)).toEqual([
      "Mean time to resolve",
      "Escalation to L2/L3",
      "SLA compliance (resolution)",
      "First contact resolution",
    ]);
    expect(fields[0]?.value).toBe(`🔴 30.5${NB}h · target 24${NB}h · off target`);
    const chart = blocksOf(reply, "chart")[0];
    expect(chart?.spec.kind).toBe("scorecard");
    expect(chart?.spec.statuses).toEqual(["off_target", "off_target", "watch", "on_target"]);
    const values = chart?.spec.series[0]?.values ?? [];
    expect(values[0]).toBeCloseTo((24 / 30.5) * 100, 6);
    expect(values[1]).toBeCloseTo((25 / 30) * 100, 6);
    expect(values[3]).toBeCloseTo((74.2 / 70) * 100, 6);
    expect(chart?.spec.target).toBe(100);
  });

  it("keeps KPIs without a target apart, and drills into the weakest", () => {
    expect(blocksOf(reply, "fields")[1]?.fields).toEqual([{ label: "Ticket volume", value: `900${NB}tickets` }]);
    expect(blocksOf(reply, "actions")[0]?.actions.map((a) => [a.actionId, a.value])).toEqual([
      ["kpi.breakdown", "mttr 2026-10 by group"],
      ["kpi.explain", "explain mttr"],
      ["kpi.previous", "scorecard 2026-09"],
    ]);
  });

  it("says so when nothing has data", () => {
    const empty = scorecardReply([results[5] as KpiResult], month(2026, 10), "fr");
    expect(empty.fallback).toContain("Aucun KPI n'a encore de données pour octobre 2026.");
    expect(blocksOf(empty, "chart")).toHaveLength(0);
  });
});

describe("explain, list, help and messages", () => {
  it("explains a KPI with its formula, target and source", () => {
    const reply = explainReply(def("fcr"), 72, "en");
    expect(blocksOf(reply, "header")[0]?.text).toBe("First contact resolution (fcr)");
    expect(blocksOf(reply, "text")[0]?.text).toBe(
      "Formula: tickets resolved in the period at first contact / tickets resolved in the period",
    );
    const fields = Object.fromEntries((blocksOf(reply, "fields")[0]?.fields ?? []).map((f) => [f.label, f.value]));
    expect(fields.Target).toBe(`72${NB}%`);
    expect(fields.Direction).toBe("higher is better");
    expect(fields.Unit).toBe("%");
    expect(blocksOf(reply, "context")[0]?.text).toContain("imported from the ITSM tool");
  });

  it("explains perception KPIs' anonymity, in French", () => {
    const reply = explainReply(def("satisfaction"), null, "fr");
    const texts = blocksOf(reply, "text").map((b) => b.text);
    expect(texts.some((t) => t.includes("anonymes"))).toBe(true);
    expect(blocksOf(reply, "fields")[0]?.fields.find((f) => f.label === "Objectif")?.value).toBe("pas d'objectif");
  });

  it("lists every KPI once, by family in catalog order", () => {
    const reply = listReply(KPI_DEFINITIONS, "en");
    const ids = blocksOf(reply, "fields").flatMap((b) => b.fields.map((f) => f.label));
    expect(ids.sort()).toEqual(KPI_DEFINITIONS.map((d) => d.id).sort());
    expect(blocksOf(reply, "text").map((b) => b.text)).toEqual([
      "SLA",
      "Technical indicators",
      "Financial indicators",
      "Organisational indicators",
      "Adherence to service management",
      "Perception indicators",
    ]);
  });

  it("helps in general and for one KPI", () => {
    const general = helpReply("fr");
    expect(blocksOf(general, "header")[0]?.text).toBe("Aide de kpibot");
    const one = helpReply("en", "first-contact");
    expect(blocksOf(one, "header")[0]?.text).toBe("Help — First contact resolution (`fcr`)");
    expect(blocksOf(one, "text")[1]?.text).toBe(
      "Examples: `fcr last month`, `fcr this quarter by group`, `explain fcr`",
    );
  });

  it("wraps notices with a cue for their kind", () => {
    expect(messageReply("Only admins can set targets.", "en", "error")).toEqual({
      locale: "en",
      fallback: "❌ Only admins can set targets.",
      blocks: [{ type: "text", text: "❌ Only admins can set targets." }],
    });
  });
});
