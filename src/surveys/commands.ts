import type { CommandContext } from "../commands/context.js";
import { requireAdmin } from "../commands/handlers/admin.js";
import { parseUserArg, userKey } from "../commands/roles.js";
import { type Locale, t, toLocale } from "../i18n/index.js";
import { userText } from "../reply/markup.js";
import type { Reply } from "../reply/types.js";
import { surveyMessage } from "./card.js";
import { createFromDraft, note, settingsLine } from "./create.js";
import { postToConversation, type Recipient, sendToRecipients } from "./deliver.js";
import { closeAndAnnounce, resultsVisible, sendReminder } from "./lifecycle.js";
import { parseSurveyCommand, type SurveyCommand, type SurveyProblem } from "./parse.js";
import { answerComment } from "./respond.js";
import { surveyStats } from "./results.js";
import { resultsReply } from "./results-reply.js";
import type { Survey } from "./types.js";

function problemReply(problem: SurveyProblem, locale: Locale): Reply {
  // The variables are the admin's own words: text, never markup.
  const vars = Object.fromEntries(Object.entries(problem.vars ?? {}).map(([k, v]) => [k, userText(v)]));
  const lines = [`🤔 ${t(locale, `surveys:problem.${problem.code}`, vars)}`];
  if (vars.suggestion) lines.push(t(locale, "surveys:problem.didYouMean", { word: vars.suggestion }));
  lines.push(t(locale, "surveys:problem.example"));
  return note(lines.join("\n"), locale);
}

/** The `survey …` command (EN) / `enquête …`, `sondage …` (FR). Never throws on bad input. */
export async function handleSurveyCommand(ctx: CommandContext, args: string): Promise<Reply> {
  // The verb (survey / enquête / sondage) says the language too.
  const verb =
    ctx.interaction.kind === "command"
      ? (/^\s*(?:\/?kpi(?:bot)?\s+)?(\S+)/i.exec(ctx.interaction.text)?.[1] ?? "")
      : "";
  const parsed = parseSurveyCommand(args, ctx.now, verb);
  // The platform's language first (as everywhere), then the words used, then the user's remembered one.
  const locale = toLocale(ctx.interaction.locale) ?? parsed.locale ?? ctx.locale;
  if (!parsed.ok) return problemReply(parsed.problem, locale);
  return runSurveyCommand({ ...ctx, locale }, parsed.command);
}

const ADMIN_OPS = new Set<SurveyCommand["op"]>(["new", "post", "send", "close", "stop", "reopen", "remind", "export"]);

async function runSurveyCommand(ctx: CommandContext, command: SurveyCommand): Promise<Reply> {
  const { locale } = ctx;
  if (ADMIN_OPS.has(command.op)) {
    const denied = await requireAdmin(ctx, "survey");
    if (denied) return denied.reply;
  }
  switch (command.op) {
    case "help":
      return note(t(locale, "surveys:help"), locale);
    case "new":
      return createFromDraft(ctx, command.draft, locale);
    case "list":
      return listReply(ctx);
    case "comment":
      return answerComment({ app: ctx.app, user: ctx.user, locale, at: ctx.now }, command.id, command.text);
    case "export":
      return note(t(locale, "surveys:exportHint", { id: command.id }), locale);
    default:
      break;
  }
  const survey = await ctx.app.repos.surveys.get(command.id);
  if (!survey) return note(`⚠️ ${t(locale, "surveys:notFound", { id: command.id })}`, locale);
  switch (command.op) {
    case "show":
      return { ...surveyMessage(survey, { timezone: ctx.app.config.KPIBOT_TIMEZONE, now: ctx.now }), ephemeral: true };
    case "post":
      return postHere(ctx, survey);
    case "send":
      return sendTo(ctx, survey, command.users);
    case "close":
    case "stop":
      return close(ctx, survey, command.op === "stop");
    case "reopen":
      return reopen(ctx, survey);
    case "results":
      return results(ctx, survey);
    case "remind":
      return remind(ctx, survey);
  }
}

function audit(ctx: CommandContext, action: string, survey: Survey, details?: unknown): Promise<void> {
  return ctx.app.repos.audit.record({ actor: userKey(ctx.user), action, target: `survey:${survey.id}`, details });
}

/** Why a survey cannot be posted or sent, if it cannot. */
function cannotAsk(ctx: CommandContext, survey: Survey): string | undefined {
  if (survey.status !== "open") {
    return t(ctx.locale, "surveys:notOpen", { id: survey.id, title: userText(survey.title) });
  }
  if (survey.anonymous && !ctx.app.config.KPIBOT_SECRET) return t(ctx.locale, "surveys:noSecret");
  return undefined;
}

/** `survey post <id>` (or the "Post here" button): the survey message in this conversation. */
export async function postHere(ctx: CommandContext, survey: Survey): Promise<Reply> {
  const denied = await requireAdmin(ctx, "survey");
  if (denied) return denied.reply;
  const reason = cannotAsk(ctx, survey);
  if (reason) return note(`⚠️ ${reason}`, ctx.locale);
  const message = surveyMessage(survey, { timezone: ctx.app.config.KPIBOT_TIMEZONE, now: ctx.now });
  const here = ctx.interaction.conversation;
  if (!ctx.app.messengers[here.platform]) {
    // No messenger (playground, CLI): the answer itself is the survey, shown to the whole conversation.
    await audit(ctx, "survey.post", survey, { conversation: here.conversationId });
    return message;
  }
  const stored = (await ctx.app.repos.conversations.find(here.platform, here.conversationId)) ?? here;
  const posted = await postToConversation(ctx.app, ctx.app.messengers, survey.id, stored, message);
  if (!posted.ok)
    return note(`⚠️ ${t(ctx.locale, "surveys:postFailed", { reason: userText(posted.reason) })}`, ctx.locale);
  await audit(ctx, "survey.post", survey, { conversation: here.conversationId });
  return note(`✅ ${t(ctx.locale, "surveys:posted", { id: survey.id, title: userText(survey.title) })}`, ctx.locale);
}

async function sendTo(ctx: CommandContext, survey: Survey, users: string[]): Promise<Reply> {
  const reason = cannotAsk(ctx, survey);
  if (reason) return note(`⚠️ ${reason}`, ctx.locale);
  const recipients: Recipient[] = [];
  const unreadable: string[] = [];
  for (const raw of users) {
    const user = parseUserArg(raw, ctx.user.platform);
    if (user) recipients.push(user);
    else unreadable.push(raw);
  }
  const message = surveyMessage(survey, { timezone: ctx.app.config.KPIBOT_TIMEZONE, now: ctx.now });
  const report = await sendToRecipients(ctx.app, ctx.app.messengers, survey.id, recipients, () => message);
  await audit(ctx, "survey.send", survey, {
    sent: report.sent.length,
    failed: report.failed.length,
    unknown: report.unknown.length,
  });
  // Ids as typed, shown as text (Slack's <@U…> form too: a list of recipients must not ping them again).
  const who = (r: Recipient) => userText(r.platform === "slack" ? `<@${r.id}>` : `${r.platform}:${r.id}`);
  const title = userText(survey.title);
  const lines = [`📨 ${t(ctx.locale, "surveys:sent", { count: report.sent.length, title })}`];
  if (report.already.length > 0)
    lines.push(t(ctx.locale, "surveys:sentAlready", { users: report.already.map(who).join(", ") }));
  for (const f of report.failed)
    lines.push(`⚠️ ${t(ctx.locale, "surveys:sendFailed", { user: who(f.recipient), reason: userText(f.reason) })}`);
  for (const r of report.unknown) lines.push(`⚠️ ${t(ctx.locale, "surveys:sendUnknown", { user: who(r) })}`);
  for (const raw of unreadable) lines.push(`⚠️ ${t(ctx.locale, "surveys:badUser", { user: userText(raw) })}`);
  return note(lines.join("\n"), ctx.locale);
}

async function close(ctx: CommandContext, survey: Survey, stopSeries: boolean): Promise<Reply> {
  if (stopSeries && survey.recurrence) {
    await ctx.app.repos.surveys.stopRecurrence(survey.id);
  }
  const closed = await closeAndAnnounce(ctx.app, ctx.app.messengers, survey.id, ctx.now);
  await audit(ctx, stopSeries ? "survey.stop" : "survey.close", survey, { closed });
  const key = closed ? "surveys:closedNow" : "surveys:alreadyClosed";
  const lines = [t(ctx.locale, key, { id: survey.id, title: userText(survey.title) })];
  if (stopSeries && survey.recurrence) lines.push(t(ctx.locale, "surveys:stopped"));
  else if (survey.recurrence) lines.push(t(ctx.locale, "surveys:stillRecurring", { id: survey.id }));
  return note(lines.join("\n"), ctx.locale);
}

async function reopen(ctx: CommandContext, survey: Survey): Promise<Reply> {
  // A close time still ahead is kept; a past one is dropped (open until closed by hand).
  const closesAt = survey.closesAt && survey.closesAt.getTime() > ctx.now.getTime() ? survey.closesAt : null;
  if (!(await ctx.app.repos.surveys.reopen(survey.id, closesAt))) {
    return note(t(ctx.locale, "surveys:alreadyOpen", { id: survey.id, title: userText(survey.title) }), ctx.locale);
  }
  await audit(ctx, "survey.reopen", survey);
  const reopened = (await ctx.app.repos.surveys.get(survey.id)) ?? survey;
  const tz = ctx.app.config.KPIBOT_TIMEZONE;
  return note(
    `✅ ${t(ctx.locale, "surveys:reopened", { id: survey.id, title: userText(survey.title) })}\n${settingsLine(reopened, ctx.locale, tz, ctx.now)}`,
    ctx.locale,
  );
}

/** `survey results <id>`: counts for anyone; answers as the survey's results setting allows, from 5 people. */
export async function results(ctx: CommandContext, survey: Survey): Promise<Reply> {
  const stats = await surveyStats(
    ctx.app.repos.surveyAnswers,
    survey,
    await ctx.app.repos.surveyDeliveries.recipientCount(survey.id),
  );
  return resultsReply(survey, stats, {
    locale: ctx.locale,
    timezone: ctx.app.config.KPIBOT_TIMEZONE,
    now: ctx.now,
    visible: resultsVisible(survey),
    ephemeral: !ctx.share,
  });
}

async function remind(ctx: CommandContext, survey: Survey): Promise<Reply> {
  const reason = cannotAsk(ctx, survey);
  if (reason) return note(`⚠️ ${reason}`, ctx.locale);
  if (!(await ctx.app.repos.surveys.claimReminder(survey.id, ctx.now))) {
    return note(t(ctx.locale, "surveys:alreadyReminded", { id: survey.id }), ctx.locale);
  }
  const sent = await sendReminder(ctx.app, ctx.app.messengers, survey, ctx.now);
  await audit(ctx, "survey.remind", survey, sent);
  return note(`⏰ ${t(ctx.locale, "surveys:reminded", { channels: sent.channels, people: sent.people })}`, ctx.locale);
}

/** The ticket surveys of the last 30 days: how many were sent, and why the others were not (none: no line). */
async function ticketSurveysLine(ctx: CommandContext): Promise<string | undefined> {
  const since = new Date(ctx.now.getTime() - 30 * 24 * 3_600_000);
  const counts = await ctx.app.repos.ticketSurveys.statusCounts(since);
  if (counts.size === 0) return undefined;
  const { locale } = ctx;
  const parts = [t(locale, "surveys:list.tickets.sent", { count: counts.get("sent") ?? 0 })];
  for (const status of ["skipped_recent", "unmapped", "failed"] as const) {
    const count = counts.get(status) ?? 0;
    if (count > 0) parts.push(t(locale, `surveys:list.tickets.${status}`, { count }));
  }
  return t(locale, "surveys:list.tickets.line", { parts: parts.join(" · ") });
}

async function listReply(ctx: CommandContext): Promise<Reply> {
  const { locale } = ctx;
  const surveys = await ctx.app.repos.surveys.latestStandard(20);
  const tickets = await ticketSurveysLine(ctx);
  if (surveys.length === 0)
    return note([t(locale, "surveys:list.empty"), ...(tickets ? [tickets] : [])].join("\n"), locale);
  const counts = await ctx.app.repos.surveys.respondentCounts(surveys.map((s) => s.id));
  const tz = ctx.app.config.KPIBOT_TIMEZONE;
  const lines = surveys.map((s) => {
    const icon = s.status === "open" ? "🟢" : "⚪";
    const n = t(locale, "surveys:list.respondents", { count: counts.get(s.id) ?? 0 });
    return `${icon} **#${s.id} ${userText(s.title)}** — ${n}\n${settingsLine(s, locale, tz, ctx.now)}`;
  });
  const head = t(locale, "surveys:list.title");
  return {
    locale,
    ephemeral: true,
    fallback: head,
    blocks: [
      { type: "header", text: head },
      { type: "text", text: lines.join("\n") },
      ...(tickets ? [{ type: "context" as const, text: tickets }] : []),
    ],
  };
}
