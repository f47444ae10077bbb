import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardMarkdownHtml } from "../../adapters/playground/card-markdown.js";
import { STATIC_DIR } from "../../adapters/playground/page.js";
import { teamsCardRenderer } from "../../adapters/playground/teams-view.js";
import { escapeHtml } from "../../src/reply/html.js";
import { REPLY_FIXTURES } from "../reply/fixtures.js";

// Debian's Chromium (ENVIRONMENT.md); .ci/run installs it, so CI never skips the browser part.
const CHROMIUM = process.env.KPIBOT_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
];
const haveChromium = existsSync(CHROMIUM);
/** Microsoft's renderer bundle, as the playground serves it. */
const BUNDLE = join(
  dirname(createRequire(import.meta.url).resolve("adaptivecards/package.json")),
  "dist",
  "adaptivecards.min.js",
);

const survey = REPLY_FIXTURES.find((f) => f.name === "survey card");
if (!survey) throw new Error("no survey card fixture");

/** Every object of a JSON tree, depth first. */
function nodes(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (typeof value !== "object" || value === null) return [];
  return [value as Record<string, unknown>, ...Object.values(value).flatMap(nodes)];
}

describe("the playground's Teams view: Markdown of the card's texts", () => {
  it.each(REPLY_FIXTURES.map((f) => [f.name, f] as const))("%s: every Markdown text has its HTML", (_name, f) => {
    const card = teamsCardRenderer(f.reply, []);
    const html = cardMarkdownHtml(card);
    const texts = nodes(card).flatMap((n) =>
      n.type === "TextBlock"
        ? [String(n.text)]
        : n.type === "FactSet"
          ? (n.facts as { title: string; value: string }[]).flatMap((fact) => [fact.title, fact.value])
          : [],
    );
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(html[text], text).toBeDefined();
    for (const out of Object.values(html)) {
      expect(out).not.toContain("**");
      expect(out).not.toMatch(/\\[!-/:-@[-`{-~]/); // no escape shown
      expect(out).not.toMatch(/<(?!\/?(strong|code|br)>)/); // only these elements; people's `<` escaped
    }
    for (const bold of f.bold) {
      const strong = `<strong>${escapeHtml(bold)}</strong>`;
      expect(
        Object.values(html).some((out) => out.replace(/\u2060/g, "").includes(strong)),
        bold,
      ).toBe(true);
    }
  });

  it("keeps a text such as __proto__ as a key like any other", () => {
    const card = { type: "AdaptiveCard", body: [{ type: "TextBlock", text: "__proto__" }] };
    const html = cardMarkdownHtml(card);
    expect(Object.keys(html)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(html)).toBe(Object.prototype);
  });
});

if (!haveChromium && process.env.CI !== "true") {
  describe.skip(`the playground's Teams view in Chromium (skipped: no Chromium at ${CHROMIUM})`, () => {
    it("needs Chromium", () => undefined);
  });
} else {
  describe("the playground's Teams view in Chromium (adaptivecards with static/card-markdown.js)", () => {
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      if (!haveChromium) throw new Error(`Chromium not found at ${CHROMIUM} but CI=true: .ci/run installs it.`);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      page = await browser.newPage();
      await page.route(/^https?:\/\//, (route) => route.abort());
      await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
      await page.addScriptTag({ path: BUNDLE });
      await page.addScriptTag({ path: join(STATIC_DIR, "card-markdown.js") });
    });
    afterAll(async () => {
      await browser?.close();
    });

    /** Draws a card as the page does; `hook`: with the playground's Markdown hook installed. */
    async function draw(card: unknown, texts: Record<string, string>, hook: boolean) {
      return page.evaluate(
        ([json, map, install]) => {
          type Lib = {
            AdaptiveCard: (new () => { parse(json: unknown): void; render(): HTMLElement | undefined }) & {
              onProcessMarkdown?: unknown;
            };
          };
          const w = window as unknown as {
            AdaptiveCards: Lib;
            kbCardMarkdown: { remember(m: unknown): void; install(lib: Lib): void };
          };
          w.AdaptiveCards.AdaptiveCard.onProcessMarkdown = undefined;
          if (install) {
            w.kbCardMarkdown.remember(map);
            w.kbCardMarkdown.install(w.AdaptiveCards);
          }
          const adaptive = new w.AdaptiveCards.AdaptiveCard();
          adaptive.parse(json);
          const root = document.getElementById("root");
          if (!root) throw new Error("no root");
          root.replaceChildren();
          const element = adaptive.render();
          if (element) root.appendChild(element);
          return {
            text: root.textContent ?? "",
            strong: Array.from(root.querySelectorAll("strong")).map((s) => s.textContent ?? ""),
            links: root.querySelectorAll("a").length,
          };
        },
        [card, texts, hook] as const,
      );
    }

    it("draws the survey card's bold questions as bold, people's text as typed, and no stars or backslashes", async () => {
      const card = teamsCardRenderer(survey.reply, []);
      const texts = cardMarkdownHtml(card);
      const drawn = await draw(card, texts, true);
      const visible = drawn.text.replace(/\u2060/g, "");
      expect(drawn.strong.map((s) => s.replace(/\u2060/g, ""))).toEqual(expect.arrayContaining(survey.bold));
      expect(visible).not.toContain("**");
      expect(visible).not.toContain("\\");
      for (const typed of survey.userTexts) expect(visible).toContain(typed);
      expect(drawn.links).toBe(0);
    });

    it("without the hook the library shows the Markdown literally (what the playground used to show)", async () => {
      const card = teamsCardRenderer(survey.reply, []);
      const drawn = await draw(card, {}, false);
      expect(drawn.text).toContain("**1. How did");
      expect(drawn.strong).toEqual([]);
    });
  });
}
