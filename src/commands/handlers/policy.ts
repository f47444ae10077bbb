import { t } from "../../i18n/index.js";
import { messageReply } from "../../reply/catalog-replies.js";
import type { Command } from "../command-types.js";
import type { CommandContext, Outcome } from "../context.js";
import { AUDIENCES, setVisibility, visibilityPolicy } from "../visibility.js";
import { requireAdmin } from "./admin.js";

/**
 * `policy` shows who may see per-person figures and costs (anyone may read the rule that applies
 * to them); `policy <personal|costs> <viewer|manager|admin>` changes it (admins, audited).
 */
export async function answerPolicy(
  ctx: CommandContext,
  command: Extract<Command, { type: "policy" }>,
): Promise<Outcome> {
  const roleName = (role: string) => t(ctx.locale, `commands:roles.${role}`);
  const audienceName = (audience: string) => t(ctx.locale, `commands:policy.audience.${audience}`);
  if (command.change) {
    const denied = await requireAdmin(ctx, "policy");
    if (denied) return denied;
    const { audience, role } = command.change;
    const previous = await setVisibility(ctx.app, ctx.user, audience, role);
    const text = t(ctx.locale, "commands:policy.changed", {
      audience: audienceName(audience),
      role: roleName(role),
      previous: roleName(previous),
    });
    return { kind: "reply", reply: messageReply(text, ctx.locale, "success", { ephemeral: true }) };
  }
  const policy = await visibilityPolicy(ctx.app);
  const lines = AUDIENCES.map((a) =>
    t(ctx.locale, "commands:policy.line", { audience: audienceName(a), role: roleName(policy[a]) }),
  );
  const text = [t(ctx.locale, "commands:policy.title"), ...lines, t(ctx.locale, "commands:policy.how")].join("\n");
  return { kind: "reply", reply: messageReply(text, ctx.locale, "info", { ephemeral: true }) };
}
