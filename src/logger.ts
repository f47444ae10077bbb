import { type DestinationStream, type Logger, pino } from "pino";
import { prettyFactory } from "pino-pretty";

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

/** How log lines are written: `json` (one object per line), `pretty` (for people), `auto` (pretty on a terminal). */
export type LogFormat = "auto" | "json" | "pretty";

/**
 * Creates the process logger (on stderr, secrets redacted). JSON unless `format` says `pretty`, or says `auto`
 * and the destination is a terminal: a person running `npm start` reads lines, a log collector reads JSON.
 * Besides the redacted paths, every line is passed through redactUrlCredentials before it is written: a URL with
 * a password reaches the logs from places no path list can name (a pg or fetch error's message and stack, a
 * `cause`, a URL inside a message). Pretty lines are made from the redacted JSON, so they hide the same.
 */
export function createLogger(
  level = "info",
  destination: NodeJS.WritableStream = process.stderr,
  format: LogFormat = "auto",
): Logger {
  const pretty = format === "pretty" || (format === "auto" && isTerminal(destination));
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" }, hooks: { streamWrite: redactUrlCredentials } },
    pretty ? prettyDestination(destination, useColors(destination)) : destination,
  );
}

/** Log objects with `highlight: true` are the lines a person starting kpibot looks for (the playground URL). */
export const HIGHLIGHT = { highlight: true } as const;

/** Whether a stream is a terminal (process.stderr when run from a shell, not when piped or under a supervisor). */
function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** Colours on a terminal unless NO_COLOR is set (no-color.org) or the terminal is dumb; FORCE_COLOR forces them. */
function useColors(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTerminal(stream) && env.TERM !== "dumb";
}

/**
 * A pino destination that turns each JSON line into pino-pretty's human line and writes it at once. Synchronous
 * (prettyFactory, not pino-pretty's stream or a worker transport), so nothing is queued when kpibot exits.
 */
function prettyDestination(out: NodeJS.WritableStream, colorize: boolean): DestinationStream {
  const prettify = prettyFactory({
    colorize,
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname,highlight",
    singleLine: true,
    messageFormat: (log, messageKey, _level, { colors }) => {
      const message = String(log[messageKey] ?? "");
      if (log.highlight !== true) return message;
      // The line to act on stands out: an arrow, bold magenta (other messages are cyan), URLs underlined.
      const underlined = message.replace(/https?:\/\/\S+/g, (url) => colors.underline(url));
      return colors.bold(colors.magenta(`➜  ${underlined}`));
    },
  });
  return { write: (line: string) => void out.write(prettify(line)) };
}

export type { Logger };
