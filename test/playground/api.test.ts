import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InteractionHandler, playgroundIdOf, playgroundRoutes } from "../../adapters/playground/index.js";
import { fixedClock } from "../../src/core/clock.js";
import type { Interaction } from "../../src/core/interaction.js";
import { metricsRoutes } from "../../src/http/metrics.js";
import { createHttp } from "../../src/http/server.js";
import type { Reply } from "../../src/reply/types.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const NOW = new Date("2026-11-15T10:00:00Z");
const SESSION = "abcdef0123456789";

const chartReply: Reply = {
  locale: "en",
  fallback: "FCR 72 %",
  blocks: [
    { type: "header", text: "FCR" },
    {
      type: "chart",
      altText: "FCR trend",
      spec: { kind: "trend", title: "FCR", unit: "percent", categories: ["a"], series: [], locale: "en" },
    },
  ],
};

function post(body: unknown, contentType = "application/json"): RequestInit {
  return { method: "POST", headers: { "content-type": contentType }, body: JSON.stringify(body) };
}

/** A handler that records what the playground passed to the core and answers a fixed reply. */
function recorder(answer: Reply = { locale: "en", fallback: "ok", blocks: [{ type: "text", text: "ok" }] }) {
  const seen: Interaction[] = [];
  const handle: InteractionHandler = async (_app, interaction) => {
    seen.push(interaction);
    return answer;
  };
  return { seen, handle };
}

describe.each(await testProviders())("playground API with the real core (%s)", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, { clock: fixedClock(NOW) });
  });
  afterAll(async () => t.close());

  it("answers a typed question with rendered HTML and the fallback, and counts it in /metrics", async () => {
    const http = createHttp(t.app, [metricsRoutes, playgroundRoutes()]);
    const res = await http.request("/playground/api/interactions", post({ session: SESSION, text: "/kpi help" }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { html: string; fallback: string; locale: string; card?: unknown };
    expect(body.html).toMatch(/^<article class="kb-reply[^"]*" lang="(en|fr)">[\s\S]+<\/article>$/);
    expect(body.fallback.length).toBeGreaterThan(0);
    expect(body.card).toBeUndefined();

    const metrics = await http.request("/metrics");
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    const text = await metrics.text();
    expect(text).toContain('kpibot_commands_total{platform="playground",outcome="ok"} 1');
    expect(text).toContain('kpibot_command_duration_seconds_count{platform="playground"} 1');
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it("answers /healthz with the database provider", async () => {
    const res = await createHttp(t.app).request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: provider });
  });
});

describe("playground API (recording core)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite", { clock: fixedClock(NOW) });
  });
  afterAll(async () => t.close());

  it("builds the neutral interaction: session user and conversation, browser locale, no leading /kpi", async () => {
    const { seen, handle } = recorder();
    const http = createHttp(t.app, [playgroundRoutes({ handle })]);
    await http.request(
      "/playground/api/interactions",
      post({ session: SESSION, locale: "fr-FR", text: " /kpi mttr mois dernier " }),
    );
    await http.request("/playground/api/interactions", post({ session: SESSION, text: "fcr last month" }));
    await http.request("/playground/api/interactions", post({ session: SESSION, text: "/kpis" }));
    await http.request(
      "/playground/api/interactions",
      post({ session: SESSION, locale: "en-US", actionId: "kpi.breakdown", value: "fcr last month by group" }),
    );
    // The session is the browser's secret: kpibot knows it only by a keyed hash, which says nothing of it.
    const id = playgroundIdOf(t.app.keys, SESSION);
    expect(id).toMatch(/^pg-[A-Za-z0-9_-]{22}$/);
    expect(id).not.toContain(SESSION);
    expect(seen[0]).toEqual({
      kind: "command",
      text: "mttr mois dernier",
      locale: "fr-FR",
      at: NOW,
      user: { platform: "playground", id, name: "Playground user" },
      conversation: { platform: "playground", conversationId: id, name: "Playground" },
    });
    expect(seen[1]).toMatchObject({ kind: "command", text: "fcr last month" });
    expect(seen[1]).not.toHaveProperty("locale");
    // Only the command word "/kpi" is dropped, not any word that starts with it.
    expect(seen[2]).toMatchObject({ kind: "command", text: "/kpis" });
    expect(seen[3]).toMatchObject({
      kind: "action",
      actionId: "kpi.breakdown",
      value: "fcr last month by group",
      locale: "en-US",
    });
  });

  it("rejects what is not a JSON interaction", async () => {
    const { seen, handle } = recorder();
    const http = createHttp(t.app, [playgroundRoutes({ handle })]);
    const api = "/playground/api/interactions";
    expect((await http.request(api, post({ session: SESSION, text: "fcr" }, "text/plain"))).status).toBe(415);
    expect((await http.request(api, { ...post(null), body: "{" })).status).toBe(400);
    expect((await http.request(api, post({ session: "x", text: "fcr" }))).status).toBe(400);
    expect((await http.request(api, post({ session: SESSION }))).status).toBe(400);
    expect((await http.request(api, post({ session: SESSION, text: "x".repeat(2001) }))).status).toBe(400);
    expect(seen).toEqual([]);
  });

  it("serves local PNG charts from short URLs of its own", async () => {
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const rendered: string[] = [];
    const original = (t.app as unknown as { charts?: unknown }).charts;
    Object.assign(t.app, {
      charts: {
        render: async (spec: { title: string }) => {
          rendered.push(spec.title);
          return { kind: "png", bytes, width: 640, height: 320 };
        },
      },
    });
    try {
      const http = createHttp(t.app, [playgroundRoutes({ handle: recorder(chartReply).handle })]);
      const res = await http.request("/playground/api/interactions", post({ session: SESSION, text: "fcr" }));
      const { html } = (await res.json()) as { html: string };
      expect(rendered).toEqual(["FCR"]);
      const src = html.match(
        /<img src="(\/playground\/charts\/[0-9a-f-]{36}\.png)" alt="FCR trend" width="640" height="320">/,
      )?.[1];
      expect(src).toBeDefined();
      const png = await http.request(src ?? "");
      expect(png.status).toBe(200);
      expect(png.headers.get("content-type")).toBe("image/png");
      expect(new Uint8Array(await png.arrayBuffer())).toEqual(bytes);
      expect((await http.request("/playground/charts/00000000-0000-0000-0000-000000000000.png")).status).toBe(404);
      expect((await http.request("/playground/charts/..%2F..%2Fpackage.json")).status).toBe(404);
    } finally {
      Object.assign(t.app, { charts: original });
    }
  });

  it("shows the alt text and counts an error when a chart fails to render", async () => {
    const original = (t.app as unknown as { charts?: unknown }).charts;
    Object.assign(t.app, { charts: { render: async () => Promise.reject(new Error("canvas exploded")) } });
    try {
      const http = createHttp(t.app, [metricsRoutes, playgroundRoutes({ handle: recorder(chartReply).handle })]);
      const res = await http.request("/playground/api/interactions", post({ session: SESSION, text: "fcr" }));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { html: string }).html).toContain("<p>FCR trend</p>");
      expect(await (await http.request("/metrics")).text()).toContain(
        'kpibot_errors_total{platform="playground",stage="chart"} 1',
      );
    } finally {
      Object.assign(t.app, { charts: original });
    }
  });

  it("answers 500 without details when the core throws, and counts the error", async () => {
    const handle: InteractionHandler = async () => {
      throw new Error("secret internals");
    };
    const http = createHttp(t.app, [metricsRoutes, playgroundRoutes({ handle })]);
    const res = await http.request("/playground/api/interactions", post({ session: SESSION, text: "fcr" }));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("secret");
    const metrics = await (await http.request("/metrics")).text();
    expect(metrics).toContain('kpibot_commands_total{platform="playground",outcome="error"} 1');
    expect(metrics).toContain('kpibot_errors_total{platform="playground",stage="command"} 1');
  });

  it("returns the Adaptive Card and serves Microsoft's renderer once a card renderer is wired", async () => {
    const without = createHttp(t.app, [playgroundRoutes({ handle: recorder().handle })]);
    expect((await without.request("/playground/static/adaptivecards.min.js")).status).toBe(404);

    const renderCard = (reply: Reply) => ({
      type: "AdaptiveCard",
      version: "1.5",
      body: [{ type: "TextBlock", text: reply.fallback }],
    });
    const http = createHttp(t.app, [playgroundRoutes({ handle: recorder().handle, renderCard })]);
    const res = await http.request("/playground/api/interactions", post({ session: SESSION, text: "fcr" }));
    const body = (await res.json()) as { card: unknown; cardMarkdown: unknown };
    expect(body.card).toEqual({
      type: "AdaptiveCard",
      version: "1.5",
      body: [{ type: "TextBlock", text: "ok" }],
    });
    // The HTML of each Markdown text of the card, which the Teams view draws (static/card-markdown.js).
    expect(body.cardMarkdown).toEqual({ ok: "ok" });
    const script = await http.request("/playground/static/adaptivecards.min.js");
    expect(script.status).toBe(200);
    expect(await script.text()).toContain("AdaptiveCards");
    expect(await (await http.request("/")).text()).toContain('data-teams-view="on"');
  });
});
