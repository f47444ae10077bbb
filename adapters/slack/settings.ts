import type { Config } from "../../src/config.js";
import { KpibotError } from "../../src/errors.js";

/** How kpibot talks to Slack: over the shared HTTP server, or over Socket Mode (no public URL). */
export type SlackMode = "http" | "socket";

/** The Slack settings the adapter runs with, checked for consistency. */
export interface SlackSettings {
  mode: SlackMode;
  botToken: string;
  /** Required in HTTP mode; Socket Mode does not sign requests. */
  signingSecret?: string;
  /** Socket Mode only (xapp-…, with the connections:write scope). */
  appToken?: string;
  /** Web API base URL, always ending with "/" (tests and proxies override it). */
  apiUrl: string;
}

const DEFAULT_API_URL = "https://slack.com/api/";

/**
 * Reads the Slack variables: undefined when Slack is not configured at all, otherwise the
 * settings. Inconsistent settings throw CONFIG_INVALID saying exactly what to set.
 */
export function slackSettings(config: Config): SlackSettings | undefined {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = config;
  if (!botToken && !signingSecret && !appToken) return undefined;
  const apiUrl = withSlash(config.SLACK_API_URL ?? DEFAULT_API_URL);
  if (!botToken) {
    const given = [signingSecret ? "SLACK_SIGNING_SECRET" : "", appToken ? "SLACK_APP_TOKEN" : ""].filter(Boolean);
    throw new KpibotError(
      "CONFIG_INVALID",
      `Slack is half configured: ${given.join(" and ")} set but SLACK_BOT_TOKEN is missing. Set SLACK_BOT_TOKEN to the ` +
        `app's "Bot User OAuth Token" (xoxb-…, Slack app settings → OAuth & Permissions), or unset the Slack variables.`,
    );
  }
  if (appToken) return { mode: "socket", botToken, appToken, apiUrl, ...(signingSecret ? { signingSecret } : {}) };
  if (!signingSecret) {
    throw new KpibotError(
      "CONFIG_INVALID",
      "SLACK_BOT_TOKEN is set but Slack cannot be reached: set SLACK_SIGNING_SECRET (Slack app settings → Basic " +
        "Information → Signing Secret) to receive Slack over HTTP at POST /slack/events, or set SLACK_APP_TOKEN " +
        "(an xapp-… app-level token with connections:write) to use Socket Mode instead.",
    );
  }
  return { mode: "http", botToken, signingSecret, apiUrl };
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
