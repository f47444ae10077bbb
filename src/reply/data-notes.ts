import { DateTime } from "luxon";
import { formatDateTime, formatPeriod } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import type { KpiResult, Period, SourceFreshness, SpanCoverage } from "../kpi/types.js";
import type { ReplyBlock } from "./types.js";

/** What the notes need from the reply options. */
interface Shown {
  timeZone: string;
}

/** "1 Jun 2025": a day, in the zone. */
function day(at: Date, locale: Locale, timeZone: string): string {
  return formatPeriod({ start: at, end: at, grain: "day" }, locale, timeZone);
}

/** The last day with data: the day before the exclusive midnight that ends it. */
function lastDay(until: Date, timeZone: string): Date {
  return DateTime.fromJSDate(until, { zone: timeZone }).minus({ days: 1 }).toJSDate();
}

/** "2025: data from 1 June only", "November 2026: data until 20 Nov 2026 only" — null when fully covered. */
export function spanCoverageText(
  period: Pick<Period, "start" | "end" | "grain">,
  c: SpanCoverage,
  locale: Locale,
  o: Shown,
): string | null {
  if (c.kind !== "partial") return null;
  const vars = {
    period: formatPeriod(period, locale, o.timeZone),
    from: c.from ? day(c.from, locale, o.timeZone) : "",
    until: c.until ? day(lastDay(c.until, o.timeZone), locale, o.timeZone) : "",
  };
  const key = c.from && c.until ? "between" : c.from ? "from" : "until";
  return t(locale, `numbers:coverage.${key}`, vars);
}

/** The spans of an answer only partly covered by data: its value's, then (unless told not to) its comparison's. */
function partialSpans(result: KpiResult, locale: Locale, o: Shown, previous = true): string[] {
  const c = result.coverage;
  if (!c) return [];
  const current: Pick<Period, "start" | "end" | "grain"> = result.comparison
    ? { ...result.comparison.current, grain: result.period.grain }
    : result.period;
  const texts = [
    spanCoverageText(current, c.current, locale, o),
    previous && result.previous.value !== null ? spanCoverageText(result.previous.period, c.previous, locale, o) : null,
  ];
  return texts.filter((x): x is string => x !== null);
}

/** The change field when the change is withheld for coverage: "not comparable: 2025: data from 1 June only". */
export function notComparableText(result: KpiResult, locale: Locale, o: Shown): string | null {
  if (result.coverage?.comparable !== false) return null;
  return t(locale, "numbers:coverage.notComparable", { why: partialSpans(result, locale, o).join("; ") });
}

/** "⚠️ Partial data: 2025: data from 1 June only." — null when the value and its comparison are fully covered. */
export function coverageNote(result: KpiResult, locale: Locale, o: Shown, previous = true): string | null {
  const spans = partialSpans(result, locale, o, previous);
  return spans.length > 0 ? t(locale, "numbers:coverage.note", { spans: spans.join("; ") }) : null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An age in words: "2 days", "12 hours", "1 week", "90 minutes". */
export function ageText(ms: number, locale: Locale): string {
  if (ms % (7 * DAY) === 0) return t(locale, "numbers:freshness.weeks", { count: ms / (7 * DAY) });
  if (ms % DAY === 0) return t(locale, "numbers:freshness.days", { count: ms / DAY });
  if (ms % HOUR === 0) return t(locale, "numbers:freshness.hours", { count: ms / HOUR });
  return t(locale, "numbers:freshness.minutes", { count: Math.round(ms / MINUTE) });
}

/** A source's name in the language. */
export function sourceName(source: SourceFreshness["source"], locale: Locale): string {
  return t(locale, `numbers:freshness.source_${source}`);
}

/** The freshness of several answers' sources, once per source, in the order first met. */
export function sourcesOf(results: readonly Pick<KpiResult, "freshness">[]): SourceFreshness[] {
  const seen = new Map<string, SourceFreshness>();
  for (const r of results) for (const f of r.freshness ?? []) if (!seen.has(f.source)) seen.set(f.source, f);
  return [...seen.values()];
}

/** "Data as of: tickets 3 Dec 2026, 15:00 · costs 1 Dec 2026, 09:00 ⚠️ stale (older than 35 days)." */
export function freshnessText(freshness: readonly SourceFreshness[], locale: Locale, o: Shown): string | null {
  if (freshness.length === 0) return null;
  const parts = freshness.map((f) => {
    const source = sourceName(f.source, locale);
    if (!f.asOf) return t(locale, "numbers:freshness.empty", { source });
    const at = formatDateTime(f.asOf, locale, o.timeZone);
    if (f.stale && f.staleAfterMs !== null) {
      return t(locale, "numbers:freshness.stale", { source, at, age: ageText(f.staleAfterMs, locale) });
    }
    return t(locale, "numbers:freshness.source", { source, at });
  });
  return t(locale, "numbers:freshness.line", { sources: parts.join(" · ") });
}

/**
 * The context blocks saying what an answer is based on: how much of its spans the data covers (when partly), and
 * how fresh each source it read is, stale ones flagged.
 */
export function dataNoteBlocks(
  results: readonly KpiResult[],
  locale: Locale,
  o: Shown,
  opts: { coverage?: boolean; previous?: boolean } = {},
): ReplyBlock[] {
  const blocks: ReplyBlock[] = [];
  if (opts.coverage !== false) {
    // Several KPIs of one source share a note (a scorecard of 2025: "data from 1 June only" once).
    const notes = new Set(results.map((r) => coverageNote(r, locale, o, opts.previous !== false)));
    for (const note of notes) if (note) blocks.push({ type: "context", text: note });
  }
  const fresh = freshnessText(sourcesOf(results), locale, o);
  if (fresh) blocks.push({ type: "context", text: fresh });
  return blocks;
}
