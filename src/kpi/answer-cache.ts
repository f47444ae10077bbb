import { LRUCache } from "lru-cache";
import type { KpiQuery, KpiResult } from "./types.js";

/** A computed answer and the last instant (epoch ms) it holds with its data unchanged (Infinity: until then). */
export interface TimedAnswer {
  result: KpiResult;
  validUntil: number;
}

/** Cache counters since the engine started (asks that joined a running computation are hits). */
export interface AnswerCacheStats {
  hits: number;
  misses: number;
  /** Answers held now. */
  size: number;
}

/** A copy a caller may change freely: the catalog definition is shared, everything else is the caller's own. */
function copy(result: KpiResult): KpiResult {
  const { definition, ...rest } = result;
  return { ...structuredClone(rest), definition };
}

/** A value with sorted keys and instants as epoch ms, so that equal questions serialise equally. */
function canonical(v: unknown): unknown {
  if (v instanceof Date) return { ms: v.getTime() };
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
        .map((k) => [k, canonical(o[k])]),
    );
  }
  return v;
}

/**
 * The cache key of a question: the whole query (the KPI by its catalog id, the periods' instants and labels,
 * breakdown, filters, trend) and the version of every source the answer reads, as read before computing it.
 */
export function answerKey(kpiId: string, query: KpiQuery, versions: readonly (readonly [string, number])[]): string {
  return JSON.stringify([canonical({ ...query, kpi: kpiId }), versions]);
}

/**
 * A bounded LRU of KPI answers, with single flight: while an answer is being computed, identical questions
 * (same key) wait for it instead of computing it again. Every caller gets its own copy.
 */
export class AnswerCache {
  private readonly entries: LRUCache<string, TimedAnswer>;
  private readonly running = new Map<string, Promise<TimedAnswer>>();
  private hits = 0;
  private misses = 0;

  constructor(max: number) {
    this.entries = new LRUCache<string, TimedAnswer>({ max });
  }

  /** The answer under `key` that still holds at `now` (epoch ms), or the one `compute` gives. */
  async get(key: string, now: number, compute: () => Promise<TimedAnswer>): Promise<KpiResult> {
    const cached = this.entries.get(key);
    if (cached && now <= cached.validUntil) {
      this.hits++;
      return copy(cached.result);
    }
    const pending = this.running.get(key);
    if (pending) {
      const shared = await pending;
      if (now <= shared.validUntil) {
        this.hits++;
        return copy(shared.result);
      }
    }
    this.misses++;
    const run = compute().then((answer) => {
      const kept = { result: copy(answer.result), validUntil: answer.validUntil };
      this.entries.set(key, kept);
      return kept;
    });
    this.running.set(key, run);
    try {
      return copy((await run).result);
    } finally {
      if (this.running.get(key) === run) this.running.delete(key);
    }
  }

  /** Hits, misses and size so far. */
  stats(): AnswerCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }
}
