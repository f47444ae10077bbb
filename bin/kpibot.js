#!/usr/bin/env node
// The kpibot CLI. `npm install` builds dist/ (the prepare script).
import("../dist/adapters/cli.js").catch((err) => {
  if (err && err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/src/cli/main.js")) {
    process.stderr.write("kpibot is not built yet: run `npm run build` (npm install does it for you).\n");
    // exitCode, not process.exit(): nothing else runs, and stderr gets written out first.
    process.exitCode = 1;
    return;
  }
  throw err;
});
