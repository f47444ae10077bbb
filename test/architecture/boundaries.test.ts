import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
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
});
