import { describe, expect, it } from "vitest";
import { def, fcrResult, month, mttrResult, series } from "../../test/charts/fixtures.js";
import type { KpiResult, KpiStatus } from "../kpi/types.js";
import { kpiReply } from "./kpi-reply.js";
import type { Reply, ReplyBlock } from "./types.js";

const NB = "\u00a0";
const NNB = "\u202f";

function blocksOf<T extends ReplyBlock["type"]>(reply: Reply, type: T): Extract<ReplyBlock, { type: T }>[] {
  return reply.blocks.filter((b): b is Extract<ReplyBlock, { type: T }> => b.type === type);
}

function field(reply: Reply, label: string): string | undefined {
  return blocksOf(reply, "fields")
    .flatMap((b) => b.fields)
    .find((f) => f.label === label)?.value;
}

function actions(reply: Reply): { actionId: string; value: string }[] {
  return blocksOf(reply, "actions").flatMap((b) => b.actions.map((a) => ({ actionId: a.actionId, value: a.value })));
}

describe("kpiReply — a percent KPI", () => {
  const reply = kpiReply(fcrResult(), "en");

  it("shows value, n, change in points, target and status", () => {
    expect(blocksOf(reply, "header")[0]?.text).toBe("First contact resolution — October 2026");
    expect(field(reply, "Value")).toBe(`74.2${NB}%`);
    expect(field(reply, "Based on (n)")).toBe("1,234");
    expect(field(reply, "Change")).toBe(`+2.1${NB}pts vs September 2026 (72.1${NB}%)`);
    expect(field(reply, "Target")).toBe(`70${NB}%`);
    expect(field(reply, "Status")).toBe("🟢 On target");
    expect(blocksOf(reply, "fields")[0]?.status).toBe("on_target");
  });

  it("offers the next questions as exact command texts", () => {
    expect(actions(reply)).toEqual([
      { actionId: "kpi.breakdown", value: "fcr 2026-10 by group" },
      { actionId: "kpi.previous", value: "fcr 2026-09" },
      { actionId: "kpi.explain", value: "explain fcr" },
      // A number made of tickets can be checked against them.
      { actionId: "kpi.rows", value: "fcr 2026-10 tickets" },
    ]);
  });

  it("draws the 6-period trend with the target and the projection", () => {
    const chart = blocksOf(reply, "chart")[0];
    expect(chart?.spec.kind).toBe("trend");
    expect(chart?.spec.categories).toEqual(["May 2026", "Jun 2026", "Jul 2026", "Aug 2026", "Sept 2026", "Oct 2026"]);
    expect(chart?.spec.series[0]?.values).toEqual([68.0, 69.5, 70.2, 71.0, 72.1, 74.2]);
    expect(chart?.spec.target).toBe(70);
    expect(chart?.spec.projection).toEqual({ label: "Nov 2026", value: 75.3 });
    expect(chart?.altText).toContain(`Projection for Nov 2026: 75.3${NB}%`);
  });

  it("has a one-line fallback and a context line", () => {
    expect(reply.fallback).toBe(
      `First contact resolution — October 2026: 74.2${NB}% (n = 1,234), +2.1${NB}pts vs September 2026 (72.1${NB}%), target 70${NB}%: 🟢 on target`,
    );
    expect(blocksOf(reply, "context").at(-1)?.text).toBe(
      "Source: tickets (incidents and requests) imported from the ITSM tool · n = 1,234 · time zone Europe/Paris",
    );
  });
});

describe("kpiReply — statuses", () => {
  const cases: [KpiStatus, string, string, string][] = [
    ["on_target", "🟢", "On target", "Objectif atteint"],
    ["watch", "🟠", "Watch", "À surveiller"],
    ["off_target", "🔴", "Off target", "Hors objectif"],
  ];
  it.each(cases)("%s → %s with words in both languages", (status, emoji, en, fr) => {
    expect(field(kpiReply(fcrResult({ status }), "en"), "Status")).toBe(`${emoji} ${en}`);
    expect(field(kpiReply(fcrResult({ status }), "fr"), "Statut")).toBe(`${emoji} ${fr}`);
    expect(kpiReply(fcrResult({ status }), "en").fallback).toContain(`${emoji} ${en.toLowerCase()}`);
  });

  it("shows no target or status when the KPI has none", () => {
    const reply = kpiReply(
      fcrResult({
        kpi: "volume",
        definition: def("volume"),
        unit: "tickets",
        value: 1234,
        target: null,
        status: "no_target",
        change: 5,
        changeKind: "percent",
        previous: { period: month(2026, 9), value: 1175, n: 1175 },
      }),
      "en",
    );
    expect(field(reply, "Value")).toBe(`1,234${NB}tickets`);
    expect(field(reply, "Target")).toBeUndefined();
    expect(field(reply, "Status")).toBeUndefined();
    expect(field(reply, "Change")).toBe(`+5${NB}% vs September 2026 (1,175${NB}tickets)`);
  });

  it("shows a band target", () => {
    const reply = kpiReply(
      fcrResult({ kpi: "budget", definition: def("budget"), value: 103, target: 100, status: "on_target" }),
      "en",
    );
    expect(field(reply, "Target")).toBe(`95${NB}% to 105${NB}%`);
  });
});

describe("kpiReply — hours KPI, extras, French", () => {
  it("shows the change in percent and the p50/p90 extras", () => {
    const reply = kpiReply(mttrResult(), "en");
    expect(field(reply, "Change")).toBe(`+12.1${NB}% vs September 2026 (27.2${NB}h)`);
    expect(field(reply, "Median (p50)")).toBe(`12.3${NB}h`);
    expect(field(reply, "90th percentile (p90)")).toBe(`80${NB}h`);
    expect(field(reply, "Status")).toBe("🔴 Off target");
  });

  it("formats for French readers", () => {
    const reply = kpiReply(fcrResult({ n: 12345 }), "fr");
    expect(blocksOf(reply, "header")[0]?.text).toBe("Résolution au premier contact — octobre 2026");
    expect(field(reply, "Valeur")).toBe(`74,2${NB}%`);
    expect(field(reply, "Sur la base de (n)")).toBe(`12${NNB}345`);
    expect(field(reply, "Évolution")).toBe(`+2,1${NB}pts par rapport à septembre 2026 (72,1${NB}%)`);
    expect(blocksOf(reply, "chart")[0]?.spec.categories[0]).toBe("mai 2026");
    expect(reply.locale).toBe("fr");
  });

  it("names unknown extras from their key", () => {
    const reply = kpiReply(mttrResult({ extras: { reopenedTwice: 3 } }), "en");
    expect(field(reply, "Reopened twice")).toBe("3");
  });
});

describe("kpiReply — buttons with breakdowns, filters and sharing", () => {
  const filtered = (extra: Partial<KpiResult> = {}) =>
    fcrResult({ filters: [{ dimension: "service", value: "VPN" }], ...extra });

  it("carries filters into every command", () => {
    expect(actions(kpiReply(filtered(), "en"))).toEqual([
      { actionId: "kpi.breakdown", value: "fcr 2026-10 by group for service=VPN" },
      { actionId: "kpi.previous", value: "fcr 2026-09 for service=VPN" },
      { actionId: "kpi.explain", value: "explain fcr" },
      { actionId: "kpi.rows", value: "fcr 2026-10 for service=VPN tickets" },
    ]);
  });

  it("offers another dimension when already broken down, keeps the breakdown for the previous period, and quotes values with spaces", () => {
    const result = fcrResult({
      filters: [{ dimension: "service", value: "Mail server" }],
      breakdown: { dimension: "group", rows: [], movers: [], hidden: 0 },
    });
    result.breakdown?.rows.push({
      key: "N1",
      value: 80,
      n: 10,
      previous: 75,
      change: 5,
      impact: 1,
      target: 70,
      status: "on_target",
    });
    expect(actions(kpiReply(result, "en", { ephemeral: true }))).toEqual([
      { actionId: "kpi.breakdown", value: 'fcr 2026-10 by channel for service="Mail server"' },
      { actionId: "kpi.previous", value: 'fcr 2026-09 by group for service="Mail server"' },
      { actionId: "kpi.explain", value: "explain fcr" },
      { actionId: "kpi.rows", value: 'fcr 2026-10 for service="Mail server" tickets' },
      { actionId: "kpi.share", value: 'fcr 2026-10 by group for service="Mail server"' },
    ]);
  });

  it("puts the filter in the header", () => {
    expect(blocksOf(kpiReply(filtered(), "en"), "header")[0]?.text).toBe(
      "First contact resolution — October 2026 · service=VPN",
    );
  });
});

describe("kpiReply — no data", () => {
  const empty = fcrResult({
    value: null,
    n: 0,
    change: null,
    status: "no_data",
    series: series([null, null, null, null, null, null], 0),
    projection: null,
  });

  it("says there is no data for the period and suggests what to ask", () => {
    const reply = kpiReply(empty, "en");
    const text = blocksOf(reply, "text")[0]?.text ?? "";
    expect(text).toContain("There is no data for First contact resolution in October 2026.");
    expect(text).toContain("`fcr 2026-09`");
    expect(text).toContain("`explain fcr`");
    expect(blocksOf(reply, "chart")).toHaveLength(0);
    expect(blocksOf(reply, "fields")).toHaveLength(0);
    expect(actions(reply)).toEqual([
      { actionId: "kpi.previous", value: "fcr 2026-09" },
      { actionId: "kpi.explain", value: "explain fcr" },
    ]);
    expect(reply.fallback).toBe("There is no data for First contact resolution in October 2026.");
  });

  it("says it in French too", () => {
    expect(kpiReply(empty, "fr").fallback).toBe("Aucune donnée pour Résolution au premier contact en octobre 2026.");
  });
});
