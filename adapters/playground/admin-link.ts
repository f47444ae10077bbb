import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The playground's one-time admin link: a random token printed in the server log at start. The
 * first browser that opens the link becomes admin; the token then stops working. A visitor of the
 * page cannot copy anything that makes them admin (session ids are secrets, shown nowhere).
 */
export class OneTimeToken {
  readonly token: string;
  #used = false;

  constructor(token: string = randomBytes(24).toString("base64url")) {
    this.token = token;
  }

  /** True once, for the right token; compared in constant time. */
  consume(candidate: string): boolean {
    if (this.#used) return false;
    const digest = (s: string) => createHash("sha256").update(s).digest();
    if (!timingSafeEqual(digest(candidate), digest(this.token))) return false;
    this.#used = true;
    return true;
  }

  /** Whether the link was used. */
  get used(): boolean {
    return this.#used;
  }
}
