import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock.js";
import { KPI_DEFINITIONS } from "../../src/kpi/definitions.js";
import { createKpiEngine } from "../../src/kpi/engine.js";
import { CLOCK_HORIZONS, KPI_SOURCES } from "../../src/kpi/sources.js";
import type { KpiFilter, KpiQuery } from "../../src/kpi/types.js";
import { parsePeriod } from "../../src/periods/index.js";
import { seedDemo } from "../../src/seed/index.js";
import { DATA_SOURCES, sourceOfTable } from "../../src/store/data-versions.js";
import { type Db, type SqlParam, sqlitePath } from "../../src/store/db.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

// The answer cache files an answer under the versions of KPI_SOURCES[kpi]: a table a KPI reads but that list
// leaves out would let a stale answer through. SQLite says which tables a statement reads (EXPLAIN's OpenRead
// opcodes name their root pages), so every statement of every KPI, in every shape, is checked here.

const NOW = new Date("2026-11-15T10:00:00Z");
const LATER = new Date("2026-11-16T17:30:00Z");
const TZ = "Europe/Paris";

interface Statement {
  sql: string;
  params: readonly SqlParam[];
}

describe("the sources each KPI answer is cached under", () => {
  let t: TestApp;
  let raw: Database.Database;
  const roots = new Map<number, string>();

  beforeAll(async () => {
    t = await createTestApp("sqlite", { clock: fixedClock(NOW), env: { KPIBOT_TIMEZONE: TZ } });
    await seedDemo(t.app.repos, { tickets: 800, months: 8, seed: 5, now: NOW, timezone: TZ });
    raw = new Database(sqlitePath(t.database.url), { readonly: true });
    for (const r of raw.prepare("SELECT rootpage, tbl_name FROM sqlite_schema WHERE rootpage > 0").all() as {
      rootpage: number;
      tbl_name: string;
    }[]) {
      roots.set(r.rootpage, r.tbl_name);
    }
  });
  afterAll(async () => {
    raw?.close();
    await t?.close();
  });

  /** The tables a statement reads, from SQLite's own plan. */
  function tablesRead(s: Statement): string[] {
    const args = s.params.map((p) => (p instanceof Date ? p.getTime() : typeof p === "boolean" ? Number(p) : p));
    const ops = raw.prepare(`EXPLAIN ${s.sql}`).all(...args) as { opcode: string; p2: number; p3: number }[];
    return ops.filter((o) => o.opcode === "OpenRead" && o.p3 === 0).map((o) => roots.get(o.p2) ?? `root ${o.p2}`);
  }

  /** Every statement the engine issues for the questions, at `now`. */
  async function statements(queries: readonly KpiQuery[], now: Date): Promise<Statement[]> {
    const seen: Statement[] = [];
    const db: Db = {
      ...t.app.db,
      query(sql, params = [], options) {
        seen.push({ sql, params });
        return t.app.db.query(sql, params, options);
      },
    };
    const engine = createKpiEngine({ db, targets: t.app.repos.targets, timezone: TZ, clock: fixedClock(now) });
    for (const q of queries) await engine.answer(q).catch(() => undefined);
    return seen;
  }

  /** Each KPI alone, by each dimension, and filtered by each dimension (a value the demo data has). */
  async function shapes(kpi: string): Promise<KpiQuery[]> {
    const def = KPI_DEFINITIONS.find((d) => d.id === kpi);
    const parsed = parsePeriod("2026-10", { now: NOW, timezone: TZ });
    if (!def || !parsed.ok) throw new Error(kpi);
    const out: KpiQuery[] = [{ kpi, period: parsed.period }];
    for (const breakdown of def.dimensions) {
      const r = await createKpiEngine({
        db: t.app.db,
        targets: t.app.repos.targets,
        timezone: TZ,
        clock: fixedClock(NOW),
      })
        .answer({ kpi, period: parsed.period, breakdown })
        .catch(() => undefined);
      out.push({ kpi, period: parsed.period, breakdown });
      const key = r?.breakdown?.rows[0]?.key;
      const filter: KpiFilter = { dimension: breakdown, value: key ?? "x" };
      out.push({ kpi, period: parsed.period, filters: [filter] });
    }
    return out;
  }

  it("lists every KPI of the catalog, with sources that exist", () => {
    expect(Object.keys(KPI_SOURCES).sort()).toEqual(KPI_DEFINITIONS.map((d) => d.id).sort());
    for (const sources of Object.values(KPI_SOURCES)) {
      for (const s of sources) expect(Object.keys(DATA_SOURCES)).toContain(s);
    }
  });

  it("every table any statement of a KPI reads belongs to one of that KPI's sources", async () => {
    const missing: string[] = [];
    for (const def of KPI_DEFINITIONS) {
      const declared = new Set(KPI_SOURCES[def.id] ?? []);
      const read = new Set((await statements(await shapes(def.id), NOW)).flatMap(tablesRead));
      expect(read.size, `${def.id} reads no table`).toBeGreaterThan(0);
      for (const table of read) {
        // The data versions are what the cache (and the coverage of each source) is keyed on, not a source.
        if (table === "data_versions") continue;
        const source = sourceOfTable(table);
        if (!source || !declared.has(source)) missing.push(`${def.id} reads ${table}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("only the KPIs with a clock horizon issue different statements at another instant", async () => {
    const moving: string[] = [];
    for (const def of KPI_DEFINITIONS) {
      const queries = await shapes(def.id);
      const [a, b] = [await statements(queries, NOW), await statements(queries, LATER)];
      if (JSON.stringify(a) !== JSON.stringify(b)) moving.push(def.id);
    }
    expect(moving.sort()).toEqual(Object.keys(CLOCK_HORIZONS).sort());
  });
});
