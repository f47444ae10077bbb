import { describe, expect, it } from "vitest";
import { fcrResult } from "../../test/charts/fixtures.js";
import { kpiReply } from "./kpi-reply.js";
import { renderJson } from "./render-json.js";
import { renderText } from "./render-text.js";
import type { Reply, ReplyBlock } from "./types.js";

// A Record over the block types: adding a block type without a sample here fails to compile.
const SAMPLES: { [K in ReplyBlock["type"]]: Extract<ReplyBlock, { type: K }> } = {
  header: { type: "header", text: "Ticket volume — October 2026" },
  text: { type: "text", text: "Volume rose after the mail outage." },
  fields: {
    type: "fields",
    status: "watch",
    fields: [
      { label: "Value", value: "1,234 tickets" },
      { label: "Change since", value: "+5 %\nsecond line" },
    ],
  },
  chart: {
    type: "chart",
    altText: "Ticket volume over 2 periods: Sept 2026: 1,100, Oct 2026: 1,234.",
    spec: {
      kind: "trend",
      title: "Ticket volume — last 2 periods",
      unit: "tickets",
      categories: ["Sept 2026", "Oct 2026"],
      series: [{ name: "Ticket volume", values: [1100, Number.NaN], labels: ["1,100", null] }],
      target: null,
      projection: null,
      locale: "en",
    },
  },
  actions: {
    type: "actions",
    actions: [
      { actionId: "kpi.breakdown", label: "By channel", value: "volume 2026-10 by channel", style: "primary" },
      { actionId: "kpi.explain", label: "Explain", value: "explain volume" },
    ],
  },
  context: { type: "context", text: "Source: tickets" },
  list: {
    type: "list",
    items: [
      { link: { url: "https://glpi.example.org/front/ticket.form.php?id=42", label: "42" }, text: "resolved **late**" },
      { label: "INC-7", text: "on time" },
    ],
  },
  file: {
    type: "file",
    file: {
      name: "fcr-2026-10.csv",
      title: "First contact resolution — October 2026",
      rows: 1234,
      url: "https://kpibot.example.org/exports/t.csv?exp=1&sig=x",
      spec: {
        kind: "ticket-rows",
        kpi: "fcr",
        start: 0,
        end: 1,
        asOf: 1,
        filters: [],
        assignee: false,
        timezone: "UTC",
        name: "fcr-2026-10.csv",
      },
    },
  },
  divider: { type: "divider" },
};

const reply: Reply = {
  locale: "en",
  fallback: "Ticket volume — October 2026: 1,234 tickets",
  blocks: Object.values(SAMPLES),
};

describe("renderText", () => {
  const text = renderText(reply);

  it("renders every block type", () => {
    expect(text).toContain("Ticket volume — October 2026\n============================");
    expect(text).toContain("Volume rose after the mail outage.");
    expect(text).toContain("[Chart: Ticket volume — last 2 periods] Ticket volume over 2 periods");
    expect(text).toContain("  → By channel  volume 2026-10 by channel");
    expect(text).toContain("  → Explain     explain volume");
    expect(text).toContain("· Source: tickets");
    expect(text).toContain(
      "• 42 <https://glpi.example.org/front/ticket.form.php?id=42> resolved late\n• INC-7 on time",
    );
    expect(text).toContain(
      "📎 First contact resolution — October 2026 (1,234 rows, CSV): https://kpibot.example.org/exports/t.csv?exp=1&sig=x",
    );
    expect(text).toContain("-".repeat(60));
  });

  it("aligns field values in one column, continuation lines included", () => {
    expect(text).toContain("Value         1,234 tickets\nChange since  +5 %\n              second line");
  });

  it("has no markup", () => {
    expect(text.replace(/<https:[^>]+>/g, "")).not.toMatch(/<[a-z]|\*\w|_\w+_/);
  });

  it("falls back to the fallback text for an empty reply", () => {
    expect(renderText({ locale: "en", fallback: "nothing", blocks: [] })).toBe("nothing");
  });

  it("renders a whole KPI answer in French", () => {
    const fr = renderText(kpiReply(fcrResult(), "fr"));
    expect(fr).toContain("Statut              🟢 Objectif atteint");
    expect(fr).toContain("Questions suivantes :");
    expect(fr).toContain("[Graphique: Résolution au premier contact — 6 dernières périodes]");
  });
});

describe("renderJson", () => {
  const json = renderJson(reply);

  it("keeps every block, as JSON-safe data", () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    const blocks = json.blocks as { type: string }[];
    expect(blocks.map((b) => b.type)).toEqual(Object.keys(SAMPLES));
  });

  it("turns non-finite numbers into null and drops undefined members", () => {
    const chart = (json.blocks as Record<string, unknown>[])[3] as { spec: { series: { values: unknown[] }[] } };
    expect(chart.spec.series[0]?.values).toEqual([1100, null]);
    expect(json).toEqual({ locale: "en", fallback: reply.fallback, blocks: expect.any(Array) });
    expect((json.blocks as Record<string, unknown>[])[4]).toEqual({
      type: "actions",
      actions: [
        { actionId: "kpi.breakdown", label: "By channel", value: "volume 2026-10 by channel", style: "primary" },
        { actionId: "kpi.explain", label: "Explain", value: "explain volume" },
      ],
    });
  });
});
