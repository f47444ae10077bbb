import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { config as loadDotenv } from "dotenv";
import cron from "node-cron";
import { z } from "zod";
import { parseRateLimit } from "./commands/rate-limit.js";
import { parseIdentity, type UserIdentity } from "./core/identity.js";
import { KpibotError } from "./errors.js";
import { DEFAULT_STALE_AFTER, parseStaleAfter, type StalePolicy } from "./kpi/freshness.js";
import { safeLinkUrl } from "./reply/links.js";

const bool = z
  .enum(["true", "false", "1", "0", "on", "off", "yes", "no"])
  .transform((v) => ["true", "1", "on", "yes"].includes(v));

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as Europe/Paris");

/** A comma-separated list of `platform:id` entries (or bare Slack ids), each checked and parsed once. */
const identityList = z
  .string()
  .default("")
  .transform((s, ctx) => {
    const identities: UserIdentity[] = [];
    for (const entry of s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean)) {
      const parsed = parseIdentity(entry);
      if (parsed.ok) identities.push(parsed.identity);
      else ctx.addIssue({ code: "custom", message: parsed.error });
    }
    return identities;
  });

/**
 * Whether a ticket link template is an absolute http(s) URL with one `{id}` (the only part kpibot fills in), made
 * of characters every chat's link syntax takes as they are (src/reply/links.ts): a template the renderers would
 * refuse to link is refused here, where the admin sees why.
 */
function isTicketUrlTemplate(v: string): boolean {
  if (v.split("{id}").length !== 2 || !safeLinkUrl(v.replace("{id}", "1"))) return false;
  try {
    const url = new URL(v.replace("{id}", "1"));
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** Every environment variable kpibot reads; the README's configuration table mirrors this. */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default("file:./data/kpibot.db")
    .refine((u) => u.startsWith("file:") || /^postgres(ql)?:\/\//.test(u), {
      message: "must start with file: (SQLite) or postgresql:// (PostgreSQL)",
    }),
  // SQLite: worker threads, each with its own read-only connection, that run KPI and other reads off the event loop.
  KPIBOT_DB_READERS: z.coerce.number().int().min(0).max(32).default(2),
  // PostgreSQL: the most connections this replica opens (default: DATABASE_URL's connection_limit, else 10).
  KPIBOT_DB_POOL: z.coerce.number().int().min(1).max(1000).optional(),
  // KPI answers kept per replica, keyed by question and data version (0: no cache).
  KPIBOT_ANSWER_CACHE: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // json: one object per line; pretty: lines for people; auto: pretty when stderr is a terminal, else JSON.
  LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  KPIBOT_TIMEZONE: timezone.default("Europe/Paris"),
  KPIBOT_LOCALE: z.enum(["en", "fr"]).default("en"),
  KPIBOT_CURRENCY: z.string().length(3).default("EUR"),
  KPIBOT_SEED_DEMO: bool.default(true),
  KPIBOT_PLAYGROUND: z.enum(["auto", "on", "off"]).default("auto"),
  // Parsed once into (platform, id): a bare id is a Slack user id only (docs/security.md).
  KPIBOT_ADMINS: identityList,
  // Interactive commands per user and replica: N per S seconds, or off (a flood from one user cannot starve others).
  KPIBOT_RATE_LIMIT: z
    .string()
    .default("30/10s")
    .transform((v, ctx) => {
      const parsed = parseRateLimit(v);
      if (!parsed)
        ctx.addIssue({ code: "custom", message: "must be N/Ss (e.g. 30/10s: 30 interactions per 10 seconds) or off" });
      return parsed ?? "off";
    }),
  KPIBOT_SECRET: z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 32)").optional(),
  KPIBOT_PUBLIC_URL: z.url().optional(),
  KPIBOT_CHARTS: z.enum(["local", "quickchart"]).default("local"),
  QUICKCHART_URL: z.url().optional(),
  // Slack (adapters/slack): bot token + signing secret enable HTTP mode; an app token switches to Socket Mode.
  SLACK_BOT_TOKEN: z.string().startsWith("xoxb-", "must be a bot token starting with xoxb-").optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().startsWith("xapp-", "must be an app-level token starting with xapp-").optional(),
  SLACK_API_URL: z.url().optional(),
  // Mattermost (adapters/mattermost): the server URL and the bot account's token post and look up; the slash
  // command's token (one per team where /kpi is installed, comma-separated) authenticates /mattermost/command.
  MATTERMOST_URL: z.url().optional(),
  MATTERMOST_BOT_TOKEN: z.string().min(1).optional(),
  MATTERMOST_COMMAND_TOKEN: z
    .string()
    .optional()
    .transform((s) =>
      (s ?? "")
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  // Matrix / Tchap (adapters/matrix): a bot account on any homeserver, with an access token obtained once
  // (never a login per call); requests paced to MATRIX_MIN_INTERVAL_MS apart (Tchap asks bots for about 1/s).
  MATRIX_HOMESERVER_URL: z.url().optional(),
  MATRIX_ACCESS_TOKEN: z.string().min(1).optional(),
  MATRIX_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // Microsoft Teams (adapters/teams): with no app id the endpoint runs in local emulator mode.
  MICROSOFT_APP_ID: z.string().min(1).optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  MICROSOFT_APP_TYPE: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("MultiTenant"),
  // Without MICROSOFT_APP_ID the Teams route is not mounted unless this switch is on (loopback callers only).
  KPIBOT_TEAMS_EMULATOR: bool.default(false),
  // Entra ID tenants whose Teams activities are answered (empty: any tenant the Bot Framework vouches for).
  KPIBOT_TEAMS_TENANTS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
    ),
  // How old a source's data may get before answers flag it and the admin channel is told (docs/numbers.md):
  // an age (2d, 12h, 90m, 1w) or off, then optionally per source (`2d,costs=40d,time=off`).
  KPIBOT_STALE_AFTER: z
    .string()
    .default(DEFAULT_STALE_AFTER)
    .transform((v, ctx): StalePolicy => {
      const parsed = parseStaleAfter(v);
      if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
      return typeof parsed === "string" ? { base: null, sources: {} } : parsed;
    }),
  // The ITSM tool's page of one ticket, `{id}` standing for its id (links in the rows behind a number).
  KPIBOT_TICKET_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || isTicketUrlTemplate(v), {
      message:
        "must be an http(s) URL with {id} where the ticket id goes, e.g. https://glpi.example.org/front/ticket.form.php?id={id} (percent-encode spaces, quotes, parentheses, brackets, < > and |)",
    }),
  // Digests, alerts and surveys.
  KPIBOT_ADMIN_CHANNEL: z.string().optional(),
  KPIBOT_DIGEST_CATCHUP: z.string().default("6h"),
  KPIBOT_TICKET_SURVEYS: z.enum(["on", "off"]).default("off"),
  KPIBOT_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  // GET /metrics: a Bearer token any scraper must send (unset: loopback callers only), and an optional port of its own.
  KPIBOT_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 32)").optional(),
  KPIBOT_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // API connectors (kpibot sync): credentials come from the environment only.
  KPIBOT_SYNC_SCHEDULE: z
    .string()
    .refine((v) => cron.validate(v), "must be a cron expression such as */15 * * * *")
    .optional(),
  GLPI_URL: z.url().optional(),
  GLPI_APP_TOKEN: z.string().min(1).optional(),
  GLPI_USER_TOKEN: z.string().min(1).optional(),
  GLPI_TIMEZONE: timezone.optional(),
  SERVICENOW_URL: z.url().optional(),
  SERVICENOW_USER: z.string().min(1).optional(),
  SERVICENOW_PASSWORD: z.string().min(1).optional(),
  SERVICENOW_TABLE: z
    .string()
    .regex(/^[a-z0-9_]+$/, "must be a table name such as incident")
    .default("incident"),
  JIRA_URL: z.url().optional(),
  JIRA_EMAIL: z.string().min(1).optional(),
  JIRA_API_TOKEN: z.string().min(1).optional(),
  JIRA_JQL: z.string().optional(),
  JIRA_TIMEZONE: timezone.default("UTC"),
});

/** kpibot's parsed configuration. */
export type Config = z.infer<typeof envSchema>;

/** Explains how to fix one invalid variable. */
function explain(issue: z.core.$ZodIssue): string {
  const name = issue.path.join(".");
  return `  ${name}: ${issue.message}`;
}

/**
 * Parses the environment (and `.env` in the working directory when present) once.
 * Throws a CONFIG_INVALID error naming each bad variable and what would work.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { dotenv?: boolean } = {}): Config {
  let source = env;
  if (opts.dotenv !== false && existsSync(resolve(".env"))) {
    const parsed: Record<string, string> = {};
    loadDotenv({ path: resolve(".env"), processEnv: parsed, quiet: true });
    source = { ...parsed, ...env };
  }
  // Empty strings mean "not set", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new KpibotError(
      "CONFIG_INVALID",
      `Invalid configuration — fix these environment variables (or .env):\n${result.error.issues.map(explain).join("\n")}`,
    );
  }
  return result.data;
}
