import { parseArgs } from "node:util";
import type { Provider } from "../src/store/db.js";

/** What `npm run bench -- <flags>` asks for. */
export interface BenchArgs {
  tickets: number;
  providers: Provider[];
  /** Timed runs per measurement (after one warm-up run). */
  runs: number;
  /** Ignore the cached seeded SQLite file and seed anew. */
  fresh: boolean;
  /** Also seed throwaway databases without the KPI covering indexes and report both seeding times. */
  seedCompare: boolean;
  /** Where results.json goes. */
  out: string;
  /** Only the cases whose id contains this text (e.g. "fcr month"). */
  filter: string | null;
  /** Skip the import benchmark (KPI cases only). */
  skipImport: boolean;
  /** Only the import benchmark (no seeding, no KPI cases). */
  importOnly: boolean;
}

/** The usage text printed by --help and on a bad flag. */
export const USAGE = `usage: npm run bench -- [--tickets N] [--only sqlite|postgresql] [--runs N] [--fresh] [--seed-compare] [--filter TEXT] [--skip-import | --import-only] [--out FILE]
       npm run bench -- --load [load flags]   (only the load bench: npm run bench -- --load --help)
  --tickets N       tickets to seed, and to import in the import bench (default 1000000)
  --only P          run one database only (sqlite or postgresql)
  --runs N          timed rounds per case after a warm-up (default 7; about half for cases over 1.5 s)
  --fresh           seed SQLite anew instead of reusing bench/.cache
  --seed-compare    also time seeding without the KPI covering indexes (two more seeds per database)
  --filter TEXT     only the cases whose id contains TEXT (e.g. "fcr month")
  --skip-import     KPI cases only: no import bench
  --import-only     only the import bench (import rows/s ÷ the database's bulk INSERT rows/s)
  --out FILE        results file (default bench/results.json)`;

function whole(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

/**
 * With `--load` anywhere on the command line, only the load bench runs (bench/load-main.ts): the other flags are
 * its own, returned for its parser. Null without `--load`.
 */
export function loadBenchArgv(argv: readonly string[]): string[] | null {
  return argv.includes("--load") ? argv.filter((a) => a !== "--load") : null;
}

/** Parses the command line (throws Error with a message on bad input). */
export function parseBenchArgs(argv: readonly string[]): BenchArgs | "help" {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      tickets: { type: "string" },
      only: { type: "string" },
      runs: { type: "string" },
      fresh: { type: "boolean", default: false },
      "seed-compare": { type: "boolean", default: false },
      out: { type: "string" },
      filter: { type: "string" },
      "skip-import": { type: "boolean", default: false },
      "import-only": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return "help";
  const only = values.only;
  if (only !== undefined && only !== "sqlite" && only !== "postgresql") {
    throw new Error(`--only must be sqlite or postgresql, got "${only}"`);
  }
  if (values["skip-import"] && values["import-only"])
    throw new Error("--skip-import and --import-only exclude each other");
  return {
    tickets: whole("--tickets", values.tickets, 1_000_000, 1000),
    providers: only ? [only] : ["sqlite", "postgresql"],
    runs: whole("--runs", values.runs, 7, 1),
    fresh: values.fresh === true,
    seedCompare: values["seed-compare"] === true,
    out: values.out ?? "bench/results.json",
    filter: values.filter ?? null,
    skipImport: values["skip-import"] === true,
    importOnly: values["import-only"] === true,
  };
}
