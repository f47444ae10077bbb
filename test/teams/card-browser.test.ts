import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAdaptiveCard } from "../../adapters/teams/render/card.js";
import { TEAMS_LIMITS } from "../../adapters/teams/render/limits.js";
import { frenchAnswer, hugeAnswer, kpiAnswer } from "./fixtures/replies.js";

// Debian's Chromium (ENVIRONMENT.md); .ci/run installs it, so CI never skips this.
const CHROMIUM = process.env.KPIBOT_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
];
const haveChromium = existsSync(CHROMIUM);
/** Microsoft's browser renderer bundle (the same library Teams' web client renders cards with). */
const BUNDLE = join(
  dirname(createRequire(import.meta.url).resolve("adaptivecards/package.json")),
  "dist",
  "adaptivecards.min.js",
);
const IMAGE = "https://kpibot.example.org/charts/abc.png?exp=1&sig=x";

/** What the renderer drew for one card. */
interface Drawn {
  parseEvents: string[];
  text: string;
  images: { src: string; alt: string }[];
  buttons: string[];
}

async function draw(page: Page, card: unknown): Promise<Drawn> {
  return page.evaluate(
    ([json, maxActions]) => {
      type AC = {
        AdaptiveCard: new () => {
          hostConfig: unknown;
          parse(json: unknown, context: unknown): void;
          render(): HTMLElement | undefined;
          onExecuteAction?: (action: { data?: unknown }) => void;
        };
        SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
        HostConfig: new (config: unknown) => unknown;
      };
      const lib = (window as unknown as { AdaptiveCards: AC }).AdaptiveCards;
      const adaptive = new lib.AdaptiveCard();
      // Teams' host config shows up to 6 buttons in a row (the library's default is 5).
      adaptive.hostConfig = new lib.HostConfig({ actions: { maxActions } });
      const context = new lib.SerializationContext();
      adaptive.parse(json, context);
      adaptive.onExecuteAction = (action) => {
        (window as unknown as { executed: unknown }).executed = action.data;
      };
      const root = document.getElementById("root");
      if (!root) throw new Error("no root");
      root.replaceChildren();
      const element = adaptive.render();
      if (element) root.appendChild(element);
      return {
        parseEvents: Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message),
        text: root.textContent ?? "",
        images: Array.from(root.querySelectorAll("img")).map((img) => ({ src: img.src, alt: img.alt })),
        buttons: Array.from(root.querySelectorAll("button")).map((b) => (b.textContent ?? "").trim()),
      };
    },
    [card, TEAMS_LIMITS.maxActionsPerSet] as const,
  );
}

if (!haveChromium && process.env.CI !== "true") {
  describe.skip(`Teams cards in Microsoft's renderer (skipped: no Chromium at ${CHROMIUM})`, () => {
    it("needs Chromium", () => undefined);
  });
} else {
  describe("Teams cards in Microsoft's renderer (adaptivecards in Chromium)", () => {
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      if (!haveChromium) throw new Error(`Chromium not found at ${CHROMIUM} but CI=true: .ci/run installs it.`);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      page = await browser.newPage();
      // Nothing leaves the machine: the chart URL is only checked, not fetched.
      await page.route(/^https?:\/\//, (route) => route.abort());
      await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
      await page.addScriptTag({ path: BUNDLE });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("draws every block of a KPI answer: header, facts, chart, lines, buttons, context", async () => {
      const { card } = renderAdaptiveCard(kpiAnswer, { images: new Map([[2, { url: IMAGE, inline: false }]]) });
      const drawn = await draw(page, card);
      expect(drawn.parseEvents).toEqual([]);
      expect(drawn.text).toContain("First contact resolution — October 2026");
      expect(drawn.text).toContain("76.8 %");
      expect(drawn.text).toContain("• Workplace: −3.0 pts");
      expect(drawn.text).toContain("Source: tickets · Europe/Paris");
      expect(drawn.images).toEqual([
        { src: IMAGE, alt: "FCR by month, June to October 2026: 71.5, 73, no data, 74.2, 76.8 %" },
      ]);
      expect(drawn.buttons).toEqual(["By group", "Previous period", "How is it computed?", "Delete"]);
    });

    it("sends the button's actionId and value back when clicked", async () => {
      const { card } = renderAdaptiveCard(kpiAnswer);
      await draw(page, card);
      await page.getByRole("button", { name: "Previous period" }).click();
      expect(await page.evaluate(() => (window as unknown as { executed: unknown }).executed)).toEqual({
        actionId: "kpi.previous",
        value: "fcr 2026-09",
      });
    });

    it("draws French and trimmed cards without parse errors", async () => {
      const french = await draw(page, renderAdaptiveCard(frenchAnswer).card);
      expect(french.parseEvents).toEqual([]);
      expect(french.text).toContain("« Poste de travail »");
      const huge = await draw(page, renderAdaptiveCard(hugeAnswer()).card);
      expect(huge.parseEvents).toEqual([]);
      expect(huge.buttons).toHaveLength(6);
    });
  });
}
