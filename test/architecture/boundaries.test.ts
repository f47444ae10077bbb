import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = process.cwd();

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "generated" || name === "node_modules") continue;
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

/** Every module specifier a file imports (static, dynamic, re-exports). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(
    /(?:import|export)[^'"`;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g,
  )) {
    specs.push(m[1] ?? m[2] ?? m[3] ?? "");
  }
  return specs;
}

/** Where raw SQL and the Prisma client may be used, and why (everything else goes through app.repos). */
const PERSISTENCE_HOMES: Record<string, string> = {
  "src/store/": "the store: the Db port, the repositories behind app.repos, the bulk writers, migrations",
  "src/kpi/": "the KPI engine: aggregates are computed by the database (DESIGN.md), with the engine's own SQL tag",
};

/** Where raw SQL may run outside the homes, and why; `.prisma` has no exception outside src/store. */
const RAW_SQL_EXCEPTIONS: Record<string, string> = {
  "bench/": "benchmarks compare kpibot with the database's own hand-written SQL and bulk rates (DESIGN.md, Benchmarks)",
};

/** The store's raw writers and helpers: callers outside src/store use the repositories instead. */
const RAW_WRITERS = [
  "insertRows",
  "insertRowsFast",
  "insertUnnest",
  "columnTypes",
  "writeRows",
  "upsertBatch",
  "analyzeTables",
  "toPgPlaceholders",
];

/** Lines of `text` that reach the Prisma client (`db.prisma`, `app.db.prisma.x`, a `$queryRaw…` call). */
function prismaUses(text: string): string[] {
  return text.split("\n").filter((line) => /\.prisma\b(?!["'`])|\$(?:queryRaw|executeRaw)\w*\s*[(`]/.test(line));
}

/**
 * Lines of `text` that run raw SQL on a Db or import SQL machinery: `.execute(`, `.query(`, `.all(` or
 * `.transaction(` on a `db`/`tx` receiver (or `….db.`), the KPI engine's sql tag, or a raw writer of the store.
 */
function rawSqlUses(text: string): string[] {
  const onDb = /(?:\b(?:db|tx|[a-z]\w*Db)|\.db)\s*(?:\?\.|\.)\s*(?:execute|query|all|transaction)\s*[<(]/;
  const sqlTag = /["'][./]*(?:kpi\/)?sql\.js["']/;
  const writers = new RegExp(`import[^;]*\\b(?:${RAW_WRITERS.join("|")})\\b[^;]*from\\s*["'][^"']*store\\/`);
  const lines = text.split("\n").filter((line) => onDb.test(line) || sqlTag.test(line));
  // Imports span lines: check each statement whole.
  for (const m of text.matchAll(/import\s[^;]*?from\s*["'][^"']+["'];?/g)) if (writers.test(m[0])) lines.push(m[0]);
  return lines;
}

/** The relative imports of a file that land in test/ (the tests' own code). */
function testImports(file: string): string[] {
  return importsOf(file).filter((s) => s.startsWith(".") && resolve(dirname(file), s).startsWith(join(root, "test/")));
}

const rel = (f: string) => relative(root, f);
const under = (f: string, prefixes: Record<string, string>) => Object.keys(prefixes).some((p) => rel(f).startsWith(p));

describe("architecture boundaries (DESIGN.md)", () => {
  const srcFiles = sources(join(root, "src"));

  it("finds the sources it guards", () => {
    expect(srcFiles.length).toBeGreaterThan(10);
    expect(importsOf(join(root, "src/app.ts"))).toContain("./store/db.js");
  });

  it("src/ never imports a platform SDK or an adapter", () => {
    const offenders = srcFiles.flatMap((f) =>
      importsOf(f)
        .filter(
          (s) => /^@slack\//.test(s) || /^botbuilder/.test(s) || /^botframework/.test(s) || /(^|\/)adapters\//.test(s),
        )
        .map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it("@prisma/client and the generated clients are imported only under src/store", () => {
    const all = [...srcFiles, ...sources(join(root, "adapters"))];
    const offenders = all
      .filter((f) => !relative(root, f).startsWith("src/store/"))
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => s.startsWith("@prisma/") || s.includes("/generated/"))
          .map((s) => `${relative(root, f)} imports ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it("the guard itself catches a forbidden import", () => {
    // A line as an offending file would write it, to prove the pattern matches.
    const sample = 'import { App } from "@slack/bolt";\nconst x = await import("../adapters/slack/index.js");';
    const specs = [...sample.matchAll(/from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)/g)].map(
      (m) => m[1] ?? m[2],
    );
    expect(specs).toEqual(["@slack/bolt", "../adapters/slack/index.js"]);
  });

  describe("one way to persist: every store behind app.repos", () => {
    const code = [...srcFiles, ...sources(join(root, "adapters")), ...sources(join(root, "kit"))].filter(
      (f) => !under(f, PERSISTENCE_HOMES),
    );

    it("finds the code it guards (src outside the store and the KPI engine, adapters, kit)", () => {
      expect(code.some((f) => rel(f) === "src/surveys/respond.ts")).toBe(true);
      expect(code.some((f) => rel(f).startsWith("adapters/slack/"))).toBe(true);
      expect(code.some((f) => rel(f).startsWith("src/store/"))).toBe(false);
    });

    it("the Prisma client (`.prisma`) is used only under src/store: not in src, adapters, kit or bench", () => {
      const all = [...code, ...sources(join(root, "bench"))];
      const offenders = all.flatMap((f) => prismaUses(readFileSync(f, "utf8")).map((l) => `${rel(f)}: ${l.trim()}`));
      expect(offenders).toEqual([]);
    });

    it("raw SQL runs only in src/store and src/kpi (and the benchmarks' baselines)", () => {
      const offenders = code
        .filter((f) => !under(f, RAW_SQL_EXCEPTIONS))
        .flatMap((f) => rawSqlUses(readFileSync(f, "utf8")).map((l) => `${rel(f)}: ${l.trim()}`));
      expect(offenders).toEqual([]);
    });

    it("every exception says why", () => {
      for (const reason of [...Object.values(PERSISTENCE_HOMES), ...Object.values(RAW_SQL_EXCEPTIONS)])
        expect(reason.length).toBeGreaterThan(30);
    });

    it("the guards catch a sample of each forbidden use, and leave look-alikes alone", () => {
      const sample = [
        "const rows = await app.db.query(`SELECT 1`);",
        "await ctx.app.db.execute('DELETE FROM surveys');",
        "const n = await tx.query<{ n: number }>(sql, params);",
        "await db.transaction(async (tx) => {});",
        'import { sql } from "../kpi/sql.js";',
        'import {\n  columnTypes,\n  insertRowsFast,\n} from "../store/bulk.js";',
        "const r = await app.db.prisma.survey.create({ data });",
        "await prisma.$queryRawUnsafe('SELECT 1');",
      ].join("\n");
      expect(rawSqlUses(sample)).toHaveLength(6);
      expect(prismaUses(sample)).toHaveLength(2);
      const lookAlikes = [
        'const exp = c.req.query("exp");',
        "await Promise.all(jobs);",
        "const survey = await app.repos.surveys.get(id);",
        'import type { SqlParam } from "../store/db.js";',
        'const file = join(dir, "schema.prisma");',
      ].join("\n");
      expect(rawSqlUses(lookAlikes)).toEqual([]);
      expect(prismaUses(lookAlikes)).toEqual([]);
    });
  });

  describe("one shared test kit: nothing outside test/ imports test/", () => {
    it("src (but its unit tests), adapters, bench and kit never import from test/", () => {
      const files = [
        // Unit tests beside the code (DESIGN.md) may use the tests' fixtures: tsconfig.build.json never ships them.
        ...srcFiles.filter((f) => !f.endsWith(".test.ts")),
        ...sources(join(root, "adapters")),
        ...sources(join(root, "bench")),
        ...sources(join(root, "kit")),
      ];
      const offenders = files.flatMap((f) => testImports(f).map((s) => `${rel(f)} imports ${s}`));
      expect(offenders).toEqual([]);
    });

    it("the kit is where test/ and bench/ meet (both import it)", () => {
      const importers = (dir: string) =>
        sources(join(root, dir)).filter((f) => importsOf(f).some((s) => s.includes("kit/")));
      expect(importers("test").length).toBeGreaterThan(0);
      expect(importers("bench").length).toBeGreaterThan(0);
    });

    it("the guard catches an import of test/ (and not of a folder merely named like it)", () => {
      const file = join(root, "bench/sample.ts");
      const resolved = (s: string) => s.startsWith(".") && resolve(dirname(file), s).startsWith(join(root, "test/"));
      expect(resolved("../test/helpers/app.js")).toBe(true);
      expect(resolved("../kit/app.js")).toBe(false);
      expect(resolved("./test-data.js")).toBe(false);
    });
  });
});
