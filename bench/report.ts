import type { Provider } from "../src/store/db.js";
import type { ImportResult } from "./import-bench.js";
import type { CaseResult } from "./kpi-bench.js";

/** Seeding figures of one database. */
export interface SeedResult {
  provider: Provider;
  tickets: number;
  /** Seeding time with the schema as migrated (KPI covering indexes included), ms. */
  seedMs: number;
  cached: boolean;
  /** --seed-compare: seeding time with and without the KPI covering indexes, ms. */
  compare?: { withIndexesMs: number; withoutIndexesMs: number };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const pad = (s: string, n: number) => s.padStart(n);

/** The goals of issue 3 for one row: ratio ≤ 1.5, and under 200 ms for a month on SQLite. */
export function meetsGoal(r: CaseResult): boolean {
  const fastEnough = !(r.provider === "sqlite" && r.period === "month") || r.kpibotMs < 200;
  return r.ratio <= 1.5 && fastEnough;
}

/** The results table: one line per KPI × period × breakdown, with the `value` and `full` comparisons side by side. */
export function table(results: readonly CaseResult[]): string {
  const lines: string[] = [];
  const head = `${"db".padEnd(10)} ${"kpi".padEnd(10)} ${"period".padEnd(6)} ${"by".padEnd(5)} │ ${pad("kpibot", 8)} ${pad("sql", 8)} ${pad("ratio", 6)} │ ${pad("kpibot", 8)} ${pad("sql", 8)} ${pad("ratio", 6)}`;
  lines.push(`${" ".repeat(35)}│ (1) value + previous, trend:false  │ (2) full default answer`);
  lines.push(head);
  lines.push("─".repeat(head.length));
  const key = (r: CaseResult) => `${r.provider}|${r.kpi}|${r.period}|${r.breakdown}`;
  const seen = new Set<string>();
  for (const r of results) {
    const k = key(r);
    if (seen.has(k)) continue;
    seen.add(k);
    const cell = (mode: CaseResult["mode"]) => {
      const x = results.find((y) => key(y) === k && y.mode === mode);
      if (!x) return `${pad("-", 8)} ${pad("-", 8)} ${pad("-", 6)}`;
      const mark = x.mismatches.length > 0 ? "!" : meetsGoal(x) ? " " : "*";
      return `${pad(ms(x.kpibotMs), 8)} ${pad(ms(x.sqlMs), 8)} ${pad(x.ratio.toFixed(2), 5)}${mark}`;
    };
    lines.push(
      `${r.provider.padEnd(10)} ${r.kpi.padEnd(10)} ${r.period.padEnd(6)} ${(r.breakdown ?? "-").padEnd(5)} │ ${cell("value")} │ ${cell("full")}`,
    );
  }
  lines.push("times: medians in ms. ratio = kpibot / best hand-written SQL (same database, same driver path).");
  lines.push("* misses the goal (ratio ≤ 1.5; < 200 ms for a month on SQLite)   ! figures differ (see results.json)");
  return lines.join("\n");
}

/** A short summary of the seeding times. */
export function seedLines(seeds: readonly SeedResult[]): string[] {
  return seeds.map((s) => {
    const base = `${s.provider}: seeded ${s.tickets.toLocaleString("en-US")} tickets in ${(s.seedMs / 1000).toFixed(1)} s${s.cached ? " (cached file; time of the original seed)" : ""}`;
    if (!s.compare) return base;
    const { withIndexesMs: w, withoutIndexesMs: wo } = s.compare;
    return `${base}; seed-compare: ${(wo / 1000).toFixed(1)} s with the former indexes, ${(w / 1000).toFixed(1)} s with the KPI covering indexes (insert rate ×${(wo / w).toFixed(2)})`;
  });
}

const perS = (x: number) => Math.round(x).toLocaleString("en-US");

/** The import goal of issue 10: import rows/s at least half the database's own bulk INSERT rate. */
export const IMPORT_GOAL = 0.5;

/** The import table: one line per database (rows/s, the best bulk INSERT rate, the ratio, the re-import). */
export function importTable(results: readonly ImportResult[]): string {
  const head = `${"db".padEnd(10)} ${pad("tickets", 10)} │ ${pad("import/s", 9)} ${pad("bulk/s", 9)} ${pad("ratio", 6)} │ ${pad("re-import/s", 11)} ${pad("ratio", 6)} │ best bulk`;
  const lines = [head, "─".repeat(head.length + 12)];
  for (const r of results) {
    const mark = r.ratio >= IMPORT_GOAL ? " " : "*";
    lines.push(
      `${r.provider.padEnd(10)} ${pad(r.tickets.toLocaleString("en-US"), 10)} │ ${pad(perS(r.import.rowsPerS), 9)} ${pad(perS(r.best.rowsPerS), 9)} ${pad(r.ratio.toFixed(2), 5)}${mark} │ ${pad(perS(r.reimport.rowsPerS), 11)} ${pad(r.reimportRatio.toFixed(2), 6)} │ ${r.best.name} (of ${r.bulk.map((b) => b.name.replace(/^insert /, "")).join(", ")})`,
    );
  }
  lines.push(
    "rows/s over the whole run. import = kpibot import tickets (importTickets; worker-thread parse from 4 MiB) into an empty database;",
  );
  lines.push(
    "bulk = the same rows, parsed beforehand, as multi-row INSERTs in one transaction (best of two chunk sizes);",
  );
  lines.push("re-import = the same file again (every row unchanged). ratio = import rows/s ÷ bulk rows/s.");
  lines.push("The import's time includes its ANALYZE of tickets (10,000+ rows written); the bulk time does not.");
  lines.push(`* misses the goal (ratio ≥ ${IMPORT_GOAL})`);
  for (const r of results) {
    if (r.unnest)
      lines.push(
        `${r.provider}: INSERT … SELECT FROM UNNEST in one transaction (how kpibot's import and seeder write here) loads ${perS(r.unnest.rowsPerS)} rows/s: import ÷ that = ${(r.import.rowsPerS / r.unnest.rowsPerS).toFixed(2)}`,
      );
  }
  return lines.join("\n");
}
