// Database work off the event loop, measured (docs/architecture.md): the same 41 distinct KPI questions asked at
// once, three rounds, on demo data (TICKETS, default 100,000), with the answer cache off. SQLite without read
// workers and with 2; PostgreSQL with pools of 2, 10 and 20. Prints answers/s, how late a 5 ms timer fires on
// the event loop (what an acknowledgement would wait for) and the most statements waiting for a worker or a
// connection. Run alone: `npx tsx bench/db-pool.ts` (PostgreSQL on 127.0.0.1:5432, as for the tests).

import { createTestDatabase, postgresReachable } from "../kit/databases.js";
import { fixedClock } from "../src/core/clock.js";
import { KPI_DEFINITIONS } from "../src/kpi/definitions.js";
import { createKpiEngine } from "../src/kpi/engine.js";
import type { KpiQuery } from "../src/kpi/types.js";
import { parsePeriod } from "../src/periods/index.js";
import { seedDemo } from "../src/seed/index.js";
import { openDb, type Provider } from "../src/store/db.js";
import { migrate } from "../src/store/migrate.js";
import { prismaRepositories } from "../src/store/prisma-repositories.js";

const NOW = new Date("2026-11-15T10:00:00Z");
const TZ = "Europe/Paris";
const TICKETS = Number(process.env.TICKETS ?? 100_000);
const p = parsePeriod("2026-10", { now: NOW, timezone: TZ });
if (!p.ok) throw new Error();
const questions: KpiQuery[] = [];
for (const def of KPI_DEFINITIONS.filter((d) => d.family !== "perception")) {
  questions.push({ kpi: def.id, period: p.period });
  if (def.dimensions[0]) questions.push({ kpi: def.id, period: p.period, breakdown: def.dimensions[0] });
}

async function run(provider: Provider, sizes: number[]) {
  const database = await createTestDatabase(provider);
  await migrate(database.url);
  const seedDb = await openDb(database.url);
  const t0 = performance.now();
  await seedDemo(prismaRepositories(seedDb), { tickets: TICKETS, months: 12, seed: 1, now: NOW, timezone: TZ });
  await seedDb.close();
  console.log(
    `${provider}: seeded ${TICKETS} tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${questions.length} distinct questions at once, 3 rounds`,
  );
  for (const size of sizes) {
    const db = await openDb(database.url, provider === "sqlite" ? { readers: size } : { poolSize: size });
    const engine = createKpiEngine({
      db,
      targets: prismaRepositories(db).targets,
      timezone: TZ,
      clock: fixedClock(NOW),
    });
    await Promise.all(questions.slice(0, 4).map((q) => engine.answer(q))); // warm: workers, connections, dialect
    let maxWaiting = 0;
    // The event loop's own delay: how late a 5 ms timer fires (what an acknowledgement would wait for the loop).
    const late: number[] = [];
    let last = performance.now();
    const sample = setInterval(() => {
      const at = performance.now();
      late.push(Math.max(0, at - last - 5));
      last = at;
      maxWaiting = Math.max(maxWaiting, db.poolStats().waiting);
    }, 5);
    const start = performance.now();
    for (let round = 0; round < 3; round++) await Promise.all(questions.map((q) => engine.answer(q)));
    const ms = performance.now() - start;
    clearInterval(sample);
    late.push(Math.max(0, performance.now() - last - 5)); // a loop blocked to the end never ran the timer
    late.sort((a, b) => a - b);
    const q = (f: number) => late[Math.min(late.length - 1, Math.floor(f * late.length))] ?? 0;
    const answers = questions.length * 3;
    console.log(
      `  ${provider === "sqlite" ? "readers" : "pool"} ${String(size).padStart(2)}: ${(answers / (ms / 1000)).toFixed(1)} answers/s, ` +
        `timer lateness p50 ${q(0.5).toFixed(0)} ms, p99 ${q(0.99).toFixed(0)} ms, max ${q(1).toFixed(0)} ms, most waiting ${maxWaiting}`,
    );
    await db.close();
  }
  await database.drop();
}

await run("sqlite", [0, 2]);
if (await postgresReachable()) await run("postgresql", [2, 10, 20]);
