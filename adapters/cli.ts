#!/usr/bin/env node
// The kpibot CLI entry point (bin/kpibot.js loads its build). It lives beside the adapters because
// `kpibot start` needs the composition root, which is the one module that knows every surface.
import { runCli } from "../src/cli/main.js";
import { EXIT } from "../src/cli/output.js";
import { startKpibot } from "./main.js";

const code = await runCli(process.argv.slice(2), { start: startKpibot });
if (code !== EXIT.ok) process.exit(code);
