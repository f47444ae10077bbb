import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ChartImageRef,
  renderReply,
  type SlackBlock,
  type SlackMessage,
} from "../../adapters/slack/render/blocks.js";
import type { KpiStatus } from "../../src/kpi/types.js";
import type { ChartSpec, Reply, ReplyBlock } from "../../src/reply/types.js";

// Slack's documented limits, written out again here (not imported) so a wrong table fails the test.
const LIMITS = { blocks: 50, homeBlocks: 100, section: 3000, fields: 10, field: 2000, header: 150, alt: 2000 };
const MORE = {
  title: 2000,
  url: 3000,
  context: 10,
  contextText: 3000,
  buttons: 25,
  button: 75,
  value: 2000,
  id: 255,
  text: 4000,
};

/** Every violation of Slack's limits in a rendered message (empty = Slack would accept it). */
function violations(msg: SlackMessage, surface: "message" | "home"): string[] {
  const v: string[] = [];
  const len = (what: string, s: string, max: number, min = 1) => {
    if (s.length < min || s.length > max) v.push(`${what}: length ${s.length} not in ${min}..${max}`);
    if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s))
      v.push(`${what}: lone surrogate`);
  };
  if (msg.blocks.length > (surface === "home" ? LIMITS.homeBlocks : LIMITS.blocks))
    v.push(`${msg.blocks.length} blocks`);
  len("text", msg.text, MORE.text);
  const actionIds = new Set<string>();
  msg.blocks.forEach((b: SlackBlock, i) => {
    switch (b.type) {
      case "header":
        len(`header ${i}`, b.text.text, LIMITS.header);
        if (b.text.text.includes("\n")) v.push(`header ${i}: newline`);
        break;
      case "section":
        if (!b.text && !b.fields) v.push(`section ${i}: empty`);
        if (b.text) len(`section ${i}`, b.text.text, LIMITS.section);
        if (b.fields && (b.fields.length < 1 || b.fields.length > LIMITS.fields))
          v.push(`section ${i}: ${b.fields.length} fields`);
        for (const f of b.fields ?? []) len(`field ${i}`, f.text, LIMITS.field);
        break;
      case "image":
        len(`alt ${i}`, b.alt_text, LIMITS.alt);
        if (b.title) len(`title ${i}`, b.title.text, MORE.title);
        if ("image_url" in b) len(`url ${i}`, b.image_url, MORE.url);
        if ("image_url" in b === "slack_file" in b) v.push(`image ${i}: needs exactly one source`);
        break;
      case "actions":
        if (b.elements.length < 1 || b.elements.length > MORE.buttons) v.push(`actions ${i}: ${b.elements.length}`);
        for (const e of b.elements) {
          len(`button ${i}`, e.text.text, MORE.button);
          len(`value ${i}`, e.value, MORE.value, 0);
          len(`action_id ${i}`, e.action_id, MORE.id);
          if (actionIds.has(e.action_id)) v.push(`duplicate action_id ${e.action_id}`);
          actionIds.add(e.action_id);
        }
        break;
      case "context":
        if (b.elements.length < 1 || b.elements.length > MORE.context) v.push(`context ${i}: ${b.elements.length}`);
        for (const e of b.elements) len(`context ${i}`, e.text, MORE.contextText);
        break;
      case "divider":
        break;
    }
  });
  return v;
}

const tricky = fc.constantFrom("a", "é", " ", "\n", "&", "<", ">", "*", "😀", "`", "_");
const text = (max: number) =>
  fc.oneof(
    fc.string({ unit: "grapheme", maxLength: max }),
    fc.string({ unit: tricky, maxLength: max }),
    fc.string({ unit: tricky, minLength: max - 10, maxLength: max }),
  );
const status = fc.constantFrom<KpiStatus>("on_target", "watch", "off_target", "no_target", "no_data");
const spec = fc.record({
  kind: fc.constantFrom("trend" as const, "bar" as const),
  title: text(2100),
  unit: fc.constant("percent" as const),
  categories: fc.array(fc.string(), { maxLength: 3 }),
  series: fc.constant<ChartSpec["series"]>([]),
  locale: fc.constantFrom("en" as const, "fr" as const),
});
const block: fc.Arbitrary<ReplyBlock> = fc.oneof(
  fc.record({ type: fc.constant("header" as const), text: text(400) }),
  fc.record({ type: fc.constant("text" as const), text: text(9000) }),
  fc.record({
    type: fc.constant("fields" as const),
    fields: fc.array(fc.record({ label: text(300), value: text(2100) }), { maxLength: 25 }),
    status: fc.option(status, { nil: undefined }),
  }),
  fc.record({ type: fc.constant("chart" as const), spec, altText: text(2500) }),
  fc.record({
    type: fc.constant("actions" as const),
    actions: fc.array(
      fc.record({
        actionId: fc.oneof(fc.constantFrom("kpi.breakdown", "kpi.previous", "kpi.explain", "kpi.share"), text(300)),
        label: text(120),
        value: text(2200),
        style: fc.option(fc.constantFrom("primary" as const, "danger" as const), { nil: undefined }),
      }),
      { maxLength: 60 },
    ),
  }),
  fc.record({ type: fc.constant("context" as const), text: text(3500) }),
  fc.constant({ type: "divider" as const }),
);
const reply: fc.Arbitrary<Reply> = fc.record({
  blocks: fc.array(block, { maxLength: 90 }),
  fallback: text(5000),
  ephemeral: fc.option(fc.boolean(), { nil: undefined }),
  locale: fc.constantFrom("en" as const, "fr" as const),
});
const image: fc.Arbitrary<ChartImageRef | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ kind: fc.constant("slack_file" as const), id: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant("url" as const), url: fc.webUrl() }),
  fc.record({
    kind: fc.constant("url" as const),
    url: fc.string({ minLength: 2990, maxLength: 3100 }).map((s) => `https://q.io/${s}`),
  }),
);

describe("Block Kit renderer: every rendered message is within Slack's limits (property)", () => {
  it("messages (50 blocks)", () => {
    fc.assert(
      fc.property(reply, fc.array(image, { maxLength: 10 }), (r, images) => {
        expect(violations(renderReply(r, { images }), "message")).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("Home tab views (100 blocks, no buttons)", () => {
    fc.assert(
      fc.property(reply, fc.array(image, { maxLength: 10 }), (r, images) => {
        const out = renderReply(r, { images, surface: "home", interactive: false });
        expect(violations(out, "home")).toEqual([]);
        expect(out.blocks.some((b) => b.type === "actions")).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("the checker itself catches a message Slack would refuse", () => {
    const bad: SlackMessage = {
      text: "",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "x".repeat(151), emoji: true } },
        {
          type: "section",
          fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn" as const, text: "f", verbatim: true as const })),
        },
      ],
    };
    expect(violations(bad, "message")).toEqual([
      "text: length 0 not in 1..4000",
      "header 0: length 151 not in 1..150",
      "section 1: 11 fields",
    ]);
  });
});
