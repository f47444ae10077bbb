import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Keyed hashes for values that must not be reversible or comparable by someone who reads the
 * database or a reply (playground session ids, click dedupe keys, anonymous respondents).
 */
export interface ServerKeys {
  /** HMAC-SHA256 of the parts under the key of one purpose, base64url. */
  mac(purpose: string, ...parts: string[]): string;
  /** Whether the key survives a restart (KPIBOT_SECRET is set); otherwise it is random per process. */
  persistent: boolean;
}

/**
 * Derives one key per purpose from KPIBOT_SECRET (HKDF-SHA256), so a hash made for one purpose
 * says nothing about another. Without a secret the root key is random: hashes then change at
 * every restart, which is safe (nothing links) but forgets what they keyed.
 */
export function serverKeys(secret: string | undefined): ServerKeys {
  const root = secret ? Buffer.from(secret, "utf8") : randomBytes(32);
  const derived = new Map<string, Buffer>();
  const keyOf = (purpose: string): Buffer => {
    let key = derived.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync("sha256", root, "kpibot", `kpibot:${purpose}`, 32));
      derived.set(purpose, key);
    }
    return key;
  };
  return {
    persistent: secret !== undefined,
    mac: (purpose, ...parts) => {
      const h = createHmac("sha256", keyOf(purpose));
      // Length-prefixed so ("ab","c") and ("a","bc") never hash alike.
      for (const part of parts) h.update(`${part.length}:${part}`);
      return h.digest("base64url");
    },
  };
}

/**
 * Whether a signature someone sent is the one expected, compared in constant time. timingSafeEqual needs equal
 * lengths; a length that differs says nothing about the secret (every well-formed signature has the expected one).
 */
export function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
