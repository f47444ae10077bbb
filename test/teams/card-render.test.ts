import { describe, expect, it } from "vitest";
import { type CardImage, cardMessage, clip, renderAdaptiveCard, summaryOf } from "../../adapters/teams/render/card.js";
import type { CardElement } from "../../adapters/teams/render/card-types.js";
import { TEAMS_LIMITS } from "../../adapters/teams/render/limits.js";
import type { Reply } from "../../src/reply/types.js";
import { frenchAnswer, hugeAnswer, kpiAnswer } from "./fixtures/replies.js";
import { cardProblems } from "./helpers/validate-card.js";

const httpsImage: CardImage = { url: "https://kpibot.example.org/charts/abc.png?exp=1&sig=x", inline: false };

function types(body: CardElement[]): string[] {
  return body.map((e) => e.type);
}

describe("the card validator (Microsoft's adaptivecards library)", () => {
  it("reports what Teams would reject, so an empty problem list means something", () => {
    const bad = {
      type: "AdaptiveCard",
      version: "1.5",
      body: [
        { type: "Bogus" },
        { type: "TextBlock", text: "x", size: "Huge" },
        {
          type: "ActionSet",
          actions: Array.from({ length: 7 }, (_, i) => ({ type: "Action.Submit", title: `b${i}`, data: {} })),
        },
      ],
    };
    const problems = cardProblems(bad);
    expect(problems.some((p) => p.includes("UnknownElementType"))).toBe(true);
    expect(problems.some((p) => p.includes('InvalidPropertyValue: Invalid value "Huge"'))).toBe(true);
    expect(problems.some((p) => p.includes("TooManyActions"))).toBe(true);
    expect(cardProblems({ ...bad, version: "9.9", body: [] })[0]).toContain("UnsupportedCardVersion");
  });
});

describe("Reply → Adaptive Card", () => {
  it("renders every block type into a schema 1.5 card that Microsoft's library accepts", () => {
    const { card, degraded } = renderAdaptiveCard(kpiAnswer, { images: new Map([[2, httpsImage]]) });
    expect(cardProblems(card)).toEqual([]);
    expect(degraded).toEqual([]);
    expect(card.version).toBe("1.5");
    // No `lang`: the library rejects every second card carrying one (a /g RegExp bug).
    expect(card).not.toHaveProperty("lang");
    expect(card.fallbackText).toBe(kpiAnswer.fallback);
    // header, fields (in a status container), image, 4 text lines, action set (separator), context.
    expect(types(card.body)).toEqual([
      "TextBlock",
      "Container",
      "Image",
      "TextBlock",
      "TextBlock",
      "TextBlock",
      "TextBlock",
      "ActionSet",
      "TextBlock",
    ]);
  });

  it("maps each block to the element Teams shows", () => {
    const { card } = renderAdaptiveCard(kpiAnswer, { images: new Map([[2, httpsImage]]) });
    const [header, fields, image, line1, line2, , para2, actions, context] = card.body;
    expect(header).toMatchObject({ text: "First contact resolution — October 2026", size: "Large", weight: "Bolder" });
    expect(fields).toMatchObject({ type: "Container", style: "good", items: [{ type: "FactSet" }] });
    expect(fields?.type === "Container" && fields.items[0]?.type === "FactSet" && fields.items[0].facts[0]).toEqual({
      title: "Value",
      value: "76.8 %",
    });
    expect(image).toEqual({
      type: "Image",
      url: httpsImage.url,
      altText: "FCR by month, June to October 2026: 71.5, 73, no data, 74.2, 76.8 %",
      size: "Stretch",
    });
    // Teams drops single newlines: one TextBlock per line, tight within a paragraph, spaced between.
    expect(line1).toMatchObject({ text: "Biggest movers:" });
    expect(line1).not.toHaveProperty("spacing");
    expect(line2).toMatchObject({ text: "• Network: +6.1 pts", spacing: "None" });
    expect(para2).toMatchObject({ text: "Ask `fcr last month by group` for more.", spacing: "Medium" });
    // The divider becomes a separator on the element after it.
    expect(actions).toMatchObject({ type: "ActionSet", separator: true });
    expect(actions?.type === "ActionSet" && actions.actions).toEqual([
      {
        type: "Action.Submit",
        title: "By group",
        data: { actionId: "kpi.breakdown", value: "fcr 2026-10 by group" },
        style: "positive",
      },
      { type: "Action.Submit", title: "Previous period", data: { actionId: "kpi.previous", value: "fcr 2026-09" } },
      { type: "Action.Submit", title: "How is it computed?", data: { actionId: "kpi.explain", value: "explain fcr" } },
      { type: "Action.Submit", title: "Delete", data: { actionId: "kpi.share", value: "noop" }, style: "destructive" },
    ]);
    expect(context).toMatchObject({
      size: "Small",
      isSubtle: true,
      text: kpiAnswer.blocks[6]?.type === "context" ? kpiAnswer.blocks[6].text : "",
    });
  });

  it("shows a chart without an image as its alt text plus the hint", () => {
    const { card } = renderAdaptiveCard(kpiAnswer, { missingImageNote: "set KPIBOT_PUBLIC_URL" });
    expect(cardProblems(card)).toEqual([]);
    expect(card.body[2]).toMatchObject({
      type: "TextBlock",
      // Written as literal Markdown text: the underscores are escaped so Teams never reads emphasis.
      text: "FCR by month, June to October 2026: 71.5, 73, no data, 74.2, 76.8 % (set KPIBOT\\_PUBLIC\\_URL)",
      isSubtle: true,
    });
  });

  it("keeps the reply's language and accents", () => {
    const { card } = renderAdaptiveCard(frenchAnswer);
    expect(cardProblems(card)).toEqual([]);
    expect(card.body[0]).toMatchObject({
      text: "Taux de résolution au premier contact — octobre 2026 · service=« Poste de travail »",
    });
  });

  it("colours the fields by KPI status", () => {
    const styles = (["on_target", "watch", "off_target", "no_target"] as const).map((status) => {
      const reply: Reply = {
        locale: "en",
        fallback: "x",
        blocks: [{ type: "fields", status, fields: [{ label: "a", value: "b" }] }],
      };
      const first = renderAdaptiveCard(reply).card.body[0];
      return first?.type === "Container" ? first.style : undefined;
    });
    expect(styles).toEqual(["good", "warning", "attention", "emphasis"]);
  });

  it("never sends an empty card: a reply without renderable blocks shows its fallback", () => {
    const reply: Reply = {
      locale: "en",
      fallback: "Nothing to show.",
      blocks: [{ type: "divider" }, { type: "actions", actions: [] }],
    };
    const { card } = renderAdaptiveCard(reply);
    expect(cardProblems(card)).toEqual([]);
    expect(card.body).toEqual([{ type: "TextBlock", text: "Nothing to show.", wrap: true }]);
  });
});

describe("Teams limits applied at render time", () => {
  it("clips buttons to the action limit and their titles, headers and facts to their lengths", () => {
    const { card } = renderAdaptiveCard(hugeAnswer());
    expect(cardProblems(card)).toEqual([]);
    const actionSet = card.body.find((e) => e.type === "ActionSet");
    expect(actionSet?.type === "ActionSet" && actionSet.actions.length).toBe(6);
    const titles = actionSet?.type === "ActionSet" ? actionSet.actions.map((a) => Array.from(a.title).length) : [];
    expect(Math.max(...titles)).toBe(40);
    expect(actionSet?.type === "ActionSet" && actionSet.actions[0]?.title.endsWith("…")).toBe(true);
    const header = card.body[0];
    expect(header?.type === "TextBlock" && Array.from(header.text).length).toBe(200);
    const factSet = card.body.find((e) => e.type === "FactSet");
    expect(factSet?.type === "FactSet" && factSet.facts.length).toBe(20);
  });

  it("shrinks a card over the 28 KB message budget until it fits, and says what gave way", () => {
    const rendered = renderAdaptiveCard(hugeAnswer());
    // 12 texts × ~11 KB would be ~130 KB; the budget is 28 KB minus the envelope reserve and the summary.
    expect(rendered.bytes).toBeLessThanOrEqual(28 * 1024 - 2 * 1024);
    expect(rendered.bytes).toBe(Buffer.byteLength(JSON.stringify(rendered.card)));
    expect(rendered.degraded[0]).toBe("texts clipped to 1500 characters");
    const texts = rendered.card.body.filter((e) => e.type === "TextBlock").slice(1);
    expect(texts.length).toBe(12);
    expect(cardProblems(rendered.card)).toEqual([]);
  });

  it("drops inline (data: URI) charts first when they do not fit", () => {
    const dataUri = `data:image/png;base64,${"A".repeat(30_000)}`;
    const rendered = renderAdaptiveCard(kpiAnswer, { images: new Map([[2, { url: dataUri, inline: true }]]) });
    expect(rendered.degraded).toEqual(["inline images removed"]);
    expect(rendered.card.body.some((e) => e.type === "Image")).toBe(false);
    expect(cardProblems(rendered.card)).toEqual([]);
  });

  it("keeps a small inline chart", () => {
    const dataUri = `data:image/png;base64,${"A".repeat(8_000)}`;
    const rendered = renderAdaptiveCard(kpiAnswer, { images: new Map([[2, { url: dataUri, inline: true }]]) });
    expect(rendered.degraded).toEqual([]);
    expect(rendered.card.body[2]).toMatchObject({ type: "Image", url: dataUri });
  });

  it("falls back to header, fields and buttons, then to the fallback text alone", () => {
    const essentials = renderAdaptiveCard(kpiAnswer, { maxMessageBytes: 2 * 1024 + 1_700 });
    expect(essentials.degraded.at(-1)).toBe("only header, fields and buttons kept");
    expect(types(essentials.card.body)).toEqual(["TextBlock", "Container", "ActionSet"]);
    const minimal = renderAdaptiveCard(kpiAnswer, { maxMessageBytes: 2 * 1024 + 600 });
    expect(minimal.degraded.at(-1)).toBe("fallback text only");
    expect(minimal.card.body).toEqual([{ type: "TextBlock", text: kpiAnswer.fallback, wrap: true }]);
    expect(cardProblems(minimal.card)).toEqual([]);
  });

  it("clips by characters, never splitting an emoji", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("🟢🟢🟢🟢", 3)).toBe("🟢🟢…");
    expect(clip("short", 10)).toBe("short");
  });
});

describe("the message activity", () => {
  it("carries the card as an Adaptive Card attachment with the fallback as its summary", () => {
    const rendered = renderAdaptiveCard(kpiAnswer);
    const message = cardMessage(kpiAnswer, rendered);
    expect(message).toEqual({
      type: "message",
      summary: kpiAnswer.fallback,
      attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: rendered.card }],
    });
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(TEAMS_LIMITS.maxMessageBytes);
  });

  it("makes the summary one line", () => {
    expect(summaryOf({ locale: "en", fallback: "a\n  b\tc", blocks: [] })).toBe("a b c");
  });
});
