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

/** Removes the password from a database URL so it can be logged. */
export function safeUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/** Creates the process logger (JSON on stderr, secrets redacted). */
export function createLogger(level = "info", destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, destination);
}

export type { Logger };
