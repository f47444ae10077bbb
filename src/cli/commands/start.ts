import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { startKpibot } from "../../main.js";

/** `kpibot start`: migrate, seed when empty, serve. */
export function register(program: Command): void {
  program
    .command("start")
    .description("migrate the database, seed demo data when it is empty, and start the HTTP server")
    .action(async () => {
      const config = loadConfig();
      const { app, stop } = await startKpibot(config);
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
