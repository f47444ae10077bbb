import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Hono } from "hono";
import type { App } from "../app.js";
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
// AES-256-GCM: a random 96-bit nonce per link (the size GCM is built for) and the full 128-bit tag.
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One key per use, derived from KPIBOT_SECRET with HKDF-SHA256 so the secret is never used raw for two purposes. */
function derivedKey(secret: string, use: "sign" | "encrypt"): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), "kpibot", `kpibot:chart-links:${use}:v2`, 32));
}

function signature(secret: string, token: string, exp: number): string {
  return createHmac("sha256", derivedKey(secret, "sign")).update(`${token}.${exp}`).digest("base64url");
}

/**
 * The chart spec as a URL-safe token: deflated JSON encrypted with AES-256-GCM (nonce ‖ ciphertext ‖ tag,
 * base64url), the expiry bound in as associated data so a token cannot be moved under another expiry.
 */
export function encodeChartToken(secret: string, spec: ChartSpec, exp: number): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", derivedKey(secret, "encrypt"), iv);
  cipher.setAAD(Buffer.from(String(exp)));
  const plain = deflateRawSync(Buffer.from(JSON.stringify(spec), "utf8"));
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString("base64url");
}

/** Reads a token back; null when it was not made with this secret and expiry, or is not a chart spec. */
export function decodeChartToken(secret: string, token: string, exp: number): ChartSpec | null {
  try {
    const bytes = Buffer.from(token, "base64url");
    if (bytes.length < IV_BYTES + TAG_BYTES) return null;
    const decipher = createDecipheriv("aes-256-gcm", derivedKey(secret, "encrypt"), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(String(exp)));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    const value: unknown = JSON.parse(inflateRawSync(plain).toString("utf8"));
    if (typeof value !== "object" || value === null) return null;
    const v = value as Partial<ChartSpec>;
    return typeof v.kind === "string" && Array.isArray(v.categories) && Array.isArray(v.series)
      ? (value as ChartSpec)
      : null;
  } catch {
    return null;
  }
}

/** A signed link to the chart's PNG under `publicUrl`, valid until now + ttl; null when the spec is too big. */
export function signedChartUrl(opts: {
  publicUrl: string;
  secret: string;
  spec: ChartSpec;
  now: Date;
  ttlMs?: number;
}): string | null {
  const exp = Math.floor((opts.now.getTime() + (opts.ttlMs ?? DEFAULT_CHART_LINK_TTL_MS)) / 1000);
  const token = encodeChartToken(opts.secret, opts.spec, exp);
  if (token.length > MAX_CHART_TOKEN_CHARS) return null;
  const base = opts.publicUrl.replace(/\/+$/, "");
  return `${base}${CHART_IMAGES_PATH}/${token}.png?exp=${exp}&sig=${signature(opts.secret, token, exp)}`;
}

/** Checks a link's signature and expiry (exp in unix seconds). */
export function verifyChartLink(
  secret: string,
  token: string,
  exp: string | undefined,
  sig: string | undefined,
  now: Date,
): "ok" | "expired" | "invalid" {
  if (!exp || !/^\d{1,12}$/.test(exp) || !sig) return "invalid";
  const expected = Buffer.from(signature(secret, token, Number(exp)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  return Number(exp) * 1000 < now.getTime() ? "expired" : "ok";
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
