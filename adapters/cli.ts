#!/usr/bin/env node
// The kpibot CLI entry point (bin/kpibot.js loads its build). It lives beside the adapters because
// `kpibot start` and the commands that post need the composition root, which knows every surface.
import { runCli } from "../src/cli/main.js";
import { exitWhenFlushed } from "../src/cli/output.js";
import { startKpibot } from "./main.js";
import { buildSurfaces } from "./surfaces.js";

const code = await runCli(process.argv.slice(2), {
  start: startKpibot,
  messengers: async (app) => buildSurfaces(app).messengers,
});
// Not process.exit(code) at once: output still queued for a slow pipe reader would be lost.
await exitWhenFlushed(code);
