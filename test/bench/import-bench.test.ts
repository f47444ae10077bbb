import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { parseBenchArgs } from "../../bench/args.js";
import { benchImports, checkFigures } from "../../bench/import-bench.js";
import { importTable } from "../../bench/report.js";
import { writeTicketCsv } from "../../bench/ticket-csv.js";
import { TICKET_HEADER } from "../../src/import/tickets.js";
import { testProviders } from "../helpers/databases.js";

// The import bench's figures only mean something if every load it times wrote the same tickets. This runs
// it on a few thousand tickets (worker-thread parse forced, as a big file gets by default) and checks its
// own checks. No speed threshold: speed is what `npm run bench` reports.

describe.each(await testProviders())("import bench on %s", (provider) => {
  it("imports, bulk-loads and re-imports the generated file, every load checked", async () => {
    const lines: string[] = [];
    const [r] = await benchImports([provider], 3000, (line) => lines.push(line), { parallel: true });
    if (!r) throw new Error("no result");
    expect(r).toMatchObject({ provider, tickets: 3000, parseWorker: true });
    expect(r.figures).toMatchObject({ n: 3000, keys: 3000 });
    expect(r.figures.resolved).toBeGreaterThan(2000);
    expect(r.figures.priority_sum).toBeGreaterThan(3000);
    expect(r.bulk.map((b) => b.name)).toEqual([expect.stringMatching(/^insert \d+\/stmt$/), "insert 250/stmt"]);
    expect(r.bulk).toContain(r.best);
    expect(r.unnest !== undefined).toBe(provider === "postgresql");
    for (const t of [r.import, r.reimport, ...r.bulk]) {
      expect(t.ms, t.name).toBeGreaterThan(0);
      expect(t.rowsPerS, t.name).toBeGreaterThan(0);
    }
    expect(Number.isFinite(r.ratio) && r.ratio > 0).toBe(true);
    expect(Number.isFinite(r.reimportRatio) && r.reimportRatio > 0).toBe(true);
    expect(r.ratio).toBeCloseTo(r.import.rowsPerS / r.best.rowsPerS, 10);
    expect(lines.some((l) => l.includes("generated 3,000 tickets (100%)"))).toBe(true);
    expect(importTable([r])).toContain(`${provider.padEnd(10)}      3,000 │`);
  });
});

describe("import bench helpers", () => {
  const dir = mkdtempSync(join(tmpdir(), "kpibot-import-bench-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the canonical header and one full-width row per ticket, with the facts it reports", () => {
    const file = join(dir, "t.csv");
    const facts = writeTicketCsv(file, 1500, () => undefined);
    const text = readFileSync(file, "utf8");
    const [header, ...rows] = parse(text) as string[][];
    expect(header).toEqual([...TICKET_HEADER]);
    expect(rows).toHaveLength(1500);
    expect(facts).toMatchObject({ tickets: 1500, bytes: Buffer.byteLength(text) });
    for (const row of rows) expect(row).toHaveLength(TICKET_HEADER.length);
    const col = (name: string) => TICKET_HEADER.indexOf(name as (typeof TICKET_HEADER)[number]);
    expect(rows.filter((r) => r[col("resolved_at")] !== "")).toHaveLength(facts.resolved);
    expect(rows.reduce((sum, r) => sum + Number(r[col("priority")]), 0)).toBe(facts.prioritySum);
    expect(new Set(rows.map((r) => r[col("kind")]))).toEqual(new Set(["incident", "request"]));
    expect(new Set(rows.map((r) => r[col("channel")])).size).toBeGreaterThan(3);
    expect(rows.some((r) => r[col("response_due_at")] === "")).toBe(true);
  });

  it("fails loudly when a load holds other tickets than the file or the reference load", () => {
    const facts = { tickets: 2, bytes: 1, resolved: 1, prioritySum: 5 };
    const good = { n: 2, keys: 2, resolved: 1, priority_sum: 5, fcr: 1 };
    expect(() => checkFigures("bulk", good, facts, undefined)).not.toThrow();
    expect(() => checkFigures("import", good, facts, good)).not.toThrow();
    expect(() => checkFigures("import", { ...good, n: 1, keys: 1 }, facts, good)).toThrow(
      /import loaded the wrong tickets: 1 tickets instead of 2/,
    );
    expect(() => checkFigures("re-import", { ...good, fcr: 0 }, facts, good)).toThrow(/fcr: 0 ≠ 1/);
  });

  it("parses --skip-import and --import-only, which exclude each other", () => {
    expect(parseBenchArgs([])).toMatchObject({ skipImport: false, importOnly: false });
    expect(parseBenchArgs(["--skip-import"])).toMatchObject({ skipImport: true, importOnly: false });
    expect(parseBenchArgs(["--import-only", "--only", "postgresql", "--tickets", "200000"])).toMatchObject({
      importOnly: true,
      providers: ["postgresql"],
      tickets: 200000,
    });
    expect(() => parseBenchArgs(["--skip-import", "--import-only"])).toThrow(/exclude each other/);
  });
});
