import type { CommandContext } from "../commands/context.js";
import { requireAdmin } from "../commands/handlers/admin.js";
import { type Locale, t } from "../i18n/index.js";
import { findKpi } from "../kpi/definitions.js";
import { parsePeriod } from "../periods/index.js";
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
import { runQueued } from "../scheduler/run-due.js";
import type { DigestSchedule } from "../store/repositories.js";
import { describeSchedule, periodLabel, previewDigest } from "./digest-build.js";
import { DIGEST_LOG, digestJob } from "./digest-job.js";
import { type DigestSpec, type PreviewSpec, parseDigestCommand } from "./digest-parse.js";
import { DIGEST_HINTS } from "./words.js";

/**
 * Checks what the parser cannot: the period reads at `now` in the schedule's zone (default
 * KPIBOT_TIMEZONE) and the breakdown fits at least one KPI. The problem as text, or the spec with its zone.
 */
export function checkSpec<T extends PreviewSpec>(
  spec: T,
  opts: { now: Date; defaultTimezone: string; locale: Locale },
): { ok: true; spec: T & { timezone: string } } | { ok: false; text: string } {
  const { locale } = opts;
  const timezone = spec.timezone ?? opts.defaultTimezone;
  if (spec.period !== null && !parsePeriod(spec.period, { now: opts.now, timezone, locale }).ok) {
    return { ok: false, text: t(locale, "digests:parse.bad_period", { word: userText(spec.period) }) };
  }
  const dim = spec.breakdown;
  if (dim && !spec.kpis.some((k) => findKpi(k)?.dimensions.includes(dim))) {
    const kpis = spec.kpis.join(", ");
    return { ok: false, text: t(locale, "digests:parse.dimension_not_available", { dimension: dim, kpis }) };
  }
  return { ok: true, spec: { ...spec, timezone } };
}

function validateSpec<T extends PreviewSpec>(
  ctx: CommandContext,
  spec: T,
  locale: Locale,
): { ok: true; spec: T & { timezone: string } } | { ok: false; reply: Reply } {
  const checked = checkSpec(spec, { now: ctx.now, defaultTimezone: ctx.app.config.KPIBOT_TIMEZONE, locale });
  return checked.ok ? checked : { ok: false, reply: say(locale, checked.text, "warning") };
}

function optionsText(s: Pick<DigestSpec, "breakdown" | "skipWhenEmpty">, locale: Locale): string {
  const parts: string[] = [];
  if (s.breakdown) parts.push(t(locale, "digests:list.by", { dimension: t(locale, `reply:dimension.${s.breakdown}`) }));
  if (s.skipWhenEmpty) parts.push(t(locale, "digests:list.skipEmpty"));
  return parts.length > 0 ? `, ${parts.join(", ")}` : "";
}

async function add(ctx: CommandContext, raw: DigestSpec, locale: Locale): Promise<Reply> {
  const checked = validateSpec(ctx, raw, locale);
  if (!checked.ok) return checked.reply;
  const spec = checked.spec;
  const store = ctx.app.repos.digests;
  const refId = await conversationRefId(ctx);
  const s = await store.create(spec, {
    conversationRefId: refId,
    locale,
    createdBy: `${ctx.user.platform}:${ctx.user.id}`,
    now: ctx.now,
  });
  await audit(ctx, "digest.add", `digest:${s.id}`, { ...spec, conversationRefId: refId });
  const text = t(locale, "digests:cmd.added", {
    id: s.id,
    schedule: describeSchedule(s, locale),
    timeZone: s.timezone,
    kpis: s.kpis.join(", "),
    period: userText(periodLabel(s, locale)),
    options: optionsText(s, locale),
    next: when(nextFire(s, ctx.now), locale, s.timezone),
  });
  return say(locale, text, "success");
}

async function list(ctx: CommandContext, locale: Locale): Promise<Reply> {
  const schedules = await ctx.app.repos.digests.all();
  if (schedules.length === 0) return say(locale, t(locale, "digests:list.emptyDigests"), "info");
  const title = t(locale, "digests:list.digestsTitle", { count: schedules.length });
  const lines: string[] = [];
  for (const s of schedules) {
    const last = (await ctx.app.repos.deliveries.history(DIGEST_LOG, s.id, 1))[0];
    lines.push(
      t(locale, "digests:list.digestLine", {
        id: s.id,
        paused: s.paused ? `${t(locale, "digests:list.paused")} ` : "",
        schedule: describeSchedule(s, locale),
        timeZone: s.timezone,
        kpis: s.kpis.join(", "),
        period: userText(periodLabel(s, locale)),
        options: optionsText(s, locale),
        channel: await channelLabel(ctx, s.conversationRefId, locale),
        next: s.paused ? "—" : when(nextFire(s, ctx.now), locale, s.timezone),
        last: last ? `${t(locale, `digests:status.${last.status}`)} (${when(last.fireTime, locale, s.timezone)})` : "—",
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

async function change(
  ctx: CommandContext,
  type: "remove" | "pause" | "resume",
  s: DigestSchedule,
  locale: Locale,
): Promise<Reply> {
  const store = ctx.app.repos.digests;
  if (type === "remove") await store.remove(s.id);
  else if ((type === "pause") === s.paused) {
    return say(locale, t(locale, `digests:cmd.already.${type}`, { id: s.id }), "info");
  } else await store.setPaused(s.id, type === "pause", ctx.now);
  await audit(ctx, `digest.${type}`, `digest:${s.id}`, { kpis: s.kpis, schedule: describeSchedule(s, "en") });
  return say(locale, t(locale, `digests:cmd.${type}d`, { id: s.id }), "success");
}

async function send(ctx: CommandContext, s: DigestSchedule, locale: Locale): Promise<Reply> {
  const deliveryId = await ctx.app.repos.deliveries.enqueueManual(DIGEST_LOG, s.id, ctx.now);
  if (deliveryId === undefined) return say(locale, t(locale, "digests:cmd.sendBusy", { id: s.id }), "info");
  await audit(ctx, "digest.send", `digest:${s.id}`, { deliveryId });
  // Posted now when this process has the platforms' messengers (kpibot start, kpibot ask with a platform
  // configured); otherwise the next scheduler run of any replica posts it.
  const messengers = ctx.app.messengers;
  if (Object.keys(messengers).length === 0) return say(locale, t(locale, "digests:cmd.queued", { id: s.id }), "info");
  const event = await runQueued(ctx.app, digestJob(), deliveryId, { messengers, now: ctx.now });
  if (event?.outcome === "sent") return say(locale, t(locale, "digests:cmd.sent", { id: s.id }), "success");
  if (event?.outcome === "skipped")
    return say(
      locale,
      t(locale, "digests:cmd.sendSkipped", { id: s.id, reason: userText(event.detail ?? "") }),
      "info",
    );
  if (event?.outcome === "unknown") {
    return say(
      locale,
      t(locale, "digests:cmd.sendUnknown", { id: s.id, error: userText(event.detail ?? "") }),
      "warning",
    );
  }
  if (event?.outcome === "retry" || event?.outcome === "failed") {
    return say(
      locale,
      t(locale, "digests:cmd.sendFailed", { id: s.id, error: userText(event.detail ?? "") }),
      "warning",
    );
  }
  return say(locale, t(locale, "digests:cmd.queued", { id: s.id }), "info");
}

async function preview(ctx: CommandContext, raw: PreviewSpec, locale: Locale): Promise<Reply> {
  const checked = validateSpec(ctx, raw, locale);
  if (!checked.ok) return checked.reply;
  const content = await previewDigest(ctx.app, checked.spec, ctx.now, locale);
  return { ...content.reply, ephemeral: true };
}

/** `digest …` / `résumé …` (admins): add, list, remove, pause, resume, send, preview. */
export async function handleDigest(ctx: CommandContext, args: string): Promise<Reply> {
  const locale = commandLocale(ctx, DIGEST_HINTS);
  const parsed = parseDigestCommand(args);
  if (parsed.ok && parsed.command.type === "help") return say(locale, t(locale, "digests:usage.digest"), "info");
  const denied = await requireAdmin({ ...ctx, locale }, "digest");
  if (denied) return denied.reply;
  if (!parsed.ok) return parseErrorReply(locale, parsed.error, "digest");
  const command = parsed.command;
  switch (command.type) {
    case "add":
      return add(ctx, command.spec, locale);
    case "preview":
      return preview(ctx, command.spec, locale);
    case "list":
      return list(ctx, locale);
    case "help":
      return say(locale, t(locale, "digests:usage.digest"), "info");
    default: {
      const s = await ctx.app.repos.digests.get(command.id);
      if (!s) return say(locale, t(locale, "digests:cmd.notFound", { id: command.id }), "warning");
      return command.type === "send" ? send(ctx, s, locale) : change(ctx, command.type, s, locale);
    }
  }
}
