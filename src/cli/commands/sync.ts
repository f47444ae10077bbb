import { type Command, InvalidArgumentError } from "commander";
import { closeApp, createApp } from "../../app.js";
import { loadConfig } from "../../config.js";
import { CONNECTORS, type ConnectorName, connectorFromConfig, runSync, type SyncReport } from "../../sync/index.js";
import { adminFailureReporter } from "../../sync/scheduler.js";
import { EXIT, err, out } from "../output.js";

interface SyncCliOptions {
  full?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** The human summary of a sync. */
export function formatSyncReport(r: SyncReport): string {
  const head = r.dryRun
    ? `Dry run of the ${r.connector} sync: nothing was written.`
    : `Synced ${r.connector} (source "${r.connector}").`;
  return [
    head,
    `  since      ${r.since ?? "the beginning (full sync)"}`,
    `  pages      ${r.pages}`,
    `  ${r.dryRun ? "to insert" : "inserted"}   ${r.inserted}`,
    `  ${r.dryRun ? "to update" : "updated"}   ${r.updated}`,
    `  unchanged  ${r.unchanged}`,
    `  rejected   ${r.rejected}`,
    `  cursor     ${r.cursor ?? "(none)"}`,
  ].join("\n");
}

function connectorName(value: string): ConnectorName {
  if ((CONNECTORS as readonly string[]).includes(value)) return value as ConnectorName;
  throw new InvalidArgumentError(`expected one of ${CONNECTORS.join(", ")}`);
}

/** `kpibot sync <glpi|servicenow|jira> [--full] [--dry-run] [--json]`. */
export function register(program: Command): void {
  program
    .command("sync")
    .description("pull tickets modified since the last sync from GLPI, ServiceNow or Jira Service Management")
    .argument("<connector>", CONNECTORS.join(" | "), connectorName)
    .option("--full", "ignore the stored cursor and read every ticket")
    .option("--dry-run", "read and compare with the database without writing anything (the cursor stays)")
    .option("--json", "print the report as JSON on stdout")
    .addHelpText(
      "after",
      "\nCredentials come from the environment (see docs). Exit codes: 0 synced, 1 records rejected or the sync failed, 2 missing settings.",
    )
    .action(async (name: ConnectorName, opts: SyncCliOptions) => {
      const config = loadConfig();
      const connector = connectorFromConfig(name, config);
      const app = await createApp(config);
      let report: SyncReport;
      try {
        report = await runSync(app, connector, {
          full: opts.full === true,
          dryRun: opts.dryRun === true,
          onFailure: adminFailureReporter(app, {}),
          onPage: (p) => err(`page ${p.number}: +${p.inserted} ~${p.updated} =${p.unchanged} ✗${p.rejected}`),
        });
      } finally {
        await closeApp(app);
      }
      for (const r of report.rejections) err(`rejected ${r.external_id ?? "(no id)"}: ${r.reason}`);
      out(opts.json === true ? JSON.stringify(report, null, 2) : formatSyncReport(report));
      process.exitCode = report.rejected > 0 ? EXIT.failure : EXIT.ok;
    });
}
