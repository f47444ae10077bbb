import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = process.cwd();
const src = join(root, "src");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "generated" || name === "node_modules") continue;
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mts)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/**
 * `src/digests/x.ts` → "digests"; a file at the top of src/ is its own node ("app.ts"). Top-level
 * files are the assembly points (app.ts builds the App every folder receives, jobs.ts lists the
 * scheduler's jobs): cycles are counted between folders only, and who may import jobs.ts is checked apart.
 */
function nodeOf(file: string): string {
  const parts = relative(src, file).split("/");
  return parts.length > 1 ? (parts[0] ?? "") : (parts[0] ?? "").replace(/\.js$/, ".ts");
}

const isFolder = (node: string) => !/\.ts$/.test(node);

/** Every relative import (static, dynamic, re-export, type-only) of a file, resolved to a path. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(
    /(?:import|export)[^'"`;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g,
  )) {
    const spec = m[1] ?? m[2] ?? m[3] ?? "";
    if (spec.startsWith(".")) out.push(resolve(dirname(file), spec));
  }
  return out;
}

/** The folder graph of src/: an edge A → B when a file of A imports a file of B. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(src)) {
    const from = nodeOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const target of relativeImports(file)) {
      if (!target.startsWith(`${src}/`)) continue;
      const to = nodeOf(target);
      if (to !== from) graph.get(from)?.add(to);
    }
  }
  return graph;
}

/** The groups of nodes that import each other, directly or through others (Tarjan's SCCs of 2+ nodes), sorted. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/**
 * Folders that already import each other in a ring (the KPI engine, periods, formatting, replies,
 * store and core). Known debt: a new cycle must not grow out of it nor appear anywhere else.
 */
const KNOWN_TANGLE = new Set(["core", "format", "kpi", "periods", "reply", "store"]);

describe("no import cycle between src/ folders", () => {
  const graph = folderGraph();

  it("reads the folder graph (the scheduler and its two jobs are in it)", () => {
    expect(graph.get("digests")?.has("scheduler")).toBe(true);
    expect(graph.get("alerts")?.has("scheduler")).toBe(true);
    expect(graph.get("jobs.ts")).toEqual(new Set(["alerts", "digests", "freshness", "scheduler"]));
  });

  it("the scheduler knows no job; digests and alerts do not know each other nor the job list", () => {
    const edges = (from: string) => [...(graph.get(from) ?? [])].sort();
    expect(edges("scheduler").filter((to) => ["digests", "alerts", "surveys", "jobs.ts"].includes(to))).toEqual([]);
    expect(edges("digests").filter((to) => ["alerts", "jobs.ts"].includes(to))).toEqual([]);
    expect(edges("alerts").filter((to) => ["digests", "jobs.ts"].includes(to))).toEqual([]);
  });

  it("no folder is in an import cycle (but the known tangle, which must not grow)", () => {
    const folders = new Map(
      [...graph].filter(([from]) => isFolder(from)).map(([from, to]) => [from, new Set([...to].filter(isFolder))]),
    );
    const found = cycles(folders);
    const involvingScheduling = found.filter((c) => c.some((n) => ["digests", "alerts", "scheduler"].includes(n)));
    expect(involvingScheduling).toEqual([]);
    expect(found.filter((c) => c.some((n) => !KNOWN_TANGLE.has(n)))).toEqual([]);
  });

  it("the detector finds a cycle through a third folder, and none in a chain", () => {
    const g = (edges: [string, string][]) => {
      const m = new Map<string, Set<string>>();
      for (const [a, b] of edges) {
        if (!m.has(a)) m.set(a, new Set());
        if (!m.has(b)) m.set(b, new Set());
        m.get(a)?.add(b);
      }
      return m;
    };
    expect(
      cycles(
        g([
          ["digests", "alerts"],
          ["alerts", "scheduler"],
          ["scheduler", "digests"],
          ["scheduler", "store"],
        ]),
      ),
    ).toEqual([["alerts", "digests", "scheduler"]]);
    expect(
      cycles(
        g([
          ["digests", "scheduler"],
          ["alerts", "scheduler"],
        ]),
      ),
    ).toEqual([]);
  });
});
