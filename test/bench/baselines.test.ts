import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBenchArgs } from "../../bench/args.js";
import { baselinesFor, runBaseline } from "../../bench/baselines/index.js";
import { benchCases, engineFigures, engineQuery, mismatches } from "../../bench/cases.js";
import { benchApp } from "../../bench/kpi-bench.js";
import { interleaved, median, roundsFor } from "../../bench/measure.js";
import { seed } from "../../bench/setup.js";
import type { App } from "../../src/app.js";
import { closeApp } from "../../src/app.js";
import { migrate } from "../../src/store/migrate.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";

// The bench's ratios only mean something if its hand-written SQL computes exactly kpibot's figures. This runs
// every bench case on a small seeded database and compares them, on both databases.

describe.each(await testProviders())("bench baselines on %s", (provider) => {
  let target: TestDatabase;
  let app: App;
  beforeAll(async () => {
    target = await createTestDatabase(provider);
    await migrate(target.url);
    await seed(target.url, 3000, () => undefined);
    app = await benchApp(target.url);
  });
  afterAll(async () => {
    await closeApp(app);
    await target.drop();
  });

  it("every hand-written statement gives kpibot's figures for every case", async () => {
    const cases = benchCases();
    expect(cases).toHaveLength(40);
    for (const c of cases) {
      const expected = engineFigures(c, await app.kpi.answer(engineQuery(c)));
      // Something to compare: a value, and per group values when a breakdown is asked.
      expect(expected.value, c.id).not.toBeNull();
      if (c.breakdown)
        expect(
          Object.keys(expected).some((k) => k.startsWith("g:")),
          c.id,
        ).toBe(true);
      if (c.mode === "full") expect(expected.s5, c.id).toBe(expected.value);
      for (const b of baselinesFor(c, provider)) {
        expect(mismatches(expected, await runBaseline(app.db, b)), `${c.id} (${b.shape})`).toEqual([]);
      }
    }
  });
});

describe("bench helpers", () => {
  it("figures differ beyond the tolerance, or when one side has no data", () => {
    expect(mismatches({ value: 50, prev: null }, { value: 50 + 1e-9, prev: null })).toEqual([]);
    expect(mismatches({ value: 50 }, { value: 50.01 })).toEqual(["value: engine 50, sql 50.01"]);
    expect(mismatches({ value: 0 }, { value: null })).toEqual(["value: engine 0, sql null"]);
    expect(mismatches({ "g:A": 1 }, {})).toEqual(["g:A: engine 1, sql null"]);
  });

  it("median of odd and even lists; fewer rounds for slow cases, always odd", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(roundsFor(7, 200)).toBe(7);
    expect(roundsFor(7, 2000)).toBe(5);
    expect(roundsFor(4, 2000)).toBe(3);
    expect(roundsFor(1, 2000)).toBe(3);
  });

  it("interleaves contenders, reversing the order every other round, after one warm-up round", async () => {
    const calls: string[] = [];
    const run = (name: string) => async () => {
      calls.push(name);
    };
    const timings = await interleaved(
      [
        { name: "a", run: run("a") },
        { name: "b", run: run("b") },
      ],
      3,
    );
    expect(calls.join("")).toBe("ab" + "ab" + "ba" + "ab");
    expect(timings.map((t) => [t.name, t.times.length])).toEqual([
      ["a", 3],
      ["b", 3],
    ]);
  });

  it("parses flags, with usage errors for bad values", () => {
    const args = parseBenchArgs(["--tickets", "20000", "--only", "sqlite", "--runs", "3"]);
    expect(args).toMatchObject({ tickets: 20000, providers: ["sqlite"], runs: 3, fresh: false, filter: null });
    expect(parseBenchArgs([])).toMatchObject({ tickets: 1_000_000, providers: ["sqlite", "postgresql"], runs: 7 });
    expect(parseBenchArgs(["--help"])).toBe("help");
    expect(() => parseBenchArgs(["--only", "mysql"])).toThrow(/sqlite or postgresql/);
    expect(() => parseBenchArgs(["--tickets", "12k"])).toThrow(/whole number/);
    expect(() => parseBenchArgs(["--nope"])).toThrow();
  });
});
