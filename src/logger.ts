import { type Logger, pino } from "pino";

/** Paths whose values never reach the logs (tokens, secrets, signatures, passwords in URLs). */
export const REDACT_PATHS = [
  "*.token",
  "*.botToken",
  "*.signingSecret",
  "*.appToken",
  "*.password",
  "*.secret",
  "*.authorization",
  "*.Authorization",
  "headers.authorization",
  "headers.cookie",
  'headers["x-slack-signature"]',
  "req.headers.authorization",
  "config.SLACK_BOT_TOKEN",
  "config.SLACK_SIGNING_SECRET",
  "config.SLACK_APP_TOKEN",
  "config.MICROSOFT_APP_PASSWORD",
  "config.KPIBOT_SECRET",
  "config.KPIBOT_WEBHOOK_SECRET",
  "config.GLPI_APP_TOKEN",
  "config.GLPI_USER_TOKEN",
  "config.SERVICENOW_PASSWORD",
  "config.JIRA_API_TOKEN",
  'headers["app-token"]',
  'headers["session-token"]',
  'headers["x-kpibot-signature"]',
  "config.DATABASE_URL",
];

// `scheme://userinfo@host`: the userinfo runs to the last @ before the host (a password with a raw @ is
// still hidden whole) and cannot hold / ? # or whitespace; quotes and backslashes end it too, so inside a
// JSON log line the match never leaves the string it is in.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'\\<>]+)@/gi;
// Query parameters that carry credentials (access tokens, API keys, signed-link signatures).
const SECRET_PARAMS =
  /([?&](?:access_token|refresh_token|id_token|token|api_?key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|session_token|auth)=)[^&#\s"'\\]+/gi;

/**
 * Strips credentials from every URL in a text: `user:password@` becomes `user:***@`, a bare `token@` becomes
 * `***@`, and the values of credential query parameters (`?token=`, `&sig=`…) become `***`.
 */
export function redactUrlCredentials(text: string): string {
  return text
    .replace(URL_USERINFO, (_, scheme: string, info: string) => {
      const colon = info.indexOf(":");
      return `${scheme}${colon < 0 ? "***" : `${info.slice(0, colon)}:***`}@`;
    })
    .replace(SECRET_PARAMS, "$1***");
}

/** Removes the credentials from a URL (a database URL's password, say) so it can be shown or logged. */
export function safeUrl(url: string): string {
  return redactUrlCredentials(url);
}

/**
 * Creates the process logger (JSON on stderr, secrets redacted). Besides the redacted paths, every line is
 * passed through redactUrlCredentials before it is written: a URL with a password reaches the logs from
 * places no path list can name (a pg or fetch error's message and stack, a `cause`, a URL inside a message).
 */
export function createLogger(level = "info", destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" }, hooks: { streamWrite: redactUrlCredentials } },
    destination,
  );
}

export type { Logger };
