import { formatValue } from "../../format/index.js";
import { t } from "../../i18n/index.js";
import { findKpi } from "../../kpi/definitions.js";
import type { KpiDefinition } from "../../kpi/types.js";
import { messageReply } from "../../reply/catalog-replies.js";
import { userText } from "../../reply/markup.js";
import type { Command } from "../command-types.js";
import type { CommandContext, Outcome } from "../context.js";
import { DIMENSION_TYPED } from "../explain-problem.js";
import { deniedReply, isConfigAdmin, listAdmins, parseUserArg, roleOf, userKey } from "../roles.js";

/** Admin-only commands call this first: undefined when allowed, else the "you need an admin" outcome. */
export async function requireAdmin(ctx: CommandContext, what: string): Promise<Outcome | undefined> {
  const { role } = await roleOf(ctx.app, ctx.user);
  if (role === "admin") return undefined;
  return { kind: "denied", reply: await deniedReply(ctx.app, ctx.user, what, ctx.locale) };
}

function done(ctx: CommandContext, text: string, kind: "success" | "info" | "warning" = "success"): Outcome {
  return { kind: "reply", reply: messageReply(text, ctx.locale, kind, { ephemeral: true }) };
}

function fmt(ctx: CommandContext, def: KpiDefinition, value: number | null | undefined): string {
  if (value === null || value === undefined) return t(ctx.locale, "commands:target.none");
  return formatValue(value, def.unit, ctx.locale, { currency: ctx.app.config.KPIBOT_CURRENCY });
}

/** `target <kpi> <value>|reset [for <dim>=<value>]` (admins): stored, audited, confirmed with the old value. */
export async function answerTarget(
  ctx: CommandContext,
  command: Extract<Command, { type: "target" }>,
): Promise<Outcome> {
  const denied = await requireAdmin(ctx, "target");
  if (denied) return denied;
  const def = findKpi(command.kpi);
  if (!def) throw new Error(`parser returned an unknown KPI ${command.kpi}`);
  const dimension = command.filter?.dimension ?? "";
  const dimValue = command.filter?.value ?? "";
  const existing = (await ctx.app.repos.targets.all(def.id)).find(
    (o) => o.dimension === dimension && o.dimValue === dimValue,
  );
  const actor = userKey(ctx.user);
  const vars = {
    kpi: def.id,
    dimension: command.filter ? DIMENSION_TYPED[ctx.locale][command.filter.dimension] : "",
    dimValue: userText(dimValue),
  };
  if (command.value === null) {
    const removed = await ctx.app.repos.targets.remove(def.id, dimension, dimValue);
    if (!removed) return done(ctx, t(ctx.locale, "commands:target.nothingToReset", vars), "info");
    await ctx.app.repos.audit.record({
      actor,
      action: "target.reset",
      target: def.id,
      details: { dimension, dimValue, previous: existing?.target ?? null },
    });
    const key = dimension ? "commands:target.resetFor" : "commands:target.reset";
    return done(ctx, t(ctx.locale, key, { ...vars, value: fmt(ctx, def, def.target) }));
  }
  await ctx.app.repos.targets.set({ kpi: def.id, dimension, dimValue, target: command.value, updatedBy: actor });
  await ctx.app.repos.audit.record({
    actor,
    action: "target.set",
    target: def.id,
    details: { dimension, dimValue, value: command.value, previous: existing?.target ?? null },
  });
  const key = dimension ? "commands:target.setFor" : "commands:target.set";
  const previous = existing?.target ?? (dimension ? null : def.target);
  let text = t(ctx.locale, key, { ...vars, value: fmt(ctx, def, command.value) });
  if (previous !== null) text += ` ${t(ctx.locale, "commands:target.was", { value: fmt(ctx, def, previous) })}`;
  return done(ctx, text);
}

/**
 * `role grant|revoke <user> [admin|manager]` (admins): stored and audited; KPIBOT_ADMINS admins can
 * only be removed there. Revoking leaves the user a viewer.
 */
export async function answerRole(ctx: CommandContext, command: Extract<Command, { type: "role" }>): Promise<Outcome> {
  const denied = await requireAdmin(ctx, "role");
  if (denied) return denied;
  const target = parseUserArg(command.user, ctx.user.platform);
  if (!target) return done(ctx, t(ctx.locale, "commands:roles.badUser", { user: userText(command.user) }), "warning");
  const key = userKey(target);
  // The id comes from what the admin typed: shown as text.
  const shown = userText(key);
  const current = await roleOf(ctx.app, target);
  const roleName = (role: string) => t(ctx.locale, `commands:roles.${role}`);
  if (current.source === "config")
    return done(ctx, t(ctx.locale, "commands:roles.fromConfig", { user: shown }), "warning");
  const next = command.action === "grant" ? command.role : "viewer";
  if (current.role === next) {
    const key2 = command.action === "grant" ? "commands:roles.alreadyHas" : "commands:roles.notGranted";
    return done(ctx, t(ctx.locale, key2, { user: shown, role: roleName(next) }), "info");
  }
  await ctx.app.repos.users.setRole(target.platform, target.id, next);
  await ctx.app.repos.audit.record({
    actor: userKey(ctx.user),
    action: `role.${command.action}`,
    target: key,
    details: { role: next, previous: current.role },
  });
  return done(ctx, t(ctx.locale, "commands:roles.changed", { user: shown, role: roleName(next) }));
}

/** `role list` (admins): admins from KPIBOT_ADMINS, admins and managers granted in chat. */
export async function answerRoles(ctx: CommandContext): Promise<Outcome> {
  const denied = await requireAdmin(ctx, "roles");
  if (denied) return denied;
  const admins = await listAdmins(ctx.app);
  const none = t(ctx.locale, "commands:roles.none");
  const users = (keys: string[]) => keys.map(userText).join(", ") || none;
  const lines = [
    t(ctx.locale, "commands:roles.listConfig", { users: users(admins.config) }),
    t(ctx.locale, "commands:roles.listGranted", { users: users(admins.granted) }),
    t(ctx.locale, "commands:roles.listManagers", { users: users(admins.managers) }),
  ];
  const title = t(ctx.locale, "commands:roles.listTitle");
  return {
    kind: "reply",
    reply: {
      locale: ctx.locale,
      ephemeral: true,
      fallback: `${title}\n${lines.join("\n")}`,
      blocks: [{ type: "header", text: title }, ...lines.map((text) => ({ type: "text" as const, text }))],
    },
  };
}

/** `whoami`: the asker's id on the platform and role. */
export async function answerWhoami(ctx: CommandContext): Promise<Outcome> {
  const { role } = await roleOf(ctx.app, ctx.user);
  let text = t(ctx.locale, "commands:roles.whoami", {
    user: userText(userKey(ctx.user)),
    platform: ctx.user.platform,
    role: t(ctx.locale, `commands:roles.${role}`),
  });
  if (isConfigAdmin(ctx.app, ctx.user)) text += ` ${t(ctx.locale, "commands:roles.whoamiConfig")}`;
  return done(ctx, text, "info");
}
