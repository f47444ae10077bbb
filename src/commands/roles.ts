import type { App } from "../app.js";
import { isPlatform, sameIdentity, type UserIdentity } from "../core/identity.js";
import type { ChatUserRef, Platform } from "../core/interaction.js";
import { type Locale, t } from "../i18n/index.js";
import { userText } from "../reply/markup.js";
import type { Reply } from "../reply/types.js";

/**
 * kpibot's roles: everyone is a viewer; managers may also see per-person figures and costs (by
 * default, docs/security.md); admins set targets, roles, policies, digests, surveys, imports.
 */
export type Role = "viewer" | "manager" | "admin";

/** Roles from least to most trusted: a role may do everything the ones before it may. */
export const ROLE_ORDER: readonly Role[] = ["viewer", "manager", "admin"];

/** Where a user's role comes from. */
export type RoleSource = "config" | "granted" | "default";

/** Whether `role` may do what `needed` may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);
}

/** A user as stored and audited: `slack:U123`. */
export function userKey(user: { platform: Platform; id: string }): string {
  return `${user.platform}:${user.id}`;
}

/** Whether KPIBOT_ADMINS names exactly this user (same platform, same id; parsed once in config). */
export function isConfigAdmin(app: App, user: UserIdentity): boolean {
  return app.config.KPIBOT_ADMINS.some((admin) => sameIdentity(admin, user));
}

/** The user's role and why. */
export async function roleOf(app: App, user: UserIdentity): Promise<{ role: Role; source: RoleSource }> {
  if (isConfigAdmin(app, user)) return { role: "admin", source: "config" };
  const stored = await app.repos.users.get(user.platform, user.id);
  if (stored && stored.role !== "viewer") return { role: stored.role, source: "granted" };
  return { role: "viewer", source: "default" };
}

/**
 * Reads a user named in a command: a Slack mention `<@U123>` / `<@U123|bob>`, `platform:id`
 * (e.g. `teams:29:1abc`), or a bare id on the asker's platform. Undefined when unreadable.
 */
export function parseUserArg(raw: string, defaultPlatform: Platform): UserIdentity | undefined {
  const mention = /^<@([A-Za-z0-9._-]+)(?:\|[^>]*)?>$/.exec(raw.trim());
  if (mention?.[1]) return { platform: defaultPlatform, id: mention[1] };
  const text = raw.trim().replace(/^@/, "");
  if (!/^[\p{L}\p{N}._:@+\-/]{1,200}$/u.test(text)) return undefined;
  const colon = text.indexOf(":");
  const prefix = colon > 0 ? text.slice(0, colon).toLowerCase() : "";
  if (isPlatform(prefix) && colon < text.length - 1) return { platform: prefix, id: text.slice(colon + 1) };
  return { platform: defaultPlatform, id: text };
}

/** Users granted a role in chat (user keys), by role. */
async function grantedUsers(app: App): Promise<{ key: string; role: string; name: string | null }[]> {
  const rows = await app.repos.users.withRoles(["admin", "manager"]);
  return rows.map((r) => ({ key: `${r.platform}:${r.platformUserId}`, role: r.role, name: r.name }));
}

/** Admins from KPIBOT_ADMINS, and admins and managers granted in chat (user keys): for admins' eyes only. */
export async function listAdmins(app: App): Promise<{ config: string[]; granted: string[]; managers: string[] }> {
  const granted = await grantedUsers(app);
  return {
    config: app.config.KPIBOT_ADMINS.map(userKey),
    granted: granted.filter((u) => u.role === "admin").map((u) => u.key),
    managers: granted.filter((u) => u.role === "manager").map((u) => u.key),
  };
}

/**
 * The display names of the admins kpibot has seen (never their ids: a refusal must not tell a
 * viewer whom to impersonate, nor a playground admin's session). Empty when none has a name yet.
 */
async function adminNames(app: App): Promise<{ names: string[]; any: boolean }> {
  const granted = (await grantedUsers(app)).filter((u) => u.role === "admin");
  const names = granted.map((u) => u.name).filter((n): n is string => Boolean(n));
  for (const admin of app.config.KPIBOT_ADMINS) {
    const stored = await app.repos.users.get(admin.platform, admin.id);
    if (stored?.name) names.push(stored.name);
  }
  return { names: [...new Set(names)].slice(0, 5), any: granted.length > 0 || app.config.KPIBOT_ADMINS.length > 0 };
}

/**
 * The reply for a user who tried a command their role does not allow: what they need, who can help
 * (by display name when known), and the exact command to ask for. Audited.
 */
export async function deniedReply(
  app: App,
  user: ChatUserRef,
  what: string,
  locale: Locale,
  needed: Exclude<Role, "viewer"> = "admin",
): Promise<Reply> {
  const admins = await adminNames(app);
  const you = userKey(user);
  const whatText = t(locale, `commands:roles.what.${what}`, { defaultValue: what });
  // Ids and display names are the users' own text (a Slack name can be `[click](https://…)`).
  const ask = { you: userText(you), role: needed };
  const lines = [
    `🔒 ${t(locale, needed === "admin" ? "commands:roles.denied" : "commands:roles.deniedManager", { what: whatText })}`,
    !admins.any
      ? t(locale, "commands:roles.noAdmin")
      : admins.names.length > 0
        ? t(locale, "commands:roles.askAdmin", { ...ask, admins: admins.names.map(userText).join(", ") })
        : t(locale, "commands:roles.askAnAdmin", ask),
  ];
  await app.repos.audit.record({ actor: you, action: "access.denied", details: { command: what, needed } });
  return {
    locale,
    ephemeral: true,
    fallback: lines.join("\n"),
    blocks: lines.map((text) => ({ type: "text" as const, text })),
  };
}
