import { describe, expect, it } from "vitest";
import { renderReplyHtml } from "../../adapters/playground/render-html.js";
import { renderReply, type SlackMessage } from "../../adapters/slack/render/blocks.js";
import { cardMessage, renderAdaptiveCard } from "../../adapters/teams/render/card.js";
import { escapeHtml, markupToHtml } from "../../src/reply/html.js";
import { renderText } from "../../src/reply/render-text.js";
import { REPLY_FIXTURES } from "./fixtures.js";
import { htmlVisible } from "./visible.js";

// The platforms' documented limits, written out here (not imported) so a wrong limits table fails too.
const SLACK = { blocks: 50, section: 3000, fields: 10, field: 2000, header: 150, context: 10, buttons: 25 };
const SLACK_MORE = { button: 75, value: 2000, text: 4000 };
const TEAMS = { messageBytes: 28 * 1024, actionsPerSet: 6 };

/** Every object of a JSON tree, depth first. */
function nodes(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (typeof value !== "object" || value === null) return [];
  return [value as Record<string, unknown>, ...Object.values(value).flatMap(nodes)];
}

/** The mrkdwn texts of a Slack message (what Slack parses) and its plain texts (headers, buttons, alt texts). */
function slackTexts(msg: SlackMessage): { mrkdwn: string[]; plain: string[] } {
  const mrkdwn: string[] = [msg.text];
  const plain: string[] = [];
  for (const n of nodes(msg.blocks)) {
    if (n.type === "mrkdwn") mrkdwn.push(String(n.text));
    if (n.type === "plain_text") plain.push(String(n.text));
    if (typeof n.alt_text === "string") plain.push(n.alt_text);
  }
  return { mrkdwn, plain };
}

/** What a Slack reader sees: entities decoded (bold stars kept: the tests look for text, not style). */
function slackVisible(msg: SlackMessage): string {
  const { mrkdwn, plain } = slackTexts(msg);
  const decoded = mrkdwn.map((t) => t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
  return [...decoded, ...plain].join("\n");
}

/** The texts of an Adaptive Card that Teams reads as Markdown, and the plain ones (button titles, alt texts). */
function cardTexts(card: unknown): { markdown: string[]; plain: string[] } {
  const markdown: string[] = [];
  const plain: string[] = [];
  for (const n of nodes(card)) {
    if (n.type === "TextBlock") markdown.push(String(n.text));
    if (n.type === "FactSet")
      for (const f of n.facts as { title: string; value: string }[]) markdown.push(f.title, f.value);
    if (n.type === "AdaptiveCard") markdown.push(String(n.fallbackText));
    if (n.type === "Action.Submit") plain.push(String(n.title));
    if (n.type === "Image") plain.push(String(n.altText));
  }
  return { markdown, plain };
}

/** What a Teams reader sees: backslash escapes, bold and code marks and word joiners gone. */
function cardVisible(card: unknown): string {
  const { markdown, plain } = cardTexts(card);
  const shown = markdown.map((t) => t.replace(/\\([!-/:-@[-`{-~])|\*\*|`|\u2060/g, (_m, ch?: string) => ch ?? ""));
  return [...shown, ...plain].join("\n");
}

/** The elements the playground's reply HTML is made of: nothing that links, runs or embeds. */
const HTML_TAGS = new Set([
  "article",
  "p",
  "h3",
  "div",
  "dl",
  "dt",
  "dd",
  "strong",
  "code",
  "br",
  "figure",
  "figcaption",
  "img",
  "button",
  "hr",
]);

describe.each(REPLY_FIXTURES.map((f) => [f.name, f] as const))("%s, through every renderer", (_name, fixture) => {
  const { reply } = fixture;
  const slack = renderReply(reply);
  const rendered = renderAdaptiveCard(reply);
  const teams = cardMessage(reply, rendered);
  const html = renderReplyHtml(reply);
  const text = renderText(reply);
  const outputs = {
    slack: slackVisible(slack),
    teams: cardVisible(rendered.card),
    playground: htmlVisible(html),
    cli: text,
  };

  it("shows the headline number and the key texts on every platform, and in the notifications", () => {
    for (const [platform, visible] of Object.entries(outputs)) {
      for (const shown of fixture.shows) expect(visible, `${platform} shows ${shown}`).toContain(shown);
    }
    const [headline = ""] = fixture.shows;
    expect(slack.text.replace(/&amp;/g, "&")).toContain(headline);
    // The one-line summary writes every space as a plain one.
    expect(teams.summary).toContain(headline.replace(/\s/g, " "));
  });

  it("shows bold as bold: never the markup's ** (Slack *x*, Teams **x**, playground <strong>, CLI plain)", () => {
    const { mrkdwn } = slackTexts(slack);
    for (const t of mrkdwn) expect(t).not.toContain("**");
    expect(html).not.toContain("**");
    expect(text).not.toContain("**");
    // Teams' Markdown read as Markdown (as the playground's Teams view does): no stars left either.
    const teamsHtml = cardTexts(rendered.card).markdown.map((t) => markupToHtml(t).replace(/\u2060/g, ""));
    for (const t of teamsHtml) expect(t).not.toContain("**");
    for (const bold of fixture.bold) {
      const slackBold = `*${bold.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}*`;
      expect(
        mrkdwn.some((t) => t.includes(slackBold)),
        `Slack bold ${bold}`,
      ).toBe(true);
      expect(html).toContain(`<strong>${escapeHtml(bold)}</strong>`);
      expect(text).toContain(bold);
      expect(
        teamsHtml.some((t) => t.includes(`<strong>${escapeHtml(bold)}</strong>`)),
        `Teams bold ${bold}`,
      ).toBe(true);
    }
  });

  it("never turns people's text into a mention, a link or markup, and shows it as typed", () => {
    // Slack: every mrkdwn object is verbatim (no auto-links, no @channel), and no `<` reaches Slack's parser.
    for (const n of nodes(slack.blocks)) if (n.type === "mrkdwn") expect(n.verbatim).toBe(true);
    for (const t of slackTexts(slack).mrkdwn) expect(t).not.toMatch(/[<>]/);
    // Teams: no link syntax and no address a link detector would match; no <at> mention.
    const { markdown, plain } = cardTexts(rendered.card);
    for (const t of [...markdown, teams.summary]) {
      if (t !== teams.summary) expect(t).not.toContain("]("); // the summary is plain text, never Markdown
      expect(t).not.toContain("://");
      expect(t).not.toMatch(/\bwww\./i);
      expect(t).not.toMatch(/<at>/i);
    }
    for (const t of plain) expect(t).not.toMatch(/<at>/i);
    // Playground: only the reply's own elements; no link, script or event handler.
    for (const [, tag] of html.matchAll(/<\/?([a-z0-9]+)/g)) expect(HTML_TAGS.has(tag ?? "")).toBe(true);
    expect(html).not.toMatch(/\shref=|\son[a-z]+=|javascript:/i);
    // People's text is still there, character for character, on every platform.
    for (const typed of fixture.userTexts) {
      for (const [platform, visible] of Object.entries(outputs)) {
        expect(visible, `${platform} shows ${typed}`).toContain(typed);
      }
    }
  });

  it("stays within Slack's limits", () => {
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK.blocks);
    expect(slack.text.length).toBeGreaterThan(0);
    expect(slack.text.length).toBeLessThanOrEqual(SLACK_MORE.text);
    for (const b of slack.blocks) {
      if (b.type === "header") expect(b.text.text.length).toBeLessThanOrEqual(SLACK.header);
      if (b.type === "section") {
        if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK.section);
        expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK.fields);
        for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK.field);
      }
      if (b.type === "context") {
        expect(b.elements.length).toBeLessThanOrEqual(SLACK.context);
        for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK.section);
      }
      if (b.type === "actions") {
        expect(b.elements.length).toBeLessThanOrEqual(SLACK.buttons);
        for (const e of b.elements) {
          expect(e.text.text.length).toBeLessThanOrEqual(SLACK_MORE.button);
          expect(e.value.length).toBeLessThanOrEqual(SLACK_MORE.value);
        }
      }
    }
  });

  it("stays within Teams' limits (message size, buttons per row)", () => {
    expect(Buffer.byteLength(JSON.stringify(teams), "utf8")).toBeLessThanOrEqual(TEAMS.messageBytes);
    for (const n of nodes(rendered.card)) {
      if (n.type === "ActionSet") expect((n.actions as unknown[]).length).toBeLessThanOrEqual(TEAMS.actionsPerSet);
    }
  });
});
