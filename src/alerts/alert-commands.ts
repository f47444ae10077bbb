import type { CommandContext } from "../commands/context.js";
import { problemReply } from "../commands/explain-problem.js";
import { requireAdmin } from "../commands/handlers/admin.js";
import { type Locale, t } from "../i18n/index.js";
import { findKpi } from "../kpi/definitions.js";
import { userText } from "../reply/markup.js";
import type { Reply } from "../reply/types.js";
import {
  audit,
  channelLabel,
  commandLocale,
  conversationRefId,
  parseErrorReply,
  say,
  when,
} from "../scheduler/command-support.js";
import { nextFire } from "../scheduler/fire-times.js";
import type { AlertRule, AlertSpec } from "../store/repositories.js";
import { ALERT_LOG } from "./alert-job.js";
import { parseAlertCommand } from "./alert-parse.js";
import { alertSubject, conditionText } from "./alert-reply.js";
import { checkRule } from "./check-rule.js";
import { ALERT_HINTS } from "./words.js";

function ruleText(ctx: CommandContext, rule: AlertRule | (AlertSpec & { timezone: string }), locale: Locale) {
  return {
    subject: userText(alertSubject(rule, locale)),
    condition: conditionText(rule, locale, ctx.app.config.KPIBOT_CURRENCY),
    check: t(locale, `digests:alert.check.${rule.checkEvery}`),
    notify: t(locale, `digests:alert.notify.${rule.notify}`),
    timeZone: rule.timezone,
  };
}

async function add(ctx: CommandContext, spec: AlertSpec, locale: Locale): Promise<Reply> {
  const def = findKpi(spec.kpi);
  if (def?.distribution) return say(locale, t(locale, "digests:alert.distribution", { kpi: def.id }), "warning");
  const full = { ...spec, timezone: spec.timezone ?? ctx.app.config.KPIBOT_TIMEZONE };
  const store = ctx.app.repos.alerts;
  const refId = await conversationRefId(ctx);
  const rule = await store.create(full, {
    conversationRefId: refId,
    locale,
    createdBy: `${ctx.user.platform}:${ctx.user.id}`,
    now: ctx.now,
  });
  await audit(ctx, "alert.add", `alert:${rule.id}`, { ...full, conversationRefId: refId });
  const text = t(locale, "digests:alert.added", {
    id: rule.id,
    ...ruleText(ctx, rule, locale),
    next: when(nextFire(checkRule(rule), ctx.now), locale, rule.timezone),
  });
  return say(locale, text, "success");
}

async function list(ctx: CommandContext, locale: Locale): Promise<Reply> {
  const rules = await ctx.app.repos.alerts.all();
  if (rules.length === 0) return say(locale, t(locale, "digests:list.emptyAlerts"), "info");
  const title = t(locale, "digests:list.alertsTitle", { count: rules.length });
  const lines: string[] = [];
  for (const rule of rules) {
    const last = (await ctx.app.repos.deliveries.history(ALERT_LOG, rule.id, 5)).find((r) => r.status !== "skipped");
    lines.push(
      t(locale, "digests:list.alertLine", {
        id: rule.id,
        paused: rule.paused ? `${t(locale, "digests:list.paused")} ` : "",
        ...ruleText(ctx, rule, locale),
        channel: await channelLabel(ctx, rule.conversationRefId, locale),
        next: rule.paused ? "—" : when(nextFire(checkRule(rule), ctx.now), locale, rule.timezone),
        last: last
          ? `${t(locale, `digests:status.${last.status}`)} (${when(last.fireTime, locale, rule.timezone)})`
          : "—",
      }),
    );
  }
  return {
    locale,
    ephemeral: true,
    fallback: [title, ...lines].join("\n"),
    blocks: [{ type: "header", text: title }, ...lines.map((text) => ({ type: "text" as const, text }))],
  };
}

async function change(ctx: CommandContext, type: "remove" | "pause" | "resume", rule: AlertRule, locale: Locale) {
  const store = ctx.app.repos.alerts;
  if (type === "remove") await store.remove(rule.id);
  else if ((type === "pause") === rule.paused) {
    return say(locale, t(locale, `digests:alert.already.${type}`, { id: rule.id }), "info");
  } else await store.setPaused(rule.id, type === "pause", ctx.now);
  await audit(ctx, `alert.${type}`, `alert:${rule.id}`, {
    kpi: rule.kpi,
    condition: rule.condition,
    threshold: rule.threshold,
  });
  return say(locale, t(locale, `digests:alert.${type}d`, { id: rule.id }), "success");
}

/** `alert …` / `alerte …` (admins): add, list, remove, pause, resume threshold alerts. */
export async function handleAlert(ctx: CommandContext, args: string): Promise<Reply> {
  const locale = commandLocale(ctx, ALERT_HINTS);
  const parsed = parseAlertCommand(args);
  if (parsed.ok && parsed.command.type === "help") return say(locale, t(locale, "digests:usage.alert"), "info");
  const denied = await requireAdmin({ ...ctx, locale }, t(locale, "digests:alert.what"));
  if (denied) return denied.reply;
  // A filter is refused with the very reply a KPI question's filter gets; the rest, with the alert usage.
  if (!parsed.ok)
    return "problem" in parsed ? problemReply(parsed.problem, locale) : parseErrorReply(locale, parsed.error, "alert");
  const command = parsed.command;
  switch (command.type) {
    case "add":
      return add(ctx, command.spec, locale);
    case "list":
      return list(ctx, locale);
    case "help":
      return say(locale, t(locale, "digests:usage.alert"), "info");
    default: {
      const rule = await ctx.app.repos.alerts.get(command.id);
      if (!rule) return say(locale, t(locale, "digests:alert.notFound", { id: command.id }), "warning");
      return change(ctx, command.type, rule, locale);
    }
  }
}
