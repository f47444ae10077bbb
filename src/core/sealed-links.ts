import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { sameSignature } from "./keys.js";

/**
 * Signed, expiring, encrypted links kpibot serves itself (`<path>/<token>.<ext>?exp&sig`): the token is the
 * payload, deflated and encrypted (AES-256-GCM under a key derived from KPIBOT_SECRET for one purpose), so any
 * replica can serve it without shared state while what it names never travels in clear; the HMAC over token and
 * expiry (another derived key) is checked in constant time before anything is decrypted. Used by the chart image
 * links (src/http/chart-images.ts) and the export links (src/rows/export-link.ts), each under its own keys.
 */

/** Whose keys: a purpose, and the version of its keys (a new version retires every link made before). */
export interface SealPurpose {
  name: string;
  version: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One key per purpose and use, derived from the secret with HKDF-SHA256 (never the secret itself). */
function derivedKey(secret: string, purpose: SealPurpose, use: "sign" | "encrypt"): Buffer {
  const info = `kpibot:${purpose.name}:${use}:${purpose.version}`;
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), "kpibot", info, 32));
}

function signature(secret: string, purpose: SealPurpose, token: string, exp: number): string {
  return createHmac("sha256", derivedKey(secret, purpose, "sign"))
    .update(`${token}.${exp}`)
    .digest("base64url");
}

/** The payload as a URL-safe token (nonce ‖ ciphertext ‖ tag), the expiry bound in as associated data. */
export function seal(secret: string, purpose: SealPurpose, payload: unknown, exp: number): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", derivedKey(secret, purpose, "encrypt"), iv);
  cipher.setAAD(Buffer.from(String(exp)));
  const plain = deflateRawSync(Buffer.from(JSON.stringify(payload), "utf8"));
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString("base64url");
}

/** The payload of a token made with this secret, purpose and expiry; null otherwise. */
export function openSealed(secret: string, purpose: SealPurpose, token: string, exp: number): unknown {
  try {
    const bytes = Buffer.from(token, "base64url");
    if (bytes.length < IV_BYTES + TAG_BYTES) return null;
    const decipher = createDecipheriv(
      "aes-256-gcm",
      derivedKey(secret, purpose, "encrypt"),
      bytes.subarray(0, IV_BYTES),
    );
    decipher.setAAD(Buffer.from(String(exp)));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return JSON.parse(inflateRawSync(plain).toString("utf8")) as unknown;
  } catch {
    return null;
  }
}

/** A signed link `<base><path>/<token>.<ext>?exp=…&sig=…` (base "" gives kpibot's own path); null past maxTokenChars. */
export function sealedUrl(opts: {
  base: string;
  path: string;
  ext: string;
  secret: string;
  purpose: SealPurpose;
  payload: unknown;
  now: Date;
  ttlMs: number;
  /** A longer token makes no link (null): proxies cap URLs around 8 KB. */
  maxTokenChars?: number;
}): string | null {
  const exp = Math.floor((opts.now.getTime() + opts.ttlMs) / 1000);
  const token = seal(opts.secret, opts.purpose, opts.payload, exp);
  if (opts.maxTokenChars !== undefined && token.length > opts.maxTokenChars) return null;
  const sig = signature(opts.secret, opts.purpose, token, exp);
  return `${opts.base.replace(/\/+$/, "")}${opts.path}/${token}.${opts.ext}?exp=${exp}&sig=${sig}`;
}

/** Checks a link's signature (constant time) and expiry (unix seconds). */
export function verifySealed(
  secret: string,
  purpose: SealPurpose,
  token: string,
  exp: string | undefined,
  sig: string | undefined,
  now: Date,
): "ok" | "expired" | "invalid" {
  if (!exp || !/^\d{1,12}$/.test(exp) || !sig) return "invalid";
  if (!sameSignature(sig, signature(secret, purpose, token, Number(exp)))) return "invalid";
  return Number(exp) * 1000 < now.getTime() ? "expired" : "ok";
}
