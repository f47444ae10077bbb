/**
 * `npx tsx bench/surveys.ts`: thousands of concurrent survey clicks (with Slack retries, double clicks and people
 * changing their minds) over real signed HTTP requests to the Slack adapter on 127.0.0.1, on SQLite and
 * PostgreSQL. Prints answers/s, the ratio to the database's own single-row upsert rate measured in the same run,
 * and the lost / duplicated / wrong counts — all three must be 0 (exit code 1 otherwise).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import type { Provider } from "../src/store/db.js";
import { type BurstResult, runSurveyBurst } from "./surveys-burst.js";

const USAGE = `usage: npx tsx bench/surveys.ts [--users N] [--only sqlite|postgresql] [--concurrency N] [--out FILE]
  --users N         people answering 3 questions each (default 1150: about 5,000 clicks + 1,000 retries)
  --only P          one database only
  --concurrency N   requests in flight at once (default 100)
  --out FILE        results file (default bench/surveys-results.json)`;

const log = (line: string) => console.log(line);

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 8)).join("  ");
}

function table(results: BurstResult[]): string {
  const head = [
    "db",
    "requests",
    "clicks",
    "retries",
    "late acks",
    "answers",
    "stored",
    "lost",
    "dup",
    "wrong",
    "answers/s",
    "raw/s",
    "ratio",
    "ack p50",
    "ack max",
  ];
  const widths = head.map((h) => Math.max(h.length, 10));
  const lines = results.map((r) =>
    row(
      [
        r.provider,
        r.requests,
        r.clicks,
        r.retries,
        r.slackRetries,
        r.expectedAnswers,
        r.storedAnswers,
        r.lost,
        r.duplicated,
        r.wrong,
        r.answersPerSecond.toFixed(0),
        r.rawUpsertsPerSecond?.toFixed(0) ?? "-",
        r.rawUpsertsPerSecond ? (r.answersPerSecond / r.rawUpsertsPerSecond).toFixed(3) : "-",
        `${r.ackP50Ms.toFixed(0)} ms`,
        `${r.ackMaxMs.toFixed(0)} ms`,
      ],
      widths,
    ),
  );
  return [row(head, widths), ...lines].join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      users: { type: "string" },
      only: { type: "string" },
      concurrency: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    log(USAGE);
    return 0;
  }
  const users = Number(values.users ?? 1150);
  const concurrency = Number(values.concurrency ?? 100);
  if (!Number.isInteger(users) || users < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
    console.error(USAGE);
    return 2;
  }
  if (values.only !== undefined && values.only !== "sqlite" && values.only !== "postgresql") {
    console.error(USAGE);
    return 2;
  }
  const providers: Provider[] = values.only ? [values.only as Provider] : ["sqlite", "postgresql"];
  log(
    `kpibot survey bench: ${users} people × 3 questions, ${concurrency} requests in flight, ${providers.join(" + ")}; ` +
      `${cpus().length} cores, load ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")} (shared machine: read the ratio)`,
  );
  const results: BurstResult[] = [];
  for (const provider of providers) {
    log(`${provider}: bursting…`);
    const r = await runSurveyBurst({
      provider,
      users,
      changeShare: 0.3,
      doubleShare: 0.15,
      retryShare: 0.2,
      concurrency,
      baseline: true,
    });
    results.push(r);
    log(
      `${provider}: ${r.clicks} clicks in ${r.seconds.toFixed(1)} s, ${r.outOfOrder} last clicks sent before an earlier one`,
    );
  }
  log(`\n${table(results)}`);
  log(
    "retries = Slack's retries of payloads (planned); late acks = requests not acknowledged within 3 s, sent again as Slack does",
  );
  log(
    "ratio = kpibot answers/s (signed HTTP → verify → ack → store → private confirmation) ÷ the database's own single-row upserts/s",
  );
  const out = values.out ?? "bench/surveys-results.json";
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), users, concurrency, cores: cpus().length, results }, null, 2)}\n`,
  );
  log(`wrote ${out}`);
  const bad = results.filter(
    (r) => r.lost + r.duplicated + r.wrong + r.httpErrors + r.failedConfirmations > 0 || r.confirmations !== r.clicks,
  );
  if (bad.length > 0) {
    console.error(`FAILED: answers lost, duplicated, wrong or unconfirmed on ${bad.map((r) => r.provider).join(", ")}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
