#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { register as registerAsk } from "./commands/ask.js";
import { register as registerDb } from "./commands/db.js";
import { register as registerSeed } from "./commands/seed.js";
import { register as registerStart } from "./commands/start.js";
import { EXIT, reportError } from "./output.js";

/** Builds the kpibot CLI (exported so tests can run it in-process). */
export function buildProgram(): Command {
  const program = new Command("kpibot")
    .description("kpibot — service-management KPIs in Slack, Teams and a local playground")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerStart(program);
  registerAsk(program);
  registerDb(program);
  registerSeed(program);
  return program;
}

/** Runs the CLI with argv; returns the exit code instead of exiting (commands that serve keep running). */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(e);
  }
}

const isMain =
  process.argv[1] !== undefined && /(?:cli[/\\]main\.[jt]s|bin[/\\]kpibot(?:\.js)?)$/.test(process.argv[1]);
if (isMain) {
  const code = await runCli(process.argv.slice(2));
  if (code !== EXIT.ok) process.exit(code);
}
