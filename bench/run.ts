/**
 * `npm run bench`: seeds 1,000,000 tickets in SQLite and PostgreSQL, then times kpibot's KPI answers against
 * the best hand-written SQL for the same figures, interleaved, and prints ratios (DESIGN.md "Benchmarks").
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname } from "node:path";
import { type BenchArgs, parseBenchArgs, USAGE } from "./args.js";
import { benchCases } from "./cases.js";
import { benchKpis, type CaseResult } from "./kpi-bench.js";
import { type SeedResult, seedLines, table } from "./report.js";
import { seedCompare } from "./seed-compare.js";
import { DATASET, seededDatabase } from "./setup.js";

const log = (line: string) => console.log(line);

async function main(args: BenchArgs): Promise<void> {
  const started = performance.now();
  const cases = benchCases().filter((c) => args.filter === null || c.id.includes(args.filter));
  log(
    `kpibot bench: ${args.tickets.toLocaleString("en-US")} tickets over ${DATASET.months} months, ${cases.length} cases × ${args.providers.join(" + ")}, ${args.runs} runs each after a warm-up`,
  );
  log(
    `machine: ${cpus().length} cores, load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} — shared and noisy: kpibot and SQL runs are interleaved so load hits both; read the ratios`,
  );
  const results: CaseResult[] = [];
  const seeds: SeedResult[] = [];
  for (const provider of args.providers) {
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
  log(`\n${table(results)}`);
  for (const line of seedLines(seeds)) log(line);
  const totalS = (performance.now() - started) / 1000;
  log(`total ${totalS.toFixed(0)} s`);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    `${JSON.stringify({ at: new Date().toISOString(), args, dataset: DATASET, cores: cpus().length, totalS, seeds, results }, null, 2)}\n`,
  );
  log(`wrote ${args.out}`);
}

let args: BenchArgs | "help";
try {
  args = parseBenchArgs(process.argv.slice(2));
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
