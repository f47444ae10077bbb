import type { App } from "../app.js";
import { t } from "../i18n/index.js";
import { findKpi } from "../kpi/definitions.js";
import type { KpiQuery } from "../kpi/types.js";
import { messageReply } from "../reply/catalog-replies.js";
import type { CommandContext, Outcome } from "./context.js";
import { deniedReply, ROLE_ORDER, type Role, roleAtLeast, roleOf, userKey } from "./roles.js";

/**
 * What a figure may reveal beyond a team's service: `personal` — one person's work (the assignee
 * dimension, or a filter on one assignee), personal data in France, whose use is discussed with
 * staff representatives; `costs` — the financial KPIs.
 */
export type Audience = "personal" | "costs";

/** Every audience, in the order `policy` shows them. */
export const AUDIENCES: readonly Audience[] = ["personal", "costs"];

/** Who may see each audience: the cautious default is managers and admins (docs/security.md). */
export type VisibilityPolicy = Record<Audience, Role>;

/** The default policy. */
export const DEFAULT_POLICY: VisibilityPolicy = { personal: "manager", costs: "manager" };

const settingKey = (audience: Audience) => `policy.${audience}`;

/** The policy in force (an unreadable stored value falls back to the cautious default). */
export async function visibilityPolicy(app: App): Promise<VisibilityPolicy> {
  const policy = { ...DEFAULT_POLICY };
  for (const audience of AUDIENCES) {
    const stored = await app.repos.settings.get(settingKey(audience));
    if (stored && (ROLE_ORDER as readonly string[]).includes(stored)) policy[audience] = stored as Role;
  }
  return policy;
}

/** Stores one audience's minimum role, audited with the previous one. */
export async function setVisibility(
  app: App,
  actor: { platform: CommandContext["user"]["platform"]; id: string },
  audience: Audience,
  role: Role,
): Promise<Role> {
  const previous = (await visibilityPolicy(app))[audience];
  await app.repos.settings.set(settingKey(audience), role, userKey(actor));
  await app.repos.audit.record({
    actor: userKey(actor),
    action: "policy.set",
    target: audience,
    details: { role, previous },
  });
  return previous;
}

/** The audiences a KPI question touches. */
export function audiencesOf(query: Pick<KpiQuery, "kpi" | "breakdown" | "filters">): Audience[] {
  const audiences: Audience[] = [];
  if (query.breakdown === "assignee" || (query.filters ?? []).some((f) => f.dimension === "assignee")) {
    audiences.push("personal");
  }
  if (findKpi(query.kpi)?.family === "financial") audiences.push("costs");
  return audiences;
}

/** Whether the answer will be read by others than the asker (shared, or asked where everyone reads the answer). */
export function answeredInPublic(ctx: CommandContext): boolean {
  return ctx.share || ctx.interaction.seenBy === "conversation";
}

/** The audiences a role may not see under a policy. */
function hiddenFor(role: Role, policy: VisibilityPolicy, audiences: Audience[]): Audience[] {
  return audiences.filter((a) => !roleAtLeast(role, policy[a]));
}

/**
 * The audiences the readers of the answer may not see under the policy in force: the asker's role for a private
 * answer; for an answer everyone in the conversation reads, the least role (viewer), whoever asked.
 */
export async function hiddenAudiences(ctx: CommandContext, audiences: Audience[]): Promise<Audience[]> {
  // The CLI is the operator's own shell on a machine that holds the database: nothing to hide there.
  if (audiences.length === 0 || ctx.user.platform === "cli") return [];
  const policy = await visibilityPolicy(ctx.app);
  const role: Role = answeredInPublic(ctx) ? "viewer" : (await roleOf(ctx.app, ctx.user)).role;
  return hiddenFor(role, policy, audiences);
}

/**
 * Undefined when the readers of the answer may see what the question touches; otherwise the refusal, in the
 * asker's language: ask privately, when the asker may see it but not everyone here; else why and whom to ask
 * (audited like every refusal).
 */
export async function refuseUnlessVisible(
  ctx: CommandContext,
  query: Pick<KpiQuery, "kpi" | "breakdown" | "filters">,
): Promise<Outcome | undefined> {
  const [first] = await hiddenAudiences(ctx, audiencesOf(query));
  if (!first) return undefined;
  const policy = await visibilityPolicy(ctx.app);
  const { role } = await roleOf(ctx.app, ctx.user);
  if (answeredInPublic(ctx) && hiddenFor(role, policy, [first]).length === 0) {
    const what = t(ctx.locale, `commands:policy.audience.${first}`);
    const text = t(ctx.locale, "commands:policy.public", { what });
    return { kind: "denied", reply: messageReply(text, ctx.locale, "warning", { ephemeral: true }) };
  }
  const needed = policy[first] === "admin" ? "admin" : "manager";
  return { kind: "denied", reply: await deniedReply(ctx.app, ctx.user, first, ctx.locale, needed) };
}
