import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKpibot } from "../../adapters/main.js";
import { playgroundIdOf } from "../../adapters/playground/index.js";
import type { App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { insertRows } from "../../src/store/bulk.js";
import type { SqlParam } from "../../src/store/db.js";
import { REPLY_FIXTURES } from "../reply/fixtures.js";

// Debian's Chromium (ENVIRONMENT.md): `npx playwright install` cannot download browsers here.
const CHROMIUM = process.env.KPIBOT_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];
const SCREENSHOT_DIR = join(process.cwd(), "test-results");
const haveChromium = existsSync(CHROMIUM);

/** A few resolved tickets per month over the last four months, for when the demo seed did not run. */
async function ensureTickets(app: App): Promise<void> {
  const [row] = await app.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM tickets");
  if ((row?.n ?? 0) > 0) return;
  const now = app.clock.now();
  const rows: SqlParam[][] = [];
  for (let monthsAgo = 0; monthsAgo <= 3; monthsAgo++) {
    for (let i = 0; i < 10; i++) {
      const opened = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 3 + i, 9));
      const resolved = new Date(opened.getTime() + (4 + i) * 3_600_000);
      rows.push([`E2E-${monthsAgo}-${i}`, "incident", opened, opened, resolved, i < 7, i < 8 ? 1 : 2, "Service desk"]);
    }
  }
  const columns = [
    "external_id",
    "kind",
    "opened_at",
    "first_response_at",
    "resolved_at",
    "first_contact_resolution",
    "support_level",
    "group_name",
  ];
  await app.db.transaction((tx) => insertRows(tx, "tickets", columns, rows, { kind: "error" }));
}

/** Types a question, presses Enter, and waits for the n-th reply (1-based) to arrive. */
async function ask(page: Page, text: string, n: number) {
  await page.getByLabel(/Your question|Votre question/).fill(text);
  await page.keyboard.press("Enter");
  return waitForReply(page, n);
}

async function waitForReply(page: Page, n: number) {
  const reply = page.locator("#kb-log article.kb-reply").nth(n - 1);
  await reply.waitFor({ state: "visible", timeout: 30_000 });
  return reply;
}

/** Waits until every chart picture in the reply has loaded, and returns their natural widths. */
async function chartWidths(page: Page, n: number): Promise<number[]> {
  await page.waitForFunction(
    (i) => {
      const imgs = Array.from(document.querySelectorAll("#kb-log article.kb-reply")[i]?.querySelectorAll("img") ?? []);
      return imgs.length > 0 && imgs.every((img) => img.complete);
    },
    n - 1,
    { timeout: 30_000 },
  );
  return page.evaluate(
    (i) =>
      Array.from(document.querySelectorAll("#kb-log article.kb-reply")[i]?.querySelectorAll("img") ?? []).map(
        (img) => img.naturalWidth,
      ),
    n - 1,
  );
}

if (!haveChromium && process.env.CI !== "true") {
  describe.skip(`playground in a real browser (skipped: no Chromium at ${CHROMIUM}; apt-get install -y chromium)`, () => {
    it("needs Chromium", () => undefined);
  });
} else {
  describe("playground in a real browser", () => {
    let kpibot: Awaited<ReturnType<typeof startKpibot>>;
    let browser: Browser;
    let dir: string;
    const problems: string[] = [];

    beforeAll(async () => {
      // In CI a missing Chromium is a failure, never a silent skip.
      if (!haveChromium) throw new Error(`Chromium not found at ${CHROMIUM} but CI=true: .ci/run installs it.`);
      dir = mkdtempSync(join(tmpdir(), "kpibot-e2e-"));
      const config = loadConfig(
        { DATABASE_URL: `file:${join(dir, "kpibot.db")}`, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn" },
        { dotenv: false },
      );
      kpibot = await startKpibot(config);
      await ensureTickets(kpibot.app);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    });

    /** Collects what would go unnoticed in a screenshot: script errors, CSP violations, 404s. */
    async function watched(page: Page): Promise<Page> {
      page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
      page.on("console", (msg) => {
        if (msg.type() === "error") problems.push(`console: ${msg.text()} (${msg.location().url})`);
      });
      return page;
    }

    afterAll(async () => {
      await browser?.close();
      await kpibot?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("answers an English question with a value and a chart, and its buttons work", async () => {
      const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
      const page = await watched(await context.newPage());
      await page.goto(`http://127.0.0.1:${kpibot.port}/`);
      await expect(page.title()).resolves.toBe("kpibot playground");
      // The Teams card renderer is wired: the view switch shows, on the Slack view.
      expect(await page.getByRole("radio", { name: "Slack" }).isChecked()).toBe(true);

      // Typed with the slash command, as in Slack.
      const first = await ask(page, "/kpi fcr last month", 1);
      expect(await first.getAttribute("lang")).toBe("en");
      expect((await first.locator(".kb-fields dd").first().textContent()) ?? "").toMatch(/\d.*%/);
      expect(await first.locator(".kb-fields").getAttribute("data-status")).toMatch(/^(on_target|watch|off_target)$/);
      const widths = await chartWidths(page, 1);
      expect(widths.length).toBeGreaterThan(0);
      expect(widths.every((w) => w > 0)).toBe(true);
      // Focus is back in the input, ready for the next question.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("kb-input");

      // A button of the reply goes back through the core and answers below.
      const button = first.locator("button.kb-button").first();
      const label = (await button.textContent()) ?? "";
      expect(label.length).toBeGreaterThan(0);
      await button.click();
      const second = await waitForReply(page, 2);
      expect(((await second.textContent()) ?? "").length).toBeGreaterThan(10);
      await expect(page.locator("#kb-log .kb-from-user").last().textContent()).resolves.toContain(label);
      if ((await second.locator("img").count()) > 0)
        expect((await chartWidths(page, 2)).every((w) => w > 0)).toBe(true);

      await page.mouse.move(0, 0);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, "playground-en.png") });
      await first.screenshot({ path: join(SCREENSHOT_DIR, "playground-reply-en.png") });
      await second.screenshot({ path: join(SCREENSHOT_DIR, "playground-followup-en.png") });
      await context.close();
    }, 180_000);

    it("answers a French question in French, in a French browser", async () => {
      const context = await browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 900 } });
      const page = await watched(await context.newPage());
      await page.goto(`http://127.0.0.1:${kpibot.port}/`);
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe("fr");

      const reply = await ask(page, "mttr mois dernier", 1);
      expect(await reply.getAttribute("lang")).toBe("fr");
      expect((await reply.locator(".kb-fields dd").first().textContent()) ?? "").toMatch(/\d/);
      expect((await chartWidths(page, 1)).every((w) => w > 0)).toBe(true);

      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, "playground-fr.png") });
      await reply.screenshot({ path: join(SCREENSHOT_DIR, "playground-reply-fr.png") });
      await context.close();
    }, 120_000);

    it("switches to French with the page's link, and a chip sends its example", async () => {
      const context = await browser.newContext({ locale: "en-GB" });
      const page = await watched(await context.newPage());
      await page.goto(`http://127.0.0.1:${kpibot.port}/`);
      await page.getByRole("link", { name: "Français" }).click();
      await page.waitForURL(/lang=fr/);
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe("fr");
      await page.getByRole("button", { name: "aide", exact: true }).click();
      const reply = await waitForReply(page, 1);
      expect(await reply.getAttribute("lang")).toBe("fr");
      expect(((await reply.textContent()) ?? "").length).toBeGreaterThan(20);
      await context.close();
    }, 120_000);

    it("shows the Teams adapter's card with Microsoft's renderer, and its buttons work", async () => {
      const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
      const page = await watched(await context.newPage());
      await page.goto(`http://127.0.0.1:${kpibot.port}/`);
      await ask(page, "fcr last month", 1);
      await page.getByRole("radio", { name: "Microsoft Teams" }).check();
      const card = page.locator("#kb-log .kb-teams .ac-adaptiveCard").first();
      await card.waitFor({ state: "visible", timeout: 30_000 });
      expect(await page.locator("#kb-log .kb-slack").first().isVisible()).toBe(false);
      expect(await card.textContent()).toMatch(/\d.*%/);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await card.screenshot({ path: join(SCREENSHOT_DIR, "playground-teams-card.png") });

      // The card's Action.Submit goes back through the core like a Slack button; the answer comes as a card.
      await card.getByRole("button").first().click();
      await page.locator("#kb-log .kb-teams .ac-adaptiveCard").nth(1).waitFor({ state: "visible", timeout: 30_000 });
      expect(await page.locator("#kb-log article.kb-reply").nth(1).isVisible()).toBe(false);

      // Back to the Slack view: every reply shows as blocks again.
      await page.getByRole("radio", { name: "Slack" }).check();
      expect(await page.locator("#kb-log article.kb-reply").nth(1).isVisible()).toBe(true);
      await context.close();
    }, 120_000);

    it("the one-time admin link makes this browser admin once, and leaves the address bar", async () => {
      const context = await browser.newContext({ locale: "en-GB" });
      const page = await watched(await context.newPage());
      await page.goto(`http://127.0.0.1:${kpibot.port}/?admin=${kpibot.adminLink?.token}`);
      await page.getByText("This browser is now an admin of kpibot").waitFor({ timeout: 30_000 });
      expect(new URL(page.url()).search).toBe("");
      const roles = await ask(page, "role list", 1);
      expect(await roles.textContent()).toMatch(/Admins granted in chat: playground:pg-/);
      // Used once: another browser opening the same link gets nothing.
      const other = await watched(await (await browser.newContext({ locale: "en-GB" })).newPage());
      await other.goto(`http://127.0.0.1:${kpibot.port}/?admin=${kpibot.adminLink?.token}`);
      await other.getByText("This admin link is wrong or was already used").waitFor({ timeout: 30_000 });
      problems.splice(0); // the refused claim's 403 is expected
      await context.close();
    });

    it("shows what kpibot posts into the conversation on its own (a digest, a survey), and redraws it when updated", async () => {
      const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
      const page = await watched(await context.newPage());
      await page.goto(`http://127.0.0.1:${kpibot.port}/`);
      await ask(page, "help", 1);
      const session = await page.evaluate(() => localStorage.getItem("kpibot.playground.session"));
      const messenger = kpibot.messengers.playground;
      if (!messenger || !session) throw new Error("the playground has no messenger or no session");
      // kpibot knows the browser by a keyed hash of its session, as user and as conversation.
      const ref = { platform: "playground" as const, conversationId: playgroundIdOf(kpibot.app.keys, session) };
      const digest = (title: string) => ({
        locale: "en" as const,
        fallback: title,
        blocks: [{ type: "header" as const, text: title }],
      });
      const posted = await messenger.post(ref, digest("Weekly digest"));
      const message = page.locator("#kb-log article.kb-reply", { hasText: "Weekly digest" });
      await message.waitFor({ state: "visible", timeout: 15_000 });
      await messenger.update(ref, posted.messageId, digest("Weekly digest (closed)"));
      await page
        .locator("#kb-log article.kb-reply", { hasText: "Weekly digest (closed)" })
        .waitFor({ timeout: 15_000 });
      // Redrawn in place: still one message with that title, after the help reply.
      expect(await page.locator("#kb-log article.kb-reply", { hasText: "Weekly digest" }).count()).toBe(1);
      expect(await page.locator("#kb-log article.kb-reply").count()).toBe(2);
      await context.close();
    }, 120_000);

    it("draws a survey card's bold questions as bold in both views, never as **", async () => {
      const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
      const page = await watched(await context.newPage());
      await page.goto(`http://127.0.0.1:${kpibot.port}/`);
      await ask(page, "help", 1);
      const session = await page.evaluate(() => localStorage.getItem("kpibot.playground.session"));
      const messenger = kpibot.messengers.playground;
      if (!messenger || !session) throw new Error("the playground has no messenger or no session");
      const ref = { platform: "playground" as const, conversationId: playgroundIdOf(kpibot.app.keys, session) };
      const survey = REPLY_FIXTURES.find((f) => f.name === "survey card");
      if (!survey) throw new Error("no survey card fixture");
      await messenger.post(ref, survey.reply);
      const message = page.locator("#kb-log article.kb-reply", { hasText: "Pulse Q4" });
      await message.waitFor({ state: "visible", timeout: 15_000 });
      const [question] = survey.bold;
      expect(await message.locator("strong").first().textContent()).toBe(question);
      expect(await message.textContent()).not.toContain("**");

      await page.getByRole("radio", { name: "Microsoft Teams" }).check();
      const card = page.locator("#kb-log .kb-teams .ac-adaptiveCard", { hasText: "Pulse Q4" });
      await card.waitFor({ state: "visible", timeout: 30_000 });
      const strong = (await card.locator("strong").allTextContents()).map((s) => s.replace(/\u2060/g, ""));
      expect(strong).toEqual(expect.arrayContaining(survey.bold));
      const text = await card.textContent();
      expect(text).not.toContain("**");
      expect(text).not.toContain("\\");
      expect(await card.locator("a").count()).toBe(0);
      // Every button, as Teams shows them: rows of up to 6 (CSAT 1–5, NPS 0–5 and 6–10, the comment).
      expect(await card.getByRole("button").count()).toBe(5 + 11 + 1);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await card.screenshot({ path: join(SCREENSHOT_DIR, "playground-teams-survey.png") });
      await context.close();
    }, 120_000);

    it("logged no page errors, failed requests or console errors", () => {
      expect(problems).toEqual([]);
    });
  });
}
