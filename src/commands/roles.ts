import type { App } from "../app.js";
import type { ChatUserRef, Platform } from "../core/interaction.js";
import { type Locale, t } from "../i18n/index.js";
import type { Reply } from "../reply/types.js";

/** kpibot's roles: everyone is a viewer; admins set targets, roles, digests, surveys, imports. */
export type Role = "viewer" | "admin";

/** Where a user's role comes from. */
export type RoleSource = "config" | "granted" | "default";

const PLATFORMS: readonly Platform[] = ["slack", "teams", "playground", "cli"];

/** A user as stored and audited: `slack:U123`. */
export function userKey(user: { platform: Platform; id: string }): string {
  return `${user.platform}:${user.id}`;
}

/** Whether KPIBOT_ADMINS lists the user (as `id`, valid on every platform, or as `platform:id`). */
export function isConfigAdmin(app: App, user: { platform: Platform; id: string }): boolean {
  const admins = app.config.KPIBOT_ADMINS;
  return admins.includes(userKey(user)) || admins.includes(user.id);
}

/** The user's role and why. */
export async function roleOf(
  app: App,
  user: { platform: Platform; id: string },
): Promise<{ role: Role; source: RoleSource }> {
  if (isConfigAdmin(app, user)) return { role: "admin", source: "config" };
  const stored = await app.repos.users.get(user.platform, user.id);
  return stored?.role === "admin" ? { role: "admin", source: "granted" } : { role: "viewer", source: "default" };
}

/**
 * Reads a user named in a command: a Slack mention `<@U123>` / `<@U123|bob>`, `platform:id`
 * (e.g. `teams:29:1abc`), or a bare id on the asker's platform. Undefined when unreadable.
 */
export function parseUserArg(raw: string, defaultPlatform: Platform): { platform: Platform; id: string } | undefined {
  const mention = /^<@([A-Za-z0-9._-]+)(?:\|[^>]*)?>$/.exec(raw.trim());
  if (mention?.[1]) return { platform: defaultPlatform, id: mention[1] };
  const text = raw.trim().replace(/^@/, "");
  if (!/^[\p{L}\p{N}._:@+\-/]{1,200}$/u.test(text)) return undefined;
  const colon = text.indexOf(":");
  const prefix = colon > 0 ? text.slice(0, colon).toLowerCase() : "";
  if (PLATFORMS.includes(prefix as Platform) && colon < text.length - 1) {
    return { platform: prefix as Platform, id: text.slice(colon + 1) };
  }
  return { platform: defaultPlatform, id: text };
}

/** Admins from KPIBOT_ADMINS and admins granted in chat (user keys). */
export async function listAdmins(app: App): Promise<{ config: string[]; granted: string[] }> {
  // The repository has no "by role" query; this read-only query is the same on both providers.
  const rows = await app.db.query<{ platform: string; platform_user_id: string }>(
    "SELECT platform, platform_user_id FROM chat_users WHERE role = ? ORDER BY platform, platform_user_id",
    ["admin"],
  );
  return {
    config: [...app.config.KPIBOT_ADMINS],
    granted: rows.map((r) => `${r.platform}:${r.platform_user_id}`),
  };
}

/** The reply for a viewer who tried an admin command: who can help, and the exact command to ask for. */
export async function deniedReply(app: App, user: ChatUserRef, what: string, locale: Locale): Promise<Reply> {
  const admins = await listAdmins(app);
  const all = [...new Set([...admins.config, ...admins.granted])];
  const you = userKey(user);
  const lines = [
    `🔒 ${t(locale, "commands:roles.denied", { what: t(locale, `commands:roles.what.${what}`, { defaultValue: what }) })}`,
    all.length > 0
      ? t(locale, "commands:roles.askAdmin", { admins: all.slice(0, 5).join(", "), you })
      : t(locale, "commands:roles.noAdmin"),
  ];
  await app.repos.audit.record({ actor: you, action: "access.denied", details: { command: what } });
  return {
    locale,
    ephemeral: true,
    fallback: lines.join("\n"),
    blocks: lines.map((text) => ({ type: "text" as const, text })),
  };
}
