import { loadavg } from "node:os";
import { type App, closeApp, createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { fixedClock } from "../src/core/clock.js";
import { createLogger } from "../src/logger.js";
import type { Provider } from "../src/store/db.js";
import { baselinesFor, runBaseline } from "./baselines/index.js";
import { type BenchCase, benchCases, engineFigures, engineQuery, type Figures, mismatches } from "./cases.js";
import { interleaved } from "./measure.js";
import { DATASET } from "./setup.js";

/** The measurement of one case on one database. */
export interface CaseResult {
  provider: Provider;
  id: string;
  kpi: string;
  period: string;
  breakdown: string | null;
  mode: BenchCase["mode"];
  /** Median of kpibot's answer, ms. */
  kpibotMs: number;
  /** Median of the fastest hand-written statement, ms. */
  sqlMs: number;
  /** Which SQL shape was fastest. */
  sqlShape: string;
  /** kpibotMs / sqlMs. */
  ratio: number;
  /** Every contender's timings (ms, in run order). */
  timings: { name: string; median: number; times: number[] }[];
  /** Figures where kpibot and the SQL disagree (should be empty: otherwise the ratio compares different work). */
  mismatches: string[];
  /** The 1-minute load average when the case started (the machine is shared). */
  load: number;
}

/**
 * Opens the app on a seeded database, the way kpibot itself runs (clock fixed at the data set's "now"), with the
 * answer cache off: every timed run computes its answer, as the first ask of a question does (with the cache on,
 * the runs after the warm-up are cache hits, and the ratio would time a map look-up against the database).
 */
export async function benchApp(url: string): Promise<App> {
  const config = loadConfig(
    { DATABASE_URL: url, LOG_LEVEL: "silent", KPIBOT_TIMEZONE: DATASET.timezone, KPIBOT_ANSWER_CACHE: "0" },
    { dotenv: false },
  );
  return createApp(config, { migrate: false, clock: fixedClock(DATASET.now), logger: createLogger("silent") });
}

/** Times every case on one database: kpibot's answer against its hand-written SQL candidates, interleaved. */
export async function benchKpis(
  provider: Provider,
  url: string,
  runs: number,
  log: (line: string) => void,
  cases: readonly BenchCase[] = benchCases(),
): Promise<CaseResult[]> {
  const app = await benchApp(url);
  try {
    const out: CaseResult[] = [];
    for (const c of cases) {
      const load = loadavg()[0] ?? 0;
      const query = engineQuery(c);
      const candidates = baselinesFor(c, provider);
      // Check first that the SQL really produces kpibot's figures: otherwise the ratio would compare different work.
      const expected = engineFigures(c, await app.kpi.answer(query));
      const wrong: string[] = [];
      for (const b of candidates) {
        const got: Figures = await runBaseline(app.db, b);
        for (const m of mismatches(expected, got)) wrong.push(`${b.shape}: ${m}`);
      }
      const timings = await interleaved(
        [
          { name: "kpibot", run: () => app.kpi.answer(query) },
          ...candidates.map((b) => ({ name: `sql:${b.shape}`, run: () => runBaseline(app.db, b) })),
        ],
        runs,
      );
      const [kpibot, ...sqls] = timings;
      const best = sqls.reduce((a, b) => (b.median < a.median ? b : a));
      if (!kpibot) throw new Error("bench: no kpibot timing");
      const r: CaseResult = {
        provider,
        id: c.id,
        kpi: c.kpi,
        period: c.periodName,
        breakdown: c.breakdown,
        mode: c.mode,
        kpibotMs: kpibot.median,
        sqlMs: best.median,
        sqlShape: best.name.replace(/^sql:/, ""),
        ratio: kpibot.median / best.median,
        timings,
        mismatches: wrong,
        load,
      };
      out.push(r);
      const flag = wrong.length > 0 ? `  MISMATCH ${wrong.slice(0, 3).join("; ")}` : "";
      log(
        `  ${c.id.padEnd(32)} kpibot ${r.kpibotMs.toFixed(1).padStart(7)} ms  sql ${r.sqlMs.toFixed(1).padStart(7)} ms (${r.sqlShape})  ×${r.ratio.toFixed(2)}${flag}`,
      );
    }
    return out;
  } finally {
    await closeApp(app);
  }
}
