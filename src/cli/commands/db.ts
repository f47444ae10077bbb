import type { Command } from "commander";
import { loadConfig } from "../../config.js";
import { safeUrl } from "../../logger.js";
import { migrate } from "../../store/migrate.js";
import { out } from "../output.js";

/** `kpibot db migrate`: applies pending migrations to DATABASE_URL. */
export function register(program: Command): void {
  const db = program.command("db").description("database maintenance");
  db.command("migrate")
    .description("apply pending migrations to DATABASE_URL (also done automatically by `kpibot start`)")
    .action(async () => {
      const config = loadConfig();
      const result = await migrate(config.DATABASE_URL);
      const where = `${result.provider} (${safeUrl(config.DATABASE_URL)})`;
      if (result.applied.length === 0)
        out(`Database ${where} is up to date (${result.alreadyApplied.length} migrations).`);
      else
        out(
          `Applied ${result.applied.length} migration(s) to ${where}:\n${result.applied.map((m) => `  ${m}`).join("\n")}`,
        );
    });
}
