import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReplyHtml } from "../../adapters/playground/render-html.js";
import { type Mrkdwn, renderReply } from "../../adapters/slack/render/blocks.js";
import { renderAdaptiveCard, summaryOf } from "../../adapters/teams/render/card.js";
import { handleInteraction } from "../../src/commands/index.js";
import { fixedClock } from "../../src/core/clock.js";
import type { Interaction } from "../../src/core/interaction.js";
import { ACTION_IDS } from "../../src/reply/commands.js";
import { renderText } from "../../src/reply/render-text.js";
import type { Reply } from "../../src/reply/types.js";
import { insertRows } from "../../src/store/bulk.js";
import { SURVEY_ACTIONS } from "../../src/surveys/card.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { recordingMessenger } from "../surveys/helpers.js";

/**
 * What 100,000 fuzzed commands found: text a user typed (or a ticketing tool sent) came back as live
 * links and mentions. Each hostile text below goes through the real core in every place kpibot echoes
 * what it was given, and every reply is rendered by every renderer: no link, mention or HTML element
 * may come out of it, and the text must still read as typed.
 */
const HOSTILE = [
  "<https://evil.example/login|click>",
  "[click here](https://evil.example/login)",
  "https://evil.example/login",
  "www.evil.example",
  "<!channel> <!here>",
  "<@U123> @channel @here",
  "<a href=https://evil.example/login>x</a>",
  "<img src=x onerror=alert(1)>",
  "**bold** *b* _it_ ~s~",
  "`code` ``",
];

/** An interaction without its conversation (each one gets a fresh channel). */
type Sent = Interaction extends infer I ? (I extends Interaction ? Omit<I, "conversation"> : never) : never;

const ADMIN = { platform: "slack" as const, id: "UADMIN" };
const VIEWER = { platform: "slack" as const, id: "U1" };

/** The Slack mrkdwn objects of a message (sections, fields, context elements). */
function mrkdwnObjects(reply: Reply): Mrkdwn[] {
  return renderReply(reply).blocks.flatMap((b): Mrkdwn[] => {
    if (b.type === "section") return [...(b.text ? [b.text] : []), ...(b.fields ?? [])];
    if (b.type === "context") return b.elements;
    return [];
  });
}

/** Slack: no `<http…>`, `<!…>`, `<@…>` or `<#…>` survives escaping, and Slack is told not to auto-link or mention. */
function slackProblems(reply: Reply): string[] {
  const objects = mrkdwnObjects(reply);
  const texts = [...objects.map((o) => o.text), renderReply(reply).text];
  return [
    ...texts.filter((t) => /<(?:https?:|mailto:|www\.|[!@#])/i.test(t)).map((t) => `slack link/mention: ${t}`),
    ...objects.filter((o) => o.verbatim !== true).map((o) => `slack text object not verbatim: ${o.text}`),
  ];
}

/** Every string of the card Teams reads as Markdown or shows as text (not the submit data, never shown). */
function cardTexts(value: unknown, key = ""): string[] {
  if (typeof value === "string") return ["text", "title", "value", "fallbackText"].includes(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => cardTexts(v, key));
  if (value && typeof value === "object" && key !== "data") {
    return Object.entries(value).flatMap(([k, v]) => cardTexts(v, k));
  }
  return [];
}

/**
 * Teams: no Markdown link (`](`) in what the card reads as Markdown, and no URL Teams would auto-link
 * (`://` and `www.` stay broken) there or in the plain-text notification summary.
 */
function teamsProblems(reply: Reply): string[] {
  const markdown = cardTexts(renderAdaptiveCard(reply).card);
  return [
    ...markdown.filter((t) => /\]\(|:\/\/|www\./i.test(t)).map((t) => `teams link: ${t}`),
    ...[summaryOf(reply)].filter((t) => /:\/\/|www\./i.test(t)).map((t) => `teams summary link: ${t}`),
  ];
}

const TAG = /<\/?([a-zA-Z][\w-]*)((?:\s[^<>]*)?)>/g;
/** One attribute and its value (values are quoted and escaped by the renderer, so `"` ends them). */
const ATTRIBUTE = /\s([^\s"'=<>]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?/g;
const ALLOWED_TAGS = new Set([
  ...["article", "p", "h3", "div", "dl", "dt", "dd", "code", "pre", "strong", "em", "del", "span", "br", "hr"],
  ...["figure", "figcaption", "button"],
]);

/**
 * Playground HTML: text is escaped, so every `<` left in the output opens an element the renderer wrote;
 * none may be a link, an image or a script, and no attribute may be a URL or an event handler.
 */
function htmlProblems(reply: Reply): string[] {
  const html = renderReplyHtml(reply);
  const problems: string[] = [];
  for (const [tag, name = "", attributes = ""] of html.matchAll(TAG)) {
    if (!ALLOWED_TAGS.has(name.toLowerCase())) problems.push(`html element: ${tag}`);
    for (const [, attribute = ""] of attributes.matchAll(ATTRIBUTE)) {
      if (/^(?:href|src|srcset|action|formaction|style|on.*)$/i.test(attribute))
        problems.push(`html attribute: ${tag}`);
    }
  }
  if (html.replace(TAG, "").includes("<")) problems.push(`html: a < that is not an element: ${html}`);
  return problems;
}

/** The text a reader sees in the playground: elements dropped, entities read. */
function visibleHtml(reply: Reply): string {
  return renderReplyHtml(reply)
    .replace(/<br>/g, "\n")
    .replace(TAG, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The text a reader sees in Teams: bold marks dropped, escapes read, word joiners invisible. */
function visibleCard(reply: Reply): string {
  return cardTexts(renderAdaptiveCard(reply).card)
    .join("\n")
    .replace(/(?<!\\)\*\*/g, "")
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/\u2060/g, "");
}

describe.each(await testProviders())("user text is text on every surface (%s)", (provider) => {
  let t: TestApp;
  let seq = 0;
  beforeAll(async () => {
    t = await createTestApp(provider, {
      clock: fixedClock(new Date("2026-11-15T10:00:00Z")),
      env: {
        KPIBOT_ADMINS: "slack:UADMIN",
        KPIBOT_SEED_DEMO: "false",
        KPIBOT_SECRET: "user-text-test-secret-0123456789",
      },
    });
    t.app.messengers.slack = recordingMessenger();
    // Data from a ticketing tool is not kpibot's text either: each hostile text is a support group.
    const october = new Date("2026-10-12T08:00:00Z");
    const rows = HOSTILE.map((group, i) => [
      `UT${i}`,
      "incident",
      "VPN",
      3,
      "phone",
      group,
      october,
      new Date(october.getTime() + 3_600_000),
      1,
      i % 2 === 0,
      october,
      october,
    ]);
    const columns = ["external_id", "kind", "service", "priority", "channel", "group_name", "opened_at"];
    columns.push("resolved_at", "support_level", "first_contact_resolution", "created_at", "updated_at");
    await t.app.db.transaction((tx) => insertRows(tx, "tickets", columns, rows));
  });
  afterAll(async () => t.close());

  const send = (interaction: Sent): Promise<Reply> =>
    handleInteraction(t.app, {
      ...interaction,
      conversation: { platform: "slack", conversationId: `C${++seq}` },
    });
  const typed = (text: string, user = VIEWER) => send({ kind: "command", text, user });

  /** Every way a user's words come back in a reply, for one hostile text `p`. */
  const echoes: [string, (p: string) => Promise<Reply[]>][] = [
    [
      "a KPI filter (answer, no-data answer)",
      async (p) => [await typed(`fcr 2026-10 for group="${p}"`), await typed(`fcr 2025-01 for group="${p}"`)],
    ],
    [
      "a shared KPI answer, typed and clicked",
      async (p) => [
        await typed(`fcr 2026-10 for group="${p}" share`),
        await send({ kind: "action", actionId: ACTION_IDS.share, value: `fcr 2026-10 for group="${p}"`, user: VIEWER }),
      ],
    ],
    ["breakdown values from the data", async () => [await typed("fcr 2026-10 by group")]],
    [
      "words the parser did not understand",
      async (p) => [
        await typed(p),
        await typed(`fcr ${p}`),
        await typed(`fcr 2026-10 ${p}`),
        await typed(`explain ${p}`),
        await typed(`fcr 2026-10 for "${p}"=x`),
      ],
    ],
    [
      "a crafted button value",
      async (p) => [
        await send({ kind: "action", actionId: SURVEY_ACTIONS.post, value: p, user: ADMIN }),
        await send({ kind: "action", actionId: ACTION_IDS.breakdown, value: p, user: VIEWER }),
      ],
    ],
    ["a target confirmation", async (p) => [await typed(`target fcr 75 for group="${p}"`, ADMIN)]],
    ["a role command's user", async (p) => [await typed(`role grant "${p}" admin`, ADMIN)]],
    [
      "an alert confirmation and list",
      async (p) => [
        await typed(`alert add fcr below 70 for group="${p}"`, ADMIN),
        await typed("alert list", ADMIN),
        await typed(`alert add ${p}`, ADMIN),
      ],
    ],
    [
      "a digest's period and KPIs",
      async (p) => [
        await typed(`digest add daily 08:30 fcr period "${p}"`, ADMIN),
        await typed(`digest add daily 08:30 "${p}"`, ADMIN),
      ],
    ],
    [
      "a survey's title, prompts, list, card, results and comment",
      async (p) => {
        const created = await typed(`survey new "${p}" csat "${p}" yesno "${p}" know "${p}" comment named`, ADMIN);
        const id = /#(\d+)/.exec(created.fallback)?.[1] ?? /(\d+)/.exec(created.fallback)?.[1] ?? "0";
        return [
          created,
          await typed("survey list", ADMIN),
          await typed(`survey show ${id}`, ADMIN),
          await typed(`survey results ${id}`, ADMIN),
          await typed(`survey comment ${id} ${p}`),
          await typed(`survey ${p}`, ADMIN),
        ];
      },
    ],
  ];

  it.each(echoes)("%s: no live link, mention or element on Slack, Teams or the playground", async (_what, echo) => {
    for (const p of HOSTILE) {
      for (const reply of await echo(p)) {
        expect(
          [...slackProblems(reply), ...teamsProblems(reply), ...htmlProblems(reply)],
          `${p}\n${reply.fallback}`,
        ).toEqual([]);
      }
    }
  });

  it("alert and target filters are checked as a question's: a hostile value is refused (as text), nothing stored", async () => {
    const count = async (table: string) =>
      Number((await t.app.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);
    const before = { alerts: await count("alert_rules"), targets: await count("kpi_targets") };
    for (const p of HOSTILE) {
      for (const command of [`alert add fcr below 70 for priority="${p}"`, `target fcr 75 for priority="${p}"`]) {
        const reply = await typed(command, ADMIN);
        expect(renderText(reply), command).toContain("priority is a number");
        expect(renderText(reply), command).toContain(p);
        expect([...slackProblems(reply), ...teamsProblems(reply), ...htmlProblems(reply)], command).toEqual([]);
      }
    }
    expect({ alerts: await count("alert_rules"), targets: await count("kpi_targets") }).toEqual(before);
  });

  it("a refusal names admins by display name as text, whatever name they chose", async () => {
    const name = "[click here](https://evil.example) <!channel>";
    await handleInteraction(t.app, {
      kind: "command",
      text: "whoami",
      user: { ...ADMIN, name },
      conversation: { platform: "slack", conversationId: "C0" },
    });
    const refusal = await typed("target fcr 80");
    expect([...slackProblems(refusal), ...teamsProblems(refusal), ...htmlProblems(refusal)]).toEqual([]);
    expect(renderText(refusal)).toContain(name);
  });

  it.each(HOSTILE)("%s reads as typed in a filter echo, in every rendering", async (p) => {
    for (const reply of [
      await typed(`fcr 2026-10 for group="${p}"`),
      await typed(`fcr 2026-10 for group="${p}" share`),
    ]) {
      expect(reply.blocks[0]?.type).toBe("header");
      expect(renderText(reply)).toContain(p);
      expect(visibleHtml(reply)).toContain(p);
      expect(visibleCard(reply)).toContain(p);
    }
  });

  it.each(HOSTILE)("%s reads as typed in the refusal of a crafted survey button", async (p) => {
    const reply = await send({ kind: "action", actionId: SURVEY_ACTIONS.post, value: p, user: ADMIN });
    expect(renderText(reply)).toContain(p);
    expect(visibleHtml(reply)).toContain(p);
    expect(visibleCard(reply)).toContain(p);
  });

  it.each(HOSTILE)("%s reads as typed in a survey title and prompt", async (p) => {
    const created = await typed(`survey new "${p}" csat "${p}" named`, ADMIN);
    const shown = await typed(`survey show ${/#(\d+)/.exec(created.fallback)?.[1] ?? ""}`, ADMIN);
    for (const reply of [created, shown]) {
      expect(renderText(reply)).toContain(p);
      expect(visibleHtml(reply)).toContain(p);
      expect(visibleCard(reply)).toContain(p);
    }
  });
});
