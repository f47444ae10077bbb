import type { Hono } from "hono";
import type { App } from "../app.js";
import { openSealed, seal, sealedUrl, verifySealed } from "../core/sealed-links.js";
import type { ChartSpec } from "../reply/types.js";

/**
 * Signed, expiring chart image links served by kpibot itself (`GET /charts/<token>.png?exp&sig`).
 * The token is the chart spec, deflated and encrypted (AES-256-GCM under a key derived from
 * KPIBOT_SECRET), so any replica can draw the picture without a shared image cache, while the
 * figures never travel in clear: a link sits in chat history, proxy and browser logs, and reading
 * its path must not tell the numbers. Chat clients that cannot take inline images (Teams cards over
 * their size budget, e-mail, …) point at these URLs under KPIBOT_PUBLIC_URL.
 */

/** A picture of a chart: PNG bytes (local renderer) or a URL (QuickChart). Mirrors src/charts' imager result. */
export type ChartPicture =
  | { kind: "png"; bytes: Uint8Array; width: number; height: number }
  | { kind: "url"; url: string };

/** Draws a chart spec (the ChartImager port's `render`). */
export type DrawChart = (spec: ChartSpec) => Promise<ChartPicture>;

/** Where the route lives. */
export const CHART_IMAGES_PATH = "/charts";

/** How long a link stays valid: long enough for chat history to keep its pictures a while. */
export const DEFAULT_CHART_LINK_TTL_MS = 30 * 24 * 3600 * 1000;

/** Longer tokens make unwieldy URLs (proxies cap around 8 KB); such charts fall back to alt text. */
export const MAX_CHART_TOKEN_CHARS = 6_000;

const TOKEN_RE = /^([A-Za-z0-9_-]{1,6000})\.png$/;
/** The chart links' keys (the same HKDF info as before this module served them: existing links stay valid). */
const PURPOSE = { name: "chart-links", version: "v2" };

/**
 * The chart spec as a URL-safe token: deflated JSON encrypted with AES-256-GCM (nonce ‖ ciphertext ‖ tag,
 * base64url), the expiry bound in as associated data so a token cannot be moved under another expiry.
 */
export function encodeChartToken(secret: string, spec: ChartSpec, exp: number): string {
  return seal(secret, PURPOSE, spec, exp);
}

/** Reads a token back; null when it was not made with this secret and expiry, or is not a chart spec. */
export function decodeChartToken(secret: string, token: string, exp: number): ChartSpec | null {
  const value = openSealed(secret, PURPOSE, token, exp);
  if (typeof value !== "object" || value === null) return null;
  const v = value as Partial<ChartSpec>;
  return typeof v.kind === "string" && Array.isArray(v.categories) && Array.isArray(v.series)
    ? (value as ChartSpec)
    : null;
}

/** A signed link to the chart's PNG under `publicUrl`, valid until now + ttl; null when the spec is too big. */
export function signedChartUrl(opts: {
  publicUrl: string;
  secret: string;
  spec: ChartSpec;
  now: Date;
  ttlMs?: number;
}): string | null {
  return sealedUrl({
    base: opts.publicUrl,
    path: CHART_IMAGES_PATH,
    ext: "png",
    secret: opts.secret,
    purpose: PURPOSE,
    payload: opts.spec,
    now: opts.now,
    ttlMs: opts.ttlMs ?? DEFAULT_CHART_LINK_TTL_MS,
    maxTokenChars: MAX_CHART_TOKEN_CHARS,
  });
}

/** Checks a link's signature and expiry (exp in unix seconds). */
export function verifyChartLink(
  secret: string,
  token: string,
  exp: string | undefined,
  sig: string | undefined,
  now: Date,
): "ok" | "expired" | "invalid" {
  return verifySealed(secret, PURPOSE, token, exp, sig, now);
}

/** Options of the chart image route. */
export interface ChartImagesOptions {
  secret: string;
  draw: DrawChart;
  /** Rendered PNGs kept in memory (most recent first out); a miss simply redraws. */
  cacheSize?: number;
}

/** Route module serving signed chart links (mounted once on the shared server). */
export function chartImagesRoutes(opts: ChartImagesOptions): (http: Hono, app: App) => void {
  const cache = new Map<string, Uint8Array>();
  const cacheSize = opts.cacheSize ?? 64;
  return (http, app) => {
    http.get(`${CHART_IMAGES_PATH}/:file`, async (c) => {
      const match = TOKEN_RE.exec(c.req.param("file"));
      const token = match?.[1];
      if (!token) return c.text("not found", 404);
      const now = app.clock.now();
      const verdict = verifyChartLink(opts.secret, token, c.req.query("exp"), c.req.query("sig"), now);
      if (verdict === "invalid") return c.text("forbidden", 403);
      if (verdict === "expired") return c.text("this chart link has expired", 410);
      const maxAge = Math.max(0, Math.min(86_400, Number(c.req.query("exp")) - Math.floor(now.getTime() / 1000)));
      const headers = { "content-type": "image/png", "cache-control": `public, max-age=${maxAge}, immutable` };
      const cached = cache.get(token);
      if (cached) return c.body(cached as Uint8Array<ArrayBuffer>, 200, headers);
      const spec = decodeChartToken(opts.secret, token, Number(c.req.query("exp")));
      if (!spec) return c.text("not found", 404);
      try {
        const picture = await opts.draw(spec);
        if (picture.kind === "url") return c.redirect(picture.url, 302);
        cache.set(token, picture.bytes);
        if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
        return c.body(picture.bytes as Uint8Array<ArrayBuffer>, 200, headers);
      } catch (err) {
        app.logger.error({ err }, "chart image: drawing failed");
        return c.text("chart unavailable", 500);
      }
    });
  };
}
