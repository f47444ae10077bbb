#!/usr/bin/env node
// The kpibot CLI. `npm install` builds dist/ (the prepare script).
import { existsSync } from "node:fs";

const entry = new URL("../dist/adapters/cli.js", import.meta.url);
// Checked before importing: a missing build gets its hint, while a module missing *inside* a
// build (a broken install) still fails loudly with Node's own error.
if (!existsSync(entry)) {
  process.stderr.write("kpibot is not built yet: run `npm run build` (npm install does it for you).\n");
  // exitCode, not process.exit(): nothing else runs, and stderr gets written out first.
  process.exitCode = 1;
} else {
  await import(entry.href);
}
