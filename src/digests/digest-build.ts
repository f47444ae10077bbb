import type { App } from "../app.js";
import { isKpibotError, KpibotError } from "../errors.js";
import { type Locale, t } from "../i18n/index.js";
import { findKpi } from "../kpi/definitions.js";
import type { Dimension, KpiResult, Period } from "../kpi/types.js";
import { parsePeriod } from "../periods/index.js";
import type { Reply } from "../reply/types.js";
import type { FireRule } from "../scheduler/fire-times.js";
import type { PreviewSpec } from "./digest-parse.js";
import { digestReply, hasValue } from "./digest-reply.js";

/** What a digest shows, whether scheduled or previewed. */
export interface DigestInput {
  kpis: readonly string[];
  breakdown: Dimension | null;
  /** The period as typed (`last month`, `mois dernier`); null = the frequency's default. */
  period: string | null;
  frequency: FireRule["frequency"] | null;
  timezone: string;
  locale: Locale;
}

/** A rendered digest. */
export interface DigestContent {
  reply: Reply;
  results: KpiResult[];
  period: Period;
  /** No KPI had data for the period ("skip when no data" skips these). */
  empty: boolean;
}

/** The period a digest covers when none was given: the day, week or month that just ended. */
export function defaultPeriodText(frequency: FireRule["frequency"] | null): string {
  switch (frequency) {
    case "daily":
    case "weekdays":
    case "hourly":
      return "yesterday";
    case "weekly":
      return "last week";
    default:
      return "last month";
  }
}

/** The period as shown in confirmations and lists: as typed, or the default in the user's words. */
export function periodLabel(s: Pick<DigestInput, "period" | "frequency">, locale: Locale): string {
  return s.period ?? t(locale, `digests:defaultPeriod.${defaultPeriodText(s.frequency)}`);
}

/** Reads the digest's period at a fire time in the schedule's zone; throws INPUT_INVALID when unreadable. */
export function digestPeriod(
  input: Pick<DigestInput, "period" | "frequency" | "timezone" | "locale">,
  at: Date,
): Period {
  const text = input.period ?? defaultPeriodText(input.frequency);
  const parsed = parsePeriod(text, { now: at, timezone: input.timezone, locale: input.locale });
  if (!parsed.ok) throw new KpibotError("INPUT_INVALID", `cannot read the digest period "${text}": ${parsed.message}`);
  return parsed.period;
}

/**
 * Answers one KPI for the digest, as of its fire time: a period not over then (`this month`) is compared with
 * the same elapsed span of the previous one, like a chat answer (docs/numbers.md). The breakdown (asked, else
 * the KPI's first dimension) feeds the "what moved" line; a KPI that cannot be broken down is answered without one.
 */
async function answerOne(
  app: App,
  kpi: string,
  period: Period,
  at: { asOf: Date; timezone: string },
  asked: Dimension | null,
) {
  const { asOf, timezone } = at;
  const def = findKpi(kpi);
  if (!def) throw new KpibotError("NOT_FOUND", `unknown KPI "${kpi}"`);
  const breakdown = asked && def.dimensions.includes(asked) ? asked : def.distribution ? undefined : def.dimensions[0];
  const base = { kpi: def.id, period, asOf, timezone, trend: false };
  if (!breakdown) return app.kpi.answer(base);
  try {
    return await app.kpi.answer({ ...base, breakdown });
  } catch (e) {
    if (!isKpibotError(e, "INPUT_INVALID")) throw e;
    return app.kpi.answer(base);
  }
}

/** Computes every KPI of a digest for the period ending before `at` and builds the message. */
export async function buildDigest(app: App, input: DigestInput, at: Date, footer: string): Promise<DigestContent> {
  const period = digestPeriod(input, at);
  const results: KpiResult[] = [];
  // One KPI at a time: a digest is not latency-bound, and the database is shared with chat answers.
  for (const kpi of input.kpis)
    results.push(await answerOne(app, kpi, period, { asOf: at, timezone: input.timezone }, input.breakdown));
  const reply = digestReply({
    results,
    period,
    locale: input.locale,
    timeZone: input.timezone,
    currency: app.config.KPIBOT_CURRENCY,
    footer,
  });
  return { reply, results, period, empty: !results.some(hasValue) };
}

/** A digest rendered now for a preview (chat `digest preview`, `kpibot digest preview`): nothing is posted or logged. */
export async function previewDigest(
  app: App,
  spec: PreviewSpec & { timezone: string },
  now: Date,
  locale: Locale,
): Promise<DigestContent> {
  const frequency = spec.frequency ?? null;
  const schedule =
    spec.frequency && spec.time
      ? describeSchedule({ ...spec, frequency: spec.frequency, time: spec.time }, locale)
      : null;
  const footer = t(locale, schedule ? "digests:digest.footerPreview" : "digests:digest.footerPreviewNow", {
    schedule,
    timeZone: spec.timezone,
  });
  return buildDigest(app, { ...spec, frequency, locale }, now, footer);
}

/** "every day at 08:00", "every Monday at 08:00", "on the last day of each month at 18:00". */
export function describeSchedule(rule: Omit<FireRule, "timezone">, locale: Locale): string {
  const vars = { time: rule.time, minute: rule.time.slice(-2) };
  switch (rule.frequency) {
    case "weekly":
      return t(locale, "digests:schedule.weekly", { ...vars, day: t(locale, `digests:days.${rule.dayOfWeek ?? 1}`) });
    case "monthly":
      return rule.dayOfMonth === -1 || rule.dayOfMonth == null
        ? t(locale, "digests:schedule.monthlyLast", vars)
        : t(locale, "digests:schedule.monthly", { ...vars, day: rule.dayOfMonth });
    default:
      return t(locale, `digests:schedule.${rule.frequency}`, vars);
  }
}
