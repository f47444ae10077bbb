import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toChartConfig } from "../../src/charts/config.js";
import { createChartImager } from "../../src/charts/index.js";
import { QuickChartImager } from "../../src/charts/quickchart-imager.js";
import { loadConfig } from "../../src/config.js";
import type { ChartSpec } from "../../src/reply/types.js";

const spec: ChartSpec = {
  kind: "bar",
  title: "Escalade par niveau — octobre 2026",
  unit: "percent",
  categories: ["N1", "N2", "N3"],
  series: [{ name: "Escalade", values: [12, 28.4, 9.1] }],
  target: 25,
  statuses: ["on_target", "off_target", "on_target"],
  locale: "fr",
};

interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

/** A stand-in QuickChart server: records requests; /chart/create answers only when `shortUrls` is on. */
const received: Received[] = [];
let shortUrls = true;
let server: Server;
let base: string;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      received.push({ method: req.method ?? "", path: url.pathname, query: url.searchParams, body });
      if (req.method === "POST" && url.pathname.endsWith("/chart/create") && shortUrls) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ success: true, url: `${base}/chart/render/zf-abc123` }));
      } else if (req.method === "GET" && url.pathname.endsWith("/chart")) {
        res.writeHead(200, { "content-type": "image/png" });
        res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      } else {
        res.writeHead(404, { "content-type": "text/html" });
        res.end(`Cannot ${req.method} ${url.pathname}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

beforeEach(() => {
  received.length = 0;
  shortUrls = true;
});

describe("QuickChartImager", () => {
  it("gives a GET URL on the configured host carrying the Chart.js 4 configuration", async () => {
    const image = await new QuickChartImager({ url: base, maxGetUrlLength: 1_000_000 }).render(spec);
    if (image.kind !== "url") throw new Error("expected a URL");
    const url = new URL(image.url);
    expect(url.origin).toBe(base);
    expect(url.pathname).toBe("/chart");
    expect(JSON.parse(url.searchParams.get("c") ?? "")).toEqual(toChartConfig(spec));
    expect([url.searchParams.get("v"), url.searchParams.get("w"), url.searchParams.get("h")]).toEqual([
      "4",
      "800",
      "400",
    ]);
    expect(url.searchParams.get("bkg")).toBe("#ffffff");
    // The server the chat platform would fetch from receives the same configuration.
    const resp = await fetch(image.url);
    expect(resp.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]?.query.get("c") ?? "")).toEqual(toChartConfig(spec));
  });

  it("POSTs large configurations to /chart/create and returns the short URL", async () => {
    const image = await new QuickChartImager({ url: base, maxGetUrlLength: 100 }).render(spec);
    expect(image).toEqual({ kind: "url", url: `${base}/chart/render/zf-abc123` });
    expect(received.map((r) => [r.method, r.path])).toEqual([["POST", "/chart/create"]]);
    const body = JSON.parse(received[0]?.body ?? "") as Record<string, unknown>;
    expect(JSON.parse(body.chart as string)).toEqual(toChartConfig(spec));
    expect([body.version, body.width, body.height, body.backgroundColor]).toEqual(["4", 800, 400, "#ffffff"]);
  });

  it("falls back to the long GET URL on a self-hosted server without short URLs", async () => {
    shortUrls = false;
    const image = await new QuickChartImager({ url: `${base}/qc/`, maxGetUrlLength: 100 }).render(spec);
    if (image.kind !== "url") throw new Error("expected a URL");
    expect(image.url.startsWith(`${base}/qc/chart?c=`)).toBe(true);
    expect(received.map((r) => [r.method, r.path])).toEqual([["POST", "/qc/chart/create"]]);
  });

  it("defaults to the hosted quickchart.io (URL built offline)", async () => {
    const image = await new QuickChartImager({ maxGetUrlLength: 1_000_000 }).render(spec);
    expect(image.kind === "url" && image.url.startsWith("https://quickchart.io/chart?c=")).toBe(true);
  });
});

describe("createChartImager", () => {
  it("renders locally unless told otherwise", () => {
    expect(createChartImager(loadConfig({}, { dotenv: false })).name).toBe("local");
  });

  it("uses QUICKCHART_URL when KPIBOT_CHARTS=quickchart", async () => {
    const config = loadConfig({ KPIBOT_CHARTS: "quickchart", QUICKCHART_URL: base }, { dotenv: false });
    const imager = createChartImager(config);
    expect(imager.name).toBe("quickchart");
    const image = await imager.render(spec);
    expect(image.kind === "url" && new URL(image.url).origin).toBe(base);
  });
});
