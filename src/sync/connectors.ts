import type { Config } from "../config.js";
import { KpibotError } from "../errors.js";
import { glpiConnector } from "./glpi.js";
import { jiraConnector } from "./jira.js";
import { serviceNowConnector } from "./servicenow.js";
import { CONNECTORS, type Connector, type ConnectorDeps, type ConnectorName } from "./types.js";

// The variables each connector needs, in the order the error message names them.
const NEEDS: Record<ConnectorName, (keyof Config)[]> = {
  glpi: ["GLPI_URL", "GLPI_APP_TOKEN", "GLPI_USER_TOKEN"],
  servicenow: ["SERVICENOW_URL", "SERVICENOW_USER", "SERVICENOW_PASSWORD"],
  jira: ["JIRA_URL", "JIRA_EMAIL", "JIRA_API_TOKEN"],
};

/** The connectors whose variables are all set. */
export function configuredConnectors(config: Config): ConnectorName[] {
  return CONNECTORS.filter((name) => NEEDS[name].every((k) => Boolean(config[k])));
}

/** Builds a connector from the environment; throws CONFIG_INVALID naming the variables to set. */
export function connectorFromConfig(name: ConnectorName, config: Config, deps: ConnectorDeps = {}): Connector {
  const missing = NEEDS[name].filter((k) => !config[k]);
  if (missing.length > 0)
    throw new KpibotError(
      "CONFIG_INVALID",
      `kpibot sync ${name} needs ${missing.join(", ")} in the environment (or .env)`,
    );
  const s = (k: keyof Config) => String(config[k]);
  switch (name) {
    case "glpi":
      return glpiConnector(
        {
          url: s("GLPI_URL"),
          appToken: s("GLPI_APP_TOKEN"),
          userToken: s("GLPI_USER_TOKEN"),
          timezone: config.GLPI_TIMEZONE ?? config.KPIBOT_TIMEZONE,
        },
        deps,
      );
    case "servicenow":
      return serviceNowConnector(
        {
          url: s("SERVICENOW_URL"),
          user: s("SERVICENOW_USER"),
          password: s("SERVICENOW_PASSWORD"),
          table: config.SERVICENOW_TABLE,
        },
        deps,
      );
    case "jira":
      return jiraConnector(
        {
          url: s("JIRA_URL"),
          email: s("JIRA_EMAIL"),
          apiToken: s("JIRA_API_TOKEN"),
          jql: config.JIRA_JQL,
          timezone: config.JIRA_TIMEZONE,
        },
        deps,
      );
  }
}
