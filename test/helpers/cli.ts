import { vi } from "vitest";
import { type CliPlatform, runCli } from "../../src/cli/main.js";

/** What an in-process CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `run` with stdout/stderr captured and, when `env` is given, those variables set on top of the
 * environment (restored afterwards). `process.exitCode` is reset so one run never leaks into the next.
 */
export async function captureCli(run: () => Promise<number>, env?: Record<string, string>): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const saved = env ? { ...process.env } : undefined;
  if (env) Object.assign(process.env, env);
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await run();
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    if (saved) process.env = saved;
    process.exitCode = undefined;
  }
}

/** Runs `kpibot <args>` in-process (optionally with the composition root's platform pieces). */
export function runKpibot(
  args: string[],
  opts: { env?: Record<string, string>; platform?: CliPlatform } = {},
): Promise<CliRun> {
  return captureCli(() => runCli(args, opts.platform), opts.env);
}
