import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const BIN = join(import.meta.dirname, "../../bin/kpibot.js");

/** A copy of bin/kpibot.js in a fresh folder, optionally beside a stand-in build. */
function project(build?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kpibot-bin-"));
  mkdirSync(join(dir, "bin"));
  copyFileSync(BIN, join(dir, "bin", "kpibot.js"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  if (build !== undefined) {
    mkdirSync(join(dir, "dist", "adapters"), { recursive: true });
    writeFileSync(join(dir, "dist", "adapters", "cli.js"), build);
  }
  return dir;
}

/** Runs `node bin/kpibot.js` in a folder; resolves with its exit code and output whatever the code. */
async function kpibot(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [join(dir, "bin", "kpibot.js"), "--version"]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe("bin/kpibot.js", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("says how to build when dist/ is missing", async () => {
    const dir = project();
    dirs.push(dir);
    const r = await kpibot(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("kpibot is not built yet: run `npm run build` (npm install does it for you).\n");
  });

  it("runs the build when it is there", async () => {
    const dir = project('process.stdout.write("built cli " + process.argv.slice(2).join(" "));\n');
    dirs.push(dir);
    expect(await kpibot(dir)).toEqual({ code: 0, stdout: "built cli --version", stderr: "" });
  });

  it("lets a module missing inside the build fail with Node's own error, not the hint", async () => {
    const dir = project('import "kpibot-no-such-package";\n');
    dirs.push(dir);
    const r = await kpibot(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("kpibot-no-such-package");
    expect(r.stderr).not.toContain("not built yet");
  });
});
