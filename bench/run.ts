/**
 * `npm run bench`: seeds 1,000,000 tickets in SQLite and PostgreSQL, then times kpibot's KPI answers against
 * the best hand-written SQL for the same figures, interleaved, and prints ratios (DESIGN.md "Benchmarks");
 * then imports a 1,000,000-ticket CSV into each and divides its rows/s by the database's bulk INSERT rate.
 * With `--load`, only the load bench runs instead (bench/load-main.ts: slash commands and survey clicks against
 * kpibot and a bare Bolt app at concurrency 50 and 200).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname } from "node:path";
import { type BenchArgs, loadBenchArgv, parseBenchArgs, USAGE } from "./args.js";
import { benchCases } from "./cases.js";
import { benchImports, type ImportResult } from "./import-bench.js";
import { benchKpis, type CaseResult } from "./kpi-bench.js";
import { loadCli } from "./load-main.js";
import { importTable, type SeedResult, seedLines, table } from "./report.js";
import { seedCompare } from "./seed-compare.js";
import { DATASET, seededDatabase } from "./setup.js";

const log = (line: string) => console.log(line);

async function main(args: BenchArgs): Promise<void> {
  const started = performance.now();
  const cases = args.importOnly ? [] : benchCases().filter((c) => args.filter === null || c.id.includes(args.filter));
  const what = [
    ...(args.importOnly ? [] : [`${cases.length} KPI cases (${args.runs} runs each after a warm-up)`]),
    ...(args.skipImport ? [] : ["the import"]),
  ];
  log(
    `kpibot bench: ${args.tickets.toLocaleString("en-US")} tickets over ${DATASET.months} months, ${what.join(" and ")} × ${args.providers.join(" + ")}`,
  );
  const loads = () =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(" ");
  const loadAtStart = loads();
  log(
    `machine: ${cpus().length} cores, load ${loadAtStart} — shared and noisy: compared runs are interleaved so load hits both; read the ratios`,
  );
  const results: CaseResult[] = [];
  const seeds: SeedResult[] = [];
  for (const provider of args.importOnly ? [] : args.providers) {
    log(`\n${provider}: preparing ${args.tickets.toLocaleString("en-US")} tickets`);
    const db = await seededDatabase(provider, args.tickets, args.fresh, log);
    try {
      const seed: SeedResult = { provider, tickets: args.tickets, seedMs: db.seedMs, cached: db.cached };
      if (args.seedCompare) seed.compare = await seedCompare(provider, args.tickets, log);
      seeds.push(seed);
      log(seedLines([seed])[0] ?? "");
      results.push(...(await benchKpis(provider, db.url, args.runs, log, cases)));
    } finally {
      await db.drop();
    }
  }
  // A failed import check still lets the KPI table and results.json out, then fails the run.
  const imports: ImportResult[] = [];
  let importError: { error: unknown } | undefined;
  if (!args.skipImport) {
    try {
      imports.push(...(await benchImports(args.providers, args.tickets, log)));
    } catch (error) {
      importError = { error };
    }
  }
  if (!args.importOnly) {
    log(`\n${table(results)}`);
    for (const line of seedLines(seeds)) log(line);
  }
  if (imports.length > 0) log(`\n${importTable(imports)}`);
  const loadAtEnd = loads();
  const totalS = (performance.now() - started) / 1000;
  log(`load ${loadAtStart} at the start, ${loadAtEnd} at the end (1, 5, 15 min); total ${totalS.toFixed(0)} s`);
  mkdirSync(dirname(args.out), { recursive: true });
  const load = { start: loadAtStart, end: loadAtEnd };
  writeFileSync(
    args.out,
    `${JSON.stringify({ at: new Date().toISOString(), args, dataset: DATASET, cores: cpus().length, load, totalS, seeds, results, imports }, null, 2)}\n`,
  );
  log(`wrote ${args.out}`);
  if (importError !== undefined) throw importError.error;
}

/** The KPI and import benches (`npm run bench`). */
async function kpiCli(argv: string[]): Promise<void> {
  let args: BenchArgs | "help";
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  if (args === "help") {
    console.log(USAGE);
  } else {
    await main(args).catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}

// `npm run bench -- --load …`: only the load bench (a Monday-morning burst against kpibot and a bare Bolt app).
const loadArgv = loadBenchArgv(process.argv.slice(2));
if (loadArgv !== null) process.exitCode = await loadCli(loadArgv);
else await kpiCli(process.argv.slice(2));
