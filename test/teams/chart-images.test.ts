import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { inlinePng, resolveChartImages } from "../../adapters/teams/images.js";
import type { App } from "../../src/app.js";
import type { Clock } from "../../src/core/clock.js";
import {
  type ChartPicture,
  chartImagesRoutes,
  decodeChartToken,
  encodeChartToken,
  signedChartUrl,
  verifyChartLink,
} from "../../src/http/chart-images.js";
import { createHttp } from "../../src/http/server.js";
import { createLogger } from "../../src/logger.js";
import type { Reply } from "../../src/reply/types.js";
import { kpiAnswer, trendSpec } from "./fixtures/replies.js";

const SECRET = "0123456789abcdef0123456789abcdef";
const NOW = new Date("2026-11-28T09:15:00.000Z");
const logger = createLogger("silent");

/** A real PNG of w×h pixels of noise (a deterministic LCG, so it does not compress away). */
function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  let x = 42;
  for (let i = 0; i < image.data.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    image.data[i] = (x >>> 16) & 0xff;
  }
  return new Uint8Array(PNG.sync.write(image));
}

function pngPicture(bytes: Uint8Array): ChartPicture {
  return { kind: "png", bytes, width: 0, height: 0 };
}

describe("signed chart links", () => {
  it("round-trips the chart spec through the token, with this secret and expiry only", () => {
    const exp = NOW.getTime() / 1000 + 60;
    const token = encodeChartToken(SECRET, trendSpec, exp);
    expect(decodeChartToken(SECRET, token, exp)).toEqual(trendSpec);
    expect(decodeChartToken(SECRET, token, exp + 1)).toBeNull();
    expect(decodeChartToken("another-secret-of-32-characters!", token, exp)).toBeNull();
    expect(decodeChartToken(SECRET, "not-a-token", exp)).toBeNull();
  });

  it("signs a link that verifies until it expires, and not once tampered with", () => {
    const url = signedChartUrl({
      publicUrl: "https://kpibot.example.org/",
      secret: SECRET,
      spec: trendSpec,
      now: NOW,
      ttlMs: 60_000,
    });
    if (!url) throw new Error("no url");
    const parsed = new URL(url);
    expect(parsed.origin).toBe("https://kpibot.example.org");
    const token = /^\/charts\/([A-Za-z0-9_-]+)\.png$/.exec(parsed.pathname)?.[1] ?? "";
    const exp = parsed.searchParams.get("exp") ?? undefined;
    const sig = parsed.searchParams.get("sig") ?? undefined;
    expect(exp).toBe(String(NOW.getTime() / 1000 + 60));
    expect(verifyChartLink(SECRET, token, exp, sig, NOW)).toBe("ok");
    expect(verifyChartLink(SECRET, token, exp, sig, new Date(NOW.getTime() + 61_000))).toBe("expired");
    expect(verifyChartLink("another-secret-of-32-characters!", token, exp, sig, NOW)).toBe("invalid");
    expect(verifyChartLink(SECRET, token, String(Number(exp) + 3600), sig, NOW)).toBe("invalid");
    expect(verifyChartLink(SECRET, `${token}A`, exp, sig, NOW)).toBe("invalid");
    expect(verifyChartLink(SECRET, token, exp, undefined, NOW)).toBe("invalid");
  });

  it("serves the PNG for a valid link, from cache the second time; 403, 410 and 404 otherwise", async () => {
    let now = NOW;
    const clock: Clock = { now: () => now };
    // The route only needs the clock and the logger of the app.
    const app = { clock, logger, db: { provider: "sqlite" } } as unknown as App;
    const bytes = png(8, 4);
    let draws = 0;
    const http = createHttp(app, [
      chartImagesRoutes({
        secret: SECRET,
        draw: async (spec) => {
          draws++;
          expect(spec).toEqual(trendSpec);
          return pngPicture(bytes);
        },
      }),
    ]);
    const url = signedChartUrl({
      publicUrl: "https://kpibot.example.org",
      secret: SECRET,
      spec: trendSpec,
      now,
      ttlMs: 3_600_000,
    });
    const path = url?.replace("https://kpibot.example.org", "") ?? "";
    const first = await http.request(path);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/png");
    expect(first.headers.get("cache-control")).toBe("public, max-age=3600, immutable");
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(bytes);
    expect((await http.request(path)).status).toBe(200);
    expect(draws).toBe(1);
    expect((await http.request(path.replace(/sig=[^&]+/, "sig=AAAA"))).status).toBe(403);
    expect((await http.request("/charts/..%2Fetc.png?exp=1&sig=x")).status).toBe(404);
    now = new Date(NOW.getTime() + 3_601_000);
    expect((await http.request(path)).status).toBe(410);
  });
});

describe("chart images of Teams cards", () => {
  const reply: Reply = kpiAnswer;

  it("links to kpibot's signed URL when KPIBOT_PUBLIC_URL and KPIBOT_SECRET are set (nothing drawn yet)", async () => {
    let draws = 0;
    const images = await resolveChartImages(reply, {
      mode: "local",
      publicUrl: "https://kpibot.example.org",
      secret: SECRET,
      draw: async () => {
        draws++;
        return pngPicture(png(2, 2));
      },
      now: () => NOW,
      logger,
    });
    expect([...images.keys()]).toEqual([2]);
    expect(images.get(2)?.url).toMatch(/^https:\/\/kpibot\.example\.org\/charts\/[A-Za-z0-9_-]+\.png\?exp=\d+&sig=/);
    expect(images.get(2)?.inline).toBe(false);
    expect(draws).toBe(0);
  });

  it("inlines a small PNG as a data: URI when there is no public URL, and gives up on a big one", async () => {
    const small = png(16, 8);
    const inline = await resolveChartImages(reply, {
      mode: "local",
      draw: async () => pngPicture(small),
      now: () => NOW,
      logger,
    });
    expect(inline.get(2)).toEqual({
      url: `data:image/png;base64,${Buffer.from(small).toString("base64")}`,
      inline: true,
    });
    const big = png(200, 100);
    expect(big.length).toBeGreaterThan(18 * 1024);
    const none = await resolveChartImages(reply, {
      mode: "local",
      draw: async () => pngPicture(big),
      now: () => NOW,
      logger,
    });
    expect(none.size).toBe(0);
  });

  it("uses the QuickChart URL in QuickChart mode", async () => {
    const images = await resolveChartImages(reply, {
      mode: "quickchart",
      publicUrl: "https://kpibot.example.org",
      secret: SECRET,
      draw: async () => ({ kind: "url", url: "https://quickchart.example.org/chart?c=abc" }),
      now: () => NOW,
      logger,
    });
    expect(images.get(2)).toEqual({ url: "https://quickchart.example.org/chart?c=abc", inline: false });
  });

  it("shows the alt text when drawing fails or no imager is configured", async () => {
    const failing = await resolveChartImages(reply, {
      mode: "local",
      draw: async () => {
        throw new Error("canvas exploded");
      },
      now: () => NOW,
      logger,
    });
    expect(failing.size).toBe(0);
    expect((await resolveChartImages(reply, { mode: "local", now: () => NOW, logger })).size).toBe(0);
  });

  it("measures the inline budget on the base64 size", () => {
    expect(inlinePng(new Uint8Array(13_824))).toMatch(/^data:image\/png;base64,/); // 18,432 base64 bytes
    expect(inlinePng(new Uint8Array(13_825))).toBeUndefined();
  });
});
