import { describe, expect, it } from "vitest";
import { decodeActionId, renderReply } from "../../adapters/slack/render/blocks.js";
import { escapeMrkdwn, SLACK_LIMITS, splitText, toMrkdwn, truncate } from "../../adapters/slack/render/limits.js";
import type { ChartSpec, Reply } from "../../src/reply/types.js";

const spec: ChartSpec = {
  kind: "trend",
  title: "SLA",
  unit: "percent",
  categories: ["2026-10"],
  series: [],
  locale: "en",
};

describe("Block Kit renderer: structure", () => {
  it("renders every neutral block type with a fallback text", () => {
    const reply: Reply = {
      locale: "en",
      fallback: "SLA 2026-10: 96 % <on target>",
      blocks: [
        { type: "header", text: "SLA — October 2026" },
        { type: "text", text: "Resolved **on time**: 96 % of <tickets> & more" },
        { type: "fields", status: "watch", fields: [{ label: "Value", value: "96 %" }] },
        { type: "chart", spec, altText: "SLA trend" },
        {
          type: "actions",
          actions: [{ actionId: "kpi.explain", label: "Explain", value: "explain sla", style: "primary" }],
        },
        { type: "context", text: "Source: tickets" },
        { type: "divider" },
      ],
    };
    const out = renderReply(reply, { images: [{ kind: "slack_file", id: "F1" }] });
    expect(out).toEqual({
      text: "SLA 2026-10: 96 % &lt;on target&gt;",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "SLA — October 2026", emoji: true } },
        {
          type: "section",
          text: { type: "mrkdwn", text: "Resolved *on time*: 96 % of &lt;tickets&gt; &amp; more", verbatim: true },
        },
        { type: "section", text: { type: "mrkdwn", text: "🟠 *Watch*", verbatim: true } },
        { type: "section", fields: [{ type: "mrkdwn", text: "*Value*\n96 %", verbatim: true }] },
        {
          type: "image",
          alt_text: "SLA trend",
          title: { type: "plain_text", text: "SLA", emoji: true },
          slack_file: { id: "F1" },
        },
        {
          type: "actions",
          elements: [
            {
              type: "button",
              action_id: "kpi.explain#0",
              text: { type: "plain_text", text: "Explain", emoji: true },
              value: "explain sla",
              style: "primary",
            },
          ],
        },
        { type: "context", elements: [{ type: "mrkdwn", text: "Source: tickets", verbatim: true }] },
        { type: "divider" },
      ],
    });
  });

  it("shows a QuickChart picture by URL, and degrades to the alt text without a picture", () => {
    const reply: Reply = {
      locale: "fr",
      fallback: "x",
      blocks: [
        { type: "chart", spec, altText: "Tendance" },
        { type: "chart", spec, altText: "Tendance 2" },
        { type: "chart", spec, altText: "Tendance 3" },
      ],
    };
    const longUrl = `https://quickchart.io/chart?c=${"x".repeat(3100)}`;
    const out = renderReply(reply, {
      images: [
        { kind: "url", url: "https://quickchart.io/chart/render/zf-1" },
        undefined,
        { kind: "url", url: longUrl },
      ],
    });
    expect(out.blocks[0]).toMatchObject({ type: "image", image_url: "https://quickchart.io/chart/render/zf-1" });
    expect(out.blocks[1]).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "📈 Graphique : Tendance 2", verbatim: true }],
    });
    // Longer than the 3000 characters Slack accepts for image_url: the alt text instead.
    expect(out.blocks[2]?.type).toBe("context");
  });

  it("spreads 23 fields over sections of 10, 27 buttons over blocks of 25, with unique action ids", () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: `${i}` }));
    const actions = Array.from({ length: 27 }, (_, i) => ({
      actionId: "kpi.breakdown",
      label: `By ${i}`,
      value: `fcr by ${i}`,
    }));
    const out = renderReply({
      locale: "en",
      fallback: "f",
      blocks: [
        { type: "fields", fields },
        { type: "actions", actions },
      ],
    });
    const sizes = out.blocks.map((b) => ("fields" in b ? b.fields?.length : "elements" in b ? b.elements.length : 0));
    expect(sizes).toEqual([10, 10, 3, 25, 2]);
    const ids = out.blocks.flatMap((b) => (b.type === "actions" ? b.elements.map((e) => e.action_id) : []));
    expect(new Set(ids).size).toBe(27);
    expect(ids.map(decodeActionId).every((id) => id === "kpi.breakdown")).toBe(true);
  });

  it("keeps 50 blocks at most: the first ones, a 'more not shown' note, and the final buttons", () => {
    const blocks: Reply["blocks"] = Array.from({ length: 70 }, (_, i) => ({
      type: "context" as const,
      text: `line ${i}`,
    }));
    blocks.push({ type: "actions", actions: [{ actionId: "kpi.share", label: "Share", value: "fcr" }] });
    const out = renderReply({ locale: "en", fallback: "f", blocks });
    expect(out.blocks).toHaveLength(50);
    expect(out.blocks[47]).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "line 47", verbatim: true }],
    });
    expect(JSON.stringify(out.blocks[48])).toContain("…22 more blocks not shown");
    expect(out.blocks[49]?.type).toBe("actions");
    // The Home tab allows 100.
    expect(renderReply({ locale: "en", fallback: "f", blocks }, { surface: "home" }).blocks).toHaveLength(71);
  });

  it("drops a button whose command is longer than a button value may be, and empty headers; no buttons when not interactive", () => {
    const out = renderReply({
      locale: "en",
      fallback: "",
      blocks: [
        { type: "header", text: "  " },
        {
          type: "actions",
          actions: [
            { actionId: "kpi.previous", label: "Too long", value: "x".repeat(2001) },
            { actionId: "kpi.explain", label: "Explain", value: "explain fcr" },
          ],
        },
      ],
    });
    expect(out.text).toBe("kpibot");
    expect(out.blocks).toHaveLength(1);
    expect(JSON.stringify(out.blocks)).not.toContain("Too long");
    expect(
      renderReply(
        {
          locale: "en",
          fallback: "f",
          blocks: [{ type: "actions", actions: [{ actionId: "a", label: "b", value: "c" }] }],
        },
        { interactive: false },
      ).blocks,
    ).toEqual([]);
  });
});

describe("limits helpers", () => {
  it("truncates with an ellipsis, never splitting an emoji or an entity", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abcdef", 6)).toBe("abcdef");
    expect(truncate("ab😀cd", 4)).toBe("ab…");
    expect(truncate(escapeMrkdwn("a & b"), 5)).toBe("a …");
  });

  it("splits long text at line breaks under the limit", () => {
    const text = `${"a".repeat(10)}\n${"b".repeat(10)}\n${"c".repeat(5)}`;
    expect(splitText(text, 15)).toEqual(["a".repeat(10), "b".repeat(10), "c".repeat(5)]);
    expect(splitText("x".repeat(25), 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });

  it("converts **bold** and escapes the characters Slack reserves", () => {
    expect(toMrkdwn("**FCR** <fcr> & `code`")).toBe("*FCR* &lt;fcr&gt; &amp; `code`");
    expect(SLACK_LIMITS.messageBlocks).toBe(50);
  });
});
