import { problemReply } from "../../src/commands/explain-problem.js";
import type { BreakdownRow } from "../../src/kpi/types.js";
import { kpiReply } from "../../src/reply/kpi-reply.js";
import { userText } from "../../src/reply/markup.js";
import type { Reply, ReplyBlock } from "../../src/reply/types.js";
import { surveyMessage } from "../../src/surveys/card.js";
import type { Survey } from "../../src/surveys/types.js";
import { fcrResult, mttrResult } from "../charts/fixtures.js";

/**
 * The shared Reply fixtures every renderer is tested with (test/reply/renderers.test.ts): Slack Block
 * Kit, the Teams Adaptive Card, the playground's HTML and the CLI's text. Most are built by the core's
 * own builders, so they carry the markup the core really writes.
 */
export interface ReplyFixture {
  name: string;
  reply: Reply;
  /** Texts every renderer must show (the headline number first). */
  shows: string[];
  /** Texts the core wrote as `**bold**`: shown bold, never with the stars. */
  bold: string[];
  /** People's text (data, titles, prompts): shown exactly as typed, never as a mention, a link or markup. */
  userTexts: string[];
}

/** What people may type or import: Slack mentions and links, Markdown, a URL. */
export const HOSTILE = {
  mention: "<@U123>",
  channel: "<!channel>",
  slackLink: "<https://evil.example/login|click me>",
  markdownLink: "[click](https://evil.example/a)",
  url: "https://evil.example/reset",
  stars: "*Admins*",
  www: "www.evil.example",
} as const;

const NB = "\u00a0";

function row(key: string, value: number, n: number, status: BreakdownRow["status"]): BreakdownRow {
  return { key, value, n, previous: value - 1, change: 1, impact: 0.2, target: 70, status };
}

const hostileRows: BreakdownRow[] = [
  row("Service Desk N1", 78.4, 410, "on_target"),
  row(HOSTILE.mention, 71.2, 96, "watch"),
  row(HOSTILE.channel, 65.0, 80, "off_target"),
  row(HOSTILE.stars, 74.0, 77, "on_target"),
  row(HOSTILE.slackLink, 70.5, 61, "watch"),
  row(HOSTILE.markdownLink, 72.0, 55, "on_target"),
  row(HOSTILE.url, 69.9, 52, "off_target"),
];

/** A KPI answer: headline, comparison, target and status, the trend chart, next-question buttons. */
const kpiAnswer: ReplyFixture = {
  name: "KPI answer (English)",
  reply: kpiReply(fcrResult(), "en"),
  shows: [`74.2${NB}%`, "First contact resolution", `72.1${NB}%`, "1,234"],
  bold: [],
  userTexts: [],
};

/** A breakdown whose keys come from imported data: mentions, links, Markdown and stars among them. */
const breakdown: ReplyFixture = {
  name: "breakdown by group with hostile group names",
  reply: kpiReply(
    fcrResult({ breakdown: { dimension: "group", rows: hostileRows, movers: hostileRows.slice(1, 4), hidden: 0 } }),
    "en",
  ),
  shows: [`74.2${NB}%`, "Service Desk N1", `78.4${NB}%`],
  bold: [],
  userTexts: Object.values(HOSTILE).filter((h) => h !== HOSTILE.www),
};

/** A French answer (decimal comma, French words). */
const frenchAnswer: ReplyFixture = {
  name: "KPI answer (French)",
  reply: kpiReply(mttrResult(), "fr"),
  shows: ["30,5", "Délai moyen de résolution"],
  bold: [],
  userTexts: [],
};

const survey: Survey = {
  id: 42,
  title: `Pulse Q4 ${HOSTILE.channel} *team*`,
  kind: "ticket",
  audience: "users",
  anonymous: true,
  status: "open",
  resultsVisibility: "after_close",
  opensAt: new Date("2026-11-02T08:00:00Z"),
  closesAt: new Date("2026-11-09T17:00:00Z"),
  closedAt: null,
  recurrence: null,
  reminderAt: null,
  remindedAt: null,
  parentId: null,
  locale: "en",
  createdBy: "slack:U0ADMIN",
  conversationRefId: 1,
  createdAt: new Date("2026-11-01T08:00:00Z"),
  questions: [
    { id: 1, position: 1, type: "csat", prompt: `How did ${HOSTILE.mention} do? ${HOSTILE.url}` },
    { id: 2, position: 2, type: "nps", prompt: "Would you recommend the service desk" },
    { id: 3, position: 3, type: "text", prompt: `Anything else ${HOSTILE.markdownLink} ${HOSTILE.www}` },
  ],
};

/** A survey card: bold question lines written by the core, people's text in the title, prompts and ticket. */
const surveyCard: ReplyFixture = {
  name: "survey card",
  reply: surveyMessage(survey, {
    timezone: "Europe/Paris",
    now: new Date("2026-11-02T09:00:00Z"),
    ticket: { id: 7, ref: "INC-0042", title: `VPN down ${HOSTILE.slackLink}` },
  }),
  shows: ["Pulse Q4", "INC-0042"],
  bold: [`1. How did ${HOSTILE.mention} do? ${HOSTILE.url}`, "2. Would you recommend the service desk"],
  userTexts: [HOSTILE.channel, "*team*", HOSTILE.mention, HOSTILE.url, HOSTILE.markdownLink, HOSTILE.slackLink],
};

/** What kpibot says when it does not understand, in French: bold-free, with code the user can copy. */
const frenchProblem: ReplyFixture = {
  name: "problem reply (French)",
  reply: problemReply({ code: "unknown_kpi", words: ["fcx"], suggestions: ["fcr"], understood: [] }, "fr"),
  shows: ["fcx", "fcr"],
  bold: [],
  userTexts: [],
};

/** A reply past every platform limit: 70 blocks, a 7,000-character text, 30 fields, 30 buttons. */
function longReply(): Reply {
  // Mostly bold lines, so that the Teams text limit (3,000 characters) falls inside a bold span.
  const lines = Array.from(
    { length: 140 },
    (_, i) => `• Group ${i + 1}: **${50 + (i % 40)} tickets waiting for a technician** ${userText("<!here>")}`,
  );
  const blocks: ReplyBlock[] = [
    { type: "header", text: "Backlog — 1,234 open tickets" },
    { type: "fields", fields: Array.from({ length: 30 }, (_, i) => ({ label: `Field ${i + 1}`, value: `${i}` })) },
    { type: "text", text: lines.join("\n") },
    ...Array.from({ length: 70 }, (_, i): ReplyBlock => ({ type: "context", text: `Note ${i + 1}` })),
    {
      type: "actions",
      actions: Array.from({ length: 30 }, (_, i) => ({
        actionId: "kpi.breakdown",
        label: `Group ${i + 1}`,
        value: `backlog for group=${i + 1}`,
      })),
    },
  ];
  return { locale: "en", fallback: `Backlog — 1,234 open tickets\n${lines.slice(0, 3).join("\n")}`, blocks };
}

const longList: ReplyFixture = {
  name: "long list past the platforms' limits",
  reply: longReply(),
  shows: ["1,234", "Group 1:"],
  bold: ["50 tickets waiting for a technician"],
  userTexts: ["<!here>"],
};

/** Every fixture, in the order the tests report them. */
export const REPLY_FIXTURES: readonly ReplyFixture[] = [
  kpiAnswer,
  breakdown,
  frenchAnswer,
  surveyCard,
  frenchProblem,
  longList,
];
