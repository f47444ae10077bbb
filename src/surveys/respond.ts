import type { App } from "../app.js";
import type { ChatUserRef } from "../core/interaction.js";
import { isKpibotError } from "../errors.js";
import { type Locale, t } from "../i18n/index.js";
import { userText } from "../reply/markup.js";
import type { Reply } from "../reply/types.js";
import { respondentOf } from "./anonymity.js";
import { anonymousTimes } from "./answers.js";
import { SURVEY_ACTIONS } from "./card.js";
import { formatUntil, scoreText } from "./format.js";
import { parseSurveyCommand } from "./parse.js";
import { isAnswerable, type Question, SCORE_RANGE, type Survey } from "./types.js";

/** Who clicked, in which language, when. */
export interface Clicker {
  app: App;
  user: ChatUserRef;
  locale: Locale;
  /** When the click happened (the platform's timestamp): orders a person's clicks. */
  at: Date;
}

/** A private message to the person who clicked. */
export function privateNote(text: string, locale: Locale): Reply {
  return { locale, ephemeral: true, fallback: text, blocks: [{ type: "text", text }] };
}

/** Reads `<surveyId>:<questionId>:<score>[:<ticketId>]`; undefined when malformed. */
export function readAnswerValue(
  value: string,
): { surveyId: number; questionId: number; score: number; ticketId?: number } | undefined {
  const m = /^(\d{1,9}):(\d{1,9}):(\d{1,2})(?::(\d{1,12}))?$/.exec(value);
  if (!m) return undefined;
  return {
    surveyId: Number(m[1]),
    questionId: Number(m[2]),
    score: Number(m[3]),
    ...(m[4] !== undefined ? { ticketId: Number(m[4]) } : {}),
  };
}

/** Why a survey refuses answers now, in words; undefined when it takes them. */
export function refusal(survey: Survey, c: Clicker): string | undefined {
  const serverNow = c.app.clock.now();
  if (isAnswerable(survey, c.at, serverNow)) return undefined;
  const tz = c.app.config.KPIBOT_TIMEZONE;
  if (survey.status === "open" && Math.max(c.at.getTime(), serverNow.getTime()) < survey.opensAt.getTime()) {
    return t(c.locale, "surveys:answer.notYet", {
      title: userText(survey.title),
      date: formatUntil(survey.opensAt, c.locale, tz, c.at),
    });
  }
  const closedAt = survey.closedAt ?? survey.closesAt;
  return closedAt
    ? t(c.locale, "surveys:answer.closedSince", {
        title: userText(survey.title),
        date: formatUntil(closedAt, c.locale, tz, c.at),
      })
    : t(c.locale, "surveys:answer.closed", { title: userText(survey.title) });
}

/** Whether the ticket survey was sent to this person (a forwarded button must not answer for someone else). */
async function isTicketRecipient(app: App, ticketId: number, surveyId: number, user: ChatUserRef): Promise<boolean> {
  return app.repos.ticketSurveys.sentTo(ticketId, surveyId, user.platform, user.id);
}

/** Stores one answer for the clicker and says so privately; every outcome is a message, never silence. */
export async function recordAnswer(
  c: Clicker,
  survey: Survey,
  question: Question,
  answer: { score: number | null; text: string | null; ticketId?: number },
): Promise<Reply> {
  const refused = refusal(survey, c);
  if (refused) return privateNote(`⛔ ${refused}`, c.locale);
  let respondent: ReturnType<typeof respondentOf>;
  try {
    respondent = respondentOf(survey, c.user, c.app.config.KPIBOT_SECRET, answer.ticketId);
  } catch (err) {
    if (!isKpibotError(err, "CONFIG_INVALID")) throw err;
    c.app.logger.error({ surveyId: survey.id }, "survey: anonymous answer refused, KPIBOT_SECRET is not set");
    return privateNote(`⚠️ ${t(c.locale, "surveys:answer.noSecret")}`, c.locale);
  }
  const tz = c.app.config.KPIBOT_TIMEZONE;
  const now = c.app.clock.now();
  // Anonymous: no stored time says when the person clicked (day only; the order of their clicks kept secretly).
  const times = survey.anonymous
    ? anonymousTimes(
        c.app.keys,
        { respondentKey: respondent.respondentKey, questionId: question.id, at: c.at },
        now,
        tz,
      )
    : { answeredAt: c.at, updatedAt: now, clickOrder: c.at.getTime() };
  const outcome = await c.app.repos.surveyAnswers.upsert(
    {
      surveyId: survey.id,
      questionId: question.id,
      ...respondent,
      score: answer.score,
      text: answer.text,
      ticketId: answer.ticketId ?? null,
      answeredAt: times.answeredAt,
      clickOrder: times.clickOrder,
    },
    times.updatedAt,
  );
  const until = survey.closesAt
    ? t(c.locale, "surveys:answer.changeUntil", { date: formatUntil(survey.closesAt, c.locale, tz, c.at) })
    : t(c.locale, "surveys:answer.changeWhileOpen");
  if (outcome === "stale") {
    // A delayed retry of an older click: the newer answer stays, and the person is told which one.
    const kept = await c.app.repos.surveyAnswers.stored(question.id, respondent.respondentKey);
    const text = t(c.locale, "surveys:answer.kept", {
      // A comment is the respondent's own text.
      answer: userText(scoreText(question.type, kept?.score ?? null, kept?.text ?? null, c.locale)),
    });
    return privateNote(`✅ ${text} ${until}`, c.locale);
  }
  const text = t(c.locale, "surveys:answer.thanks", {
    answer: userText(scoreText(question.type, answer.score, answer.text, c.locale)),
    prompt: userText(question.prompt),
  });
  const privacy = survey.anonymous ? ` ${t(c.locale, "surveys:answer.anonymous")}` : "";
  return privateNote(`✅ ${text} ${until}${privacy}`, c.locale);
}

/** A `survey.answer` click: validates the button value against the stored survey, then records it. */
export async function answerClick(c: Clicker, value: string): Promise<Reply> {
  const read = readAnswerValue(value);
  const survey = read ? await c.app.repos.surveys.get(read.surveyId) : null;
  const question = survey?.questions.find((q) => q.id === read?.questionId);
  if (!read || !survey || !question || question.type === "text") {
    c.app.logger.warn({ value }, "survey: answer button with an unknown survey or question");
    return privateNote(`⚠️ ${t(c.locale, "surveys:answer.unknown")}`, c.locale);
  }
  const range = SCORE_RANGE[question.type];
  if (read.score < range.min || read.score > range.max) {
    return privateNote(`⚠️ ${t(c.locale, "surveys:answer.unknown")}`, c.locale);
  }
  if (survey.kind === "ticket") {
    if (read.ticketId === undefined || !(await isTicketRecipient(c.app, read.ticketId, survey.id, c.user))) {
      return privateNote(`⛔ ${t(c.locale, "surveys:answer.notYours")}`, c.locale);
    }
  }
  return recordAnswer(c, survey, question, {
    score: read.score,
    text: null,
    ...(read.ticketId !== undefined ? { ticketId: read.ticketId } : {}),
  });
}

/**
 * Whether a survey button (an answer, or "Add a comment") belongs to an anonymous survey: the click must then leave
 * no trace of who made it (the core's leavesNoTrace). Buttons for admins (post, results) are not answers.
 */
export async function answerLeavesNoTrace(app: App, actionId: string, value: string): Promise<boolean> {
  if (actionId !== SURVEY_ACTIONS.answer && actionId !== SURVEY_ACTIONS.comment) return false;
  const id = /^(\d{1,9}):/.exec(value)?.[1];
  return id !== undefined && (await app.repos.surveys.isAnonymous(Number(id)));
}

/** The command a person types to add a comment, in their language and for their surface. */
export function commentCommand(surveyId: number, locale: Locale, platform: ChatUserRef["platform"]): string {
  const words = locale === "fr" ? `enquête commentaire ${surveyId}` : `survey comment ${surveyId}`;
  return `${platform === "slack" ? "/kpi " : ""}${words} …`;
}

/** Whether a typed `survey comment <id> …` is for an anonymous survey (see answerLeavesNoTrace). */
export async function commentLeavesNoTrace(app: App, args: string): Promise<boolean> {
  const parsed = parseSurveyCommand(args, app.clock.now());
  return parsed.ok && parsed.command.op === "comment" && (await app.repos.surveys.isAnonymous(parsed.command.id));
}

/** `survey comment <id> <text>`: stores the comment on the survey's free-text question. */
export async function answerComment(c: Clicker, surveyId: number, text: string): Promise<Reply> {
  const survey = await c.app.repos.surveys.get(surveyId);
  if (!survey) return privateNote(`⚠️ ${t(c.locale, "surveys:notFound", { id: surveyId })}`, c.locale);
  const question = survey.questions.find((q) => q.type === "text");
  if (!question)
    return privateNote(
      `⚠️ ${t(c.locale, "surveys:answer.noCommentQuestion", { title: userText(survey.title) })}`,
      c.locale,
    );
  return recordAnswer(c, survey, question, { score: null, text: text.slice(0, 2000) });
}

/** A click on "Add a comment": how to send it (chat buttons cannot carry free text). */
export function commentHelp(c: Clicker, value: string): Reply {
  const id = Number(/^(\d{1,9}):/.exec(value)?.[1] ?? "0");
  return privateNote(
    `💬 ${t(c.locale, "surveys:answer.howToComment", { command: commentCommand(id, c.locale, c.user.platform) })}`,
    c.locale,
  );
}
