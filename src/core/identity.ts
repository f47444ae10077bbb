import type { Platform } from "./interaction.js";

/** A user as kpibot compares users: the platform and the platform's own id, never one string. */
export interface UserIdentity {
  platform: Platform;
  id: string;
}

/** Every platform kpibot knows, in the spelling of the `platform:` prefix. */
export const PLATFORMS: readonly Platform[] = ["slack", "teams", "mattermost", "matrix", "playground", "cli"];

/** A Slack user id (U… for users, W… for Enterprise Grid users): the only form a bare id may take. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{1,20}$/;

/** Whether a string is one of kpibot's platform names. */
export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}

/**
 * Reads one configured identity: `platform:id` (the id may itself hold colons, as Teams ids do:
 * `teams:29:1abc`), or a bare Slack user id (`U012ABC`), which means Slack's user and nobody else.
 * Anything else is an error that says what to write instead.
 */
export function parseIdentity(entry: string): { ok: true; identity: UserIdentity } | { ok: false; error: string } {
  const text = entry.trim();
  const colon = text.indexOf(":");
  if (colon < 0) {
    if (SLACK_USER_ID.test(text)) return { ok: true, identity: { platform: "slack", id: text } };
    return {
      ok: false,
      error: `"${text}" is neither platform:id nor a Slack user id (U…/W…): write it as ${PLATFORMS.map((p) => `${p}:…`).join(", ")}`,
    };
  }
  const prefix = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (!isPlatform(prefix)) {
    return {
      ok: false,
      error: `"${text}" starts with "${prefix}:", which is not a platform (${PLATFORMS.join(", ")})`,
    };
  }
  if (!id) return { ok: false, error: `"${text}" has no id after "${prefix}:"` };
  return { ok: true, identity: { platform: prefix, id } };
}

/** Exact identity: same platform, same id, character for character. */
export function sameIdentity(a: UserIdentity, b: UserIdentity): boolean {
  return a.platform === b.platform && a.id === b.id;
}
