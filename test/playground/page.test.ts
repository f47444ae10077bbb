import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playgroundRoutes } from "../../adapters/playground/index.js";
import { fillTemplate, pageLocale } from "../../adapters/playground/page.js";
import { createHttp } from "../../src/http/server.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

describe("playground page", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite", { env: { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "s" } });
  });
  afterAll(async () => t.close());

  it("serves an accessible chat page with English and French examples and the connect panel", async () => {
    const res = await createHttp(t.app, [playgroundRoutes()]).request("/", {
      headers: { "accept-language": "en-GB,en;q=0.9" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<label for="kb-input" class="kb-label">Your question</label>');
    expect(html).toMatch(/<div id="kb-log" class="kb-log" role="log" aria-live="polite" aria-label="Conversation"/);
    expect(html).toContain('<button type="submit" class="kb-send">Send</button>');
    expect(html).toContain('<button type="button" class="kb-chip" data-text="fcr last month">fcr last month</button>');
    expect(html).toContain(
      '<button type="button" class="kb-chip" data-text="mttr mois dernier">mttr mois dernier</button>',
    );
    expect(html).toContain("Connect to Slack");
    expect(html).toContain("Connect to Teams");
    expect(html).toContain("Slack · configured");
    expect(html).toContain("Teams · not configured");
    // No Teams renderer wired: the view switch stays hidden.
    expect(html).toContain('data-teams-view="off"');
    expect(html).toMatch(/<fieldset class="kb-view" id="kb-view" hidden>/);
    expect(html).not.toMatch(/\{\{/);
    const strings = JSON.parse(
      (html.match(/data-strings="([^"]*)"/)?.[1] ?? "").replace(/&quot;/g, '"').replace(/&amp;/g, "&"),
    ) as Record<string, string>;
    expect(strings.you).toBe("You");
    expect(strings.errorServer).toContain("(error %status%)");
  });

  it("speaks French when asked by ?lang= or by the browser", async () => {
    const http = createHttp(t.app, [playgroundRoutes()]);
    const byQuery = await (await http.request("/?lang=fr")).text();
    expect(byQuery).toContain('<html lang="fr">');
    expect(byQuery).toContain("Votre question");
    const byHeader = await (await http.request("/", { headers: { "accept-language": "fr-CA,fr;q=0.8" } })).text();
    expect(byHeader).toContain("Connecter Slack / Teams");
  });

  it("serves its stylesheet and script with their types", async () => {
    const http = createHttp(t.app, [playgroundRoutes()]);
    const css = await http.request("/playground/static/playground.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await css.text()).toContain(".kb-status-good");
    const js = await http.request("/playground/static/playground.js");
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await js.text()).toContain("/playground/api/interactions");
    // The Teams view's Markdown hook, loaded before the page's script.
    const hook = await http.request("/playground/static/card-markdown.js");
    expect(hook.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await hook.text()).toContain("onProcessMarkdown");
    const html = await (await http.request("/")).text();
    expect(html.indexOf("/playground/static/card-markdown.js")).toBeGreaterThan(0);
    expect(html.indexOf("/playground/static/card-markdown.js")).toBeLessThan(
      html.indexOf("/playground/static/playground.js"),
    );
  });
});

describe("page helpers", () => {
  it("fills escaped and raw placeholders and refuses unknown ones", () => {
    expect(fillTemplate("<p>{{a}}</p>{{{b}}}", { a: "<x>", b: "<i>y</i>" })).toBe("<p>&lt;x&gt;</p><i>y</i>");
    expect(() => fillTemplate("{{missing}}", {})).toThrow(/missing/);
  });

  it("picks the page language from the query, then the browser, then the default", () => {
    expect(pageLocale("fr", "en-US", "en")).toBe("fr");
    expect(pageLocale(undefined, "fr-FR,en;q=0.5", "en")).toBe("fr");
    expect(pageLocale("de", "de-DE", "fr")).toBe("fr");
  });
});
