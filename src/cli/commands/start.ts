import type { Command } from "commander";
import type { App } from "../../app.js";
import type { Config } from "../../config.js";
import { loadConfig } from "../../config.js";
import { KpibotError } from "../../errors.js";

/** What `kpibot start` needs from the composition root (adapters/main.ts), injected so src/ never imports adapters. */
export type StartServer = (config: Config) => Promise<{ app: App; stop: () => Promise<void> }>;

/** `kpibot start`: migrate, seed when empty, serve. */
export function register(program: Command, start: StartServer | undefined): void {
  program
    .command("start")
    .description("migrate the database, seed demo data when it is empty, and start the HTTP server")
    .action(async () => {
      if (!start) {
        throw new KpibotError(
          "CONFIG_INVALID",
          "kpibot start runs from the full CLI: use `npx kpibot start` (bin/kpibot.js).",
        );
      }
      const config = loadConfig();
      const { app, stop } = await start(config);
      const shutdown = (signal: string) => {
        app.logger.info({ signal }, "shutting down");
        stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGINT", () => shutdown("SIGINT"));
      process.once("SIGTERM", () => shutdown("SIGTERM"));
    });
}
