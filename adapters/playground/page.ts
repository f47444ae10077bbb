import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../../src/config.js";
import { type Locale, t } from "../../src/i18n/index.js";
import { packageRoot } from "../../src/paths.js";
import { escapeHtml, markupToHtml } from "../../src/reply/html.js";

/** Where the page's static files live (shipped as source: no front-end build step). */
export const STATIC_DIR = join(packageRoot, "adapters", "playground", "static");

/** Example questions shown as chips: the same KPIs asked in English and in French. */
export const EXAMPLES: Readonly<Record<Locale, readonly string[]>> = {
  en: [
    "fcr last month",
    "sla q3 by group",
    "mttr this month vs last month",
    "backlog this month",
    "explain fcr",
    "help",
  ],
  fr: ["mttr mois dernier", "sla t3 par groupe", "escalade ce mois", "volume mois dernier par canal", "aide"],
};

/** The strings the page's script needs (the rest is rendered into the HTML). */
const SCRIPT_STRINGS = [
  "you",
  "bot",
  "thinking",
  "errorNetwork",
  "errorServer",
  "adminGranted",
  "adminRefused",
] as const;

/** Replaces `{{key}}` (escaped) and `{{{key}}}` (trusted HTML) placeholders; an unknown key is a bug. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\{?)([\w.]+)\}?\}\}/g, (_m, raw: string, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`playground template: no value for ${key}`);
    return raw ? value : escapeHtml(value);
  });
}

/** The page's language: `?lang=`, else the browser's first Accept-Language, else KPIBOT_LOCALE. */
export function pageLocale(query: string | undefined, acceptLanguage: string | undefined, fallback: Locale): Locale {
  const pick = (v: string | undefined): Locale | undefined => {
    const lang = v?.trim().slice(0, 2).toLowerCase();
    return lang === "en" || lang === "fr" ? lang : undefined;
  };
  return pick(query) ?? pick(acceptLanguage?.split(",")[0]) ?? fallback;
}

/** Links that switch the page (and the replies' language) between English and French. */
function languageLinks(current: Locale): string {
  const link = (locale: Locale, name: string) =>
    `<a href="/?lang=${locale}" lang="${locale}"${locale === current ? ' aria-current="page"' : ""}>${name}</a>`;
  return `${link("en", "English")} · ${link("fr", "Français")}`;
}

function chips(examples: readonly string[]): string {
  return examples
    .map((q) => `<li><button type="button" class="kb-chip" data-text="${escapeHtml(q)}">${escapeHtml(q)}</button></li>`)
    .join("");
}

let template: string | undefined;

/** Renders the chat page in a language, saying which platforms are configured and whether Teams view exists. */
export function renderPage(locale: Locale, config: Config, opts: { teamsView: boolean }): string {
  template ??= readFileSync(join(STATIC_DIR, "index.html"), "utf8");
  const p = (key: string, vars?: Record<string, unknown>) => t(locale, `playground:${key}`, vars);
  const state = (on: boolean) => p(on ? "configured" : "notConfigured");
  const slackOn = Boolean(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
  const teamsOn = Boolean(config.MICROSOFT_APP_ID);
  // The script fills in "%status%" itself (the HTTP status of a failed request).
  const strings = Object.fromEntries(SCRIPT_STRINGS.map((k) => [k, p(k, { status: "%status%" })]));
  const keys = [
    "title",
    "tagline",
    "conversation",
    "inputLabel",
    "placeholder",
    "send",
    "inputHint",
    "examples",
    "examplesEn",
    "examplesFr",
    "view",
    "viewSlack",
    "viewTeams",
    "viewMattermost",
    "viewElement",
    "you",
    "bot",
    "connectTitle",
    "connectIntro",
    "connectSlack",
    "connectTeams",
    "health",
    "language",
  ];
  return fillTemplate(template, {
    ...Object.fromEntries(keys.map((k) => [k, p(k)])),
    lang: locale,
    teamsView: opts.teamsView ? "on" : "off",
    slackState: state(slackOn),
    teamsState: state(teamsOn),
    welcome: markupToHtml(p("welcome")),
    languageLinks: languageLinks(locale),
    examplesEnHtml: chips(EXAMPLES.en),
    examplesFrHtml: chips(EXAMPLES.fr),
    // Escaped into a data attribute, read back with JSON.parse by the page's script.
    strings: JSON.stringify(strings),
  });
}
