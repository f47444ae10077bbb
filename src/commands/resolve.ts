import { z } from "zod";
import { DIMENSIONS, type Dimension, type KpiQuery, type Period } from "../kpi/types.js";
import { defaultPeriod, normalizePeriodText, parsePeriod } from "../periods/index.js";
import { MONTH_WORDS, UNIT_WORDS } from "../periods/vocabulary.js";
import type { Command, Problem, Understood } from "./command-types.js";
import { fail } from "./parse-support.js";
import { suggest } from "./suggest.js";
import { PERIOD_WORDS } from "./vocabulary.js";

const PERIOD_VOCABULARY = [
  ...new Set([
    ...PERIOD_WORDS,
    ...Object.keys(MONTH_WORDS),
    ...Object.keys(UNIT_WORDS),
    "past",
    "current",
    "precedent",
  ]),
];

/** "last mnth" → "last month": each unknown word replaced by its closest period word, kept only if it then reads. */
function correctedPeriod(phrase: string, ctx: ResolveContext): string | undefined {
  const words = normalizePeriodText(phrase).split(" ");
  const fixed = words.map((w) =>
    /\d/.test(w) || PERIOD_VOCABULARY.includes(w) ? w : (suggest(w, PERIOD_VOCABULARY, (c) => c, 1)[0] ?? w),
  );
  const text = fixed.join(" ");
  if (text === words.join(" ")) return undefined;
  return parsePeriod(text, { now: ctx.now, timezone: ctx.timezone }).ok ? text : undefined;
}

const periodSchema = z
  .object({
    start: z.date(),
    end: z.date(),
    grain: z.enum(["day", "week", "month", "quarter", "year", "custom"]),
    label: z.string().min(1),
  })
  .refine((p) => p.start.getTime() < p.end.getTime(), "a period ends after it starts");

/** The engine's input, validated at the boundary between the language and the KPI engine. */
export const kpiQuerySchema = z.object({
  kpi: z.string().min(1),
  period: periodSchema,
  compareTo: periodSchema.optional(),
  breakdown: z.enum(DIMENSIONS as [Dimension, ...Dimension[]]).optional(),
  filters: z
    .array(z.object({ dimension: z.enum(DIMENSIONS as [Dimension, ...Dimension[]]), value: z.string().min(1) }))
    .optional(),
});

/** What relative periods are read against. */
export interface ResolveContext {
  now: Date;
  timezone: string;
  locale: "en" | "fr";
}

/** A period, or the problem with the phrase. */
export type PeriodOutcome = { ok: true; period: Period } | { ok: false; problem: Problem };

/** Reads a period phrase of a command (none → the default period, the last complete month). */
export function resolvePeriod(
  phrase: string | undefined,
  ctx: ResolveContext,
  understood: Understood[],
  extra: { kpi?: string; verb: string },
): PeriodOutcome {
  if (phrase === undefined) return { ok: true, period: defaultPeriod(ctx.now, ctx.timezone) };
  const parsed = parsePeriod(phrase, { now: ctx.now, timezone: ctx.timezone, locale: ctx.locale });
  if (parsed.ok) return parsed;
  const known = understood.filter((u) => !(u.kind === "period" && u.text === phrase));
  const corrected = correctedPeriod(phrase, ctx);
  const prefix = extra.kpi ?? (extra.verb === "kpi" ? undefined : extra.verb);
  const suggestions = corrected ? [prefix ? `${prefix} ${corrected}` : corrected] : [];
  return {
    ok: false,
    problem: fail("bad_period", [phrase], known, { ...extra, suggestions, details: { reason: parsed.reason } }),
  };
}

/** Turns a parsed KPI question into the engine's validated `KpiQuery` (periods read against the clock). */
export function resolveKpiQuery(
  command: Extract<Command, { type: "kpi" }>,
  understood: Understood[],
  ctx: ResolveContext,
): { ok: true; query: KpiQuery } | { ok: false; problem: Problem } {
  const extra = { kpi: command.kpi, verb: "kpi" };
  const period = resolvePeriod(command.period, ctx, understood, extra);
  if (!period.ok) return period;
  let compareTo: Period | undefined;
  if (command.compareTo !== undefined) {
    const compared = resolvePeriod(command.compareTo, ctx, understood, extra);
    if (!compared.ok) return compared;
    compareTo = compared.period;
  }
  const query: KpiQuery = {
    kpi: command.kpi,
    period: period.period,
    ...(compareTo ? { compareTo } : {}),
    ...(command.breakdown ? { breakdown: command.breakdown } : {}),
    ...(command.filters.length > 0 ? { filters: command.filters } : {}),
  };
  const checked = kpiQuerySchema.safeParse(query);
  if (!checked.success) return { ok: false, problem: fail("bad_period", [command.period ?? ""], understood, extra) };
  return { ok: true, query };
}
