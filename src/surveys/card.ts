import { type Locale, t } from "../i18n/index.js";
import { userText } from "../reply/markup.js";
import type { Reply, ReplyAction, ReplyBlock } from "../reply/types.js";
import { formatUntil } from "./format.js";
import type { Question, Survey } from "./types.js";

/** Action ids of survey buttons (the `survey.` prefix routes them to this module). */
export const SURVEY_ACTIONS = {
  answer: "survey.answer",
  comment: "survey.comment",
  post: "survey.post",
  results: "survey.results",
} as const;

/** Teams shows at most 6 buttons per row: longer scales (NPS 0–10) are split into rows of this size. */
const MAX_BUTTONS_PER_ROW = 6;

const CSAT_FACES = ["😞", "🙁", "😐", "🙂", "😀"];

/** The value of an answer button: `<surveyId>:<questionId>:<score>`, plus `:<ticketId>` for ticket surveys. */
export function answerValue(surveyId: number, questionId: number, score: number, ticketId?: number): string {
  return ticketId === undefined
    ? `${surveyId}:${questionId}:${score}`
    : `${surveyId}:${questionId}:${score}:${ticketId}`;
}

function rows(actions: ReplyAction[]): ReplyBlock[] {
  const out: ReplyBlock[] = [];
  for (let i = 0; i < actions.length; i += MAX_BUTTONS_PER_ROW) {
    out.push({ type: "actions", actions: actions.slice(i, i + MAX_BUTTONS_PER_ROW) });
  }
  return out;
}

/** The buttons of one question. */
function questionButtons(survey: Survey, q: Question, locale: Locale, ticketId?: number): ReplyBlock[] {
  const button = (score: number, label: string): ReplyAction => ({
    actionId: SURVEY_ACTIONS.answer,
    label,
    value: answerValue(survey.id, q.id, score, ticketId),
  });
  switch (q.type) {
    case "csat":
      return rows([1, 2, 3, 4, 5].map((s) => button(s, `${s} ${CSAT_FACES[s - 1]}`)));
    case "nps":
      return rows(Array.from({ length: 11 }, (_, s) => button(s, String(s))));
    case "yes_no":
      return rows([button(1, t(locale, "surveys:card.yes")), button(0, t(locale, "surveys:card.no"))]);
    case "text":
      return rows([
        {
          actionId: SURVEY_ACTIONS.comment,
          label: t(locale, "surveys:card.addComment"),
          value: `${survey.id}:${q.id}`,
        },
      ]);
  }
}

/** The words under a question: what the ends of its scale mean. */
function scaleHint(q: Question, locale: Locale): string | undefined {
  if (q.type === "csat") return t(locale, "surveys:card.csatScale");
  if (q.type === "nps") return t(locale, "surveys:card.npsScale");
  return undefined;
}

/** Options of the survey message. */
export interface SurveyMessageOptions {
  timezone: string;
  now: Date;
  /** The reminder version: the same buttons under a reminder header. */
  reminder?: boolean;
  /** A ticket survey: its intro names the ticket and every button carries the ticket id. */
  ticket?: { id: number; ref: string; title: string | null };
  /** The closed version (posted messages are updated to it): no buttons. */
  closed?: boolean;
}

/** The survey as an interactive message: one row of buttons per question, in the survey's own language. */
export function surveyMessage(survey: Survey, opts: SurveyMessageOptions): Reply {
  const locale = survey.locale;
  const until = survey.closesAt
    ? t(locale, "surveys:card.openUntil", { date: formatUntil(survey.closesAt, locale, opts.timezone, opts.now) })
    : t(locale, "surveys:card.openNoEnd");
  // Titles, prompts and ticket titles are people's text: shown as text (userText), never as markup.
  const header = `${opts.reminder ? `⏰ ${t(locale, "surveys:card.reminder")} — ` : "📋 "}${userText(survey.title)}`;
  const blocks: ReplyBlock[] = [{ type: "header", text: header }];
  if (opts.ticket) {
    blocks.push({
      type: "text",
      text: t(locale, "surveys:card.ticketIntro", {
        ref: userText(opts.ticket.ref),
        title: userText(opts.ticket.title ?? ""),
      }).replace(/ “”/, ""),
    });
  }
  const privacy = t(locale, survey.anonymous ? "surveys:card.anonymous" : "surveys:card.named");
  blocks.push({ type: "context", text: opts.closed ? t(locale, "surveys:card.closed") : `${privacy} ${until}` });
  survey.questions.forEach((q, i) => {
    const hint = scaleHint(q, locale);
    blocks.push({ type: "text", text: `**${i + 1}. ${userText(q.prompt)}**${hint ? `\n${hint}` : ""}` });
    if (!opts.closed) blocks.push(...questionButtons(survey, q, locale, opts.ticket?.id));
  });
  if (!opts.closed) {
    blocks.push({
      type: "context",
      text: `${t(locale, "surveys:card.change")} · ${t(locale, `surveys:visibility.${survey.resultsVisibility}`)} · #${survey.id}`,
    });
  }
  const fallback = opts.closed
    ? `${userText(survey.title)} — ${t(locale, "surveys:card.closed")}`
    : `${header} — ${survey.questions.map((q) => userText(q.prompt)).join(" / ")}`;
  return { locale, fallback, blocks, ephemeral: false };
}
