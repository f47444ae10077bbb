import type { SourceWrite } from "../store/repositories.js";
import { COVERED_SOURCES, type Extent } from "./coverage.js";
import type { CoveredSource, SourceFreshness } from "./types.js";

/**
 * How old each source may get before it is flagged stale (KPIBOT_STALE_AFTER): a base age, and ages per source.
 * null = never flagged. Sources fed monthly (costs, assets, staff, portal, shadow IT) default to MONTHLY_STALE_MS,
 * survey answers (collected by kpibot itself) to never, unless the variable names them.
 */
export interface StalePolicy {
  base: number | null;
  sources: Partial<Record<CoveredSource, number | null>>;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The default of KPIBOT_STALE_AFTER: a ticket feed (sync, webhook, daily import) two days behind is stale. */
export const DEFAULT_STALE_AFTER = "2d";

/** Sources usually imported once a month: stale after 35 days unless KPIBOT_STALE_AFTER names them. */
const MONTHLY: readonly CoveredSource[] = ["costs", "assets", "staff", "portal", "shadow_it"];
const MONTHLY_STALE_MS = 35 * DAY;

const UNITS: Record<string, number> = { m: MINUTE, h: 60 * MINUTE, d: DAY, w: 7 * DAY };

/** `90m`, `12h`, `2d`, `1w` → milliseconds; `off` → null; undefined when unreadable. */
function parseAge(text: string): number | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === "off") return null;
  const m = /^(\d{1,4})\s*([mhdw])$/.exec(t);
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNITS[m[2] ?? ""] ?? 0);
  return ms > 0 ? ms : undefined;
}

/**
 * Reads KPIBOT_STALE_AFTER: `<age>` or `off`, then optionally `,<source>=<age|off>` entries (`2d,costs=40d,time=off`).
 * Ages are N followed by m, h, d or w. Returns the reason when unreadable.
 */
export function parseStaleAfter(text: string): StalePolicy | string {
  const [head, ...rest] = text.split(",");
  const base = parseAge(head ?? "");
  if (base === undefined) return `"${head ?? ""}" is not an age such as 2d, 12h, 90m or 1w, nor off`;
  const sources: StalePolicy["sources"] = {};
  for (const entry of rest) {
    const m = /^\s*([a-z_]+)\s*=\s*(\S+)\s*$/i.exec(entry);
    const source = m?.[1]?.toLowerCase();
    if (!m || !source || !(COVERED_SOURCES as readonly string[]).includes(source)) {
      return `"${entry.trim()}" must be <source>=<age|off> with a source among ${COVERED_SOURCES.join(", ")}`;
    }
    const age = parseAge(m[2] ?? "");
    if (age === undefined) return `"${entry.trim()}": "${m[2]}" is not an age such as 2d, 12h, 90m or 1w, nor off`;
    sources[source as CoveredSource] = age;
  }
  return { base, sources };
}

/** How old a source may get before it is stale (ms), or null when it is never flagged. */
export function staleAfterFor(policy: StalePolicy, source: CoveredSource): number | null {
  const named = policy.sources[source];
  if (named !== undefined) return named;
  if (policy.base === null) return null;
  if (source === "surveys") return null;
  return MONTHLY.includes(source) ? Math.max(policy.base, MONTHLY_STALE_MS) : policy.base;
}

/** Judges the freshness of `sources` at `now` from their recorded writes and their records' extents. */
export function judgeFreshness(
  sources: readonly CoveredSource[],
  writes: readonly SourceWrite[],
  extents: ReadonlyMap<CoveredSource, Extent>,
  policy: StalePolicy,
  now: Date,
): SourceFreshness[] {
  return sources.map((source) => {
    const write = writes.find((w) => w.source === source);
    // A record dated after the answer's instant (a budget line planned ahead) says nothing about how fresh the feed is.
    const recorded = extents.get(source)?.last ?? null;
    const last = recorded && recorded.getTime() <= now.getTime() ? recorded : null;
    const asOf = write && (!last || write.writtenAt >= last) ? write.writtenAt : last;
    const staleAfterMs = staleAfterFor(policy, source);
    const stale = asOf !== null && staleAfterMs !== null && now.getTime() - asOf.getTime() > staleAfterMs;
    return { source, asOf, via: write?.via ?? null, detail: write?.detail ?? null, stale, staleAfterMs };
  });
}
