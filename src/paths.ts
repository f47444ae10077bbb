import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The kpibot package root (works from src/ under tsx and from dist/ once built). */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "kpibot") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("kpibot package root not found");
    dir = parent;
  }
})();
