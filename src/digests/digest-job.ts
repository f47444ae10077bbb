import type { App } from "../app.js";
import { KpibotError } from "../errors.js";
import { type Locale, t } from "../i18n/index.js";
import type { Job } from "../scheduler/job.js";
import type { DigestSchedule, FireLog } from "../store/repositories.js";
import { buildDigest, describeSchedule } from "./digest-build.js";

/** Digest deliveries: one row per (schedule, fire time); manual sends have origin `manual`. */
export const DIGEST_LOG: FireLog = { table: "digest_deliveries", owner: "schedule_id", hasOrigin: true };

/** The footer of a scheduled digest: its id, when it fires, and the time zone. */
export function digestFooter(s: DigestSchedule, locale: Locale): string {
  return t(locale, "digests:digest.footer", { id: s.id, schedule: describeSchedule(s, locale), timeZone: s.timezone });
}

/** Renders a schedule's digest for one fire (the period is the one that ended before the fire). */
export async function renderScheduled(app: App, s: DigestSchedule, fireTime: Date) {
  const locale = s.locale ?? app.config.KPIBOT_LOCALE;
  const input = { ...s, locale };
  return buildDigest(app, input, fireTime, digestFooter(s, locale));
}

/**
 * The digest job: every fire of an active schedule within the catch-up window is sent (each covers
 * its own period); the claimed fire's digest is rendered and posted to the schedule's conversation.
 */
export function digestJob(): Job<DigestSchedule> {
  return {
    kind: "digest",
    log: DIGEST_LOG,
    catchUp: "each",
    owners: (app) => app.repos.digests.all({ activeOnly: true }),
    rule: (s) => s,
    async prepare(ctx, claim) {
      const s = await ctx.app.repos.digests.get(claim.ownerId);
      if (!s) return { kind: "skip", reason: "schedule removed" };
      if (s.paused) return { kind: "skip", reason: "paused" };
      const ref = await ctx.app.repos.conversations.get(s.conversationRefId);
      if (!ref) throw new KpibotError("NOT_FOUND", `the conversation of digest #${s.id} is no longer stored`);
      const content = await renderScheduled(ctx.app, s, claim.fireTime);
      if (content.empty && s.skipWhenEmpty) return { kind: "skip", reason: "no data" };
      return { kind: "post", ref, reply: content.reply };
    },
    async describe(ctx, claim) {
      const s = await ctx.app.repos.digests.get(claim.ownerId);
      if (!s) return `digest #${claim.ownerId}`;
      const ref = await ctx.app.repos.conversations.get(s.conversationRefId);
      const where = ref ? ` → ${ref.platform}:${ref.name ?? ref.conversationId}` : "";
      return `digest #${s.id} (${describeSchedule(s, ctx.app.config.KPIBOT_LOCALE)}, ${s.timezone})${where}`;
    },
  };
}
