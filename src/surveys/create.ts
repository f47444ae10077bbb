import { DateTime } from "luxon";
import type { CommandContext } from "../commands/context.js";
import { userKey } from "../commands/roles.js";
import { type Locale, t } from "../i18n/index.js";
import { userText } from "../reply/markup.js";
import type { Reply, ReplyBlock } from "../reply/types.js";
import { SURVEY_ACTIONS } from "./card.js";
import { formatUntil } from "./format.js";
import type { SurveyDraft, TypedQuestion } from "./parse.js";
import type { QuestionDraft, Survey } from "./types.js";
import { resolveWhen } from "./when.js";

/** A private answer to the admin. */
export function note(text: string, locale: Locale): Reply {
  return { locale, ephemeral: true, fallback: text, blocks: [{ type: "text", text }] };
}

/** A question's prompt: as typed, or the default of its type in the survey's language. */
export function promptOf(q: TypedQuestion, locale: Locale): string {
  if (q.prompt) return q.prompt;
  if (q.service) return t(locale, "surveys:defaults.know", { service: q.service });
  return t(locale, `surveys:defaults.${q.type}`);
}

/** The questions of a draft, ready to store. */
export function questionsOf(draft: SurveyDraft, locale: Locale): QuestionDraft[] {
  return draft.questions.map((q) => ({
    type: q.type,
    prompt: promptOf(q, locale),
    ...(q.service ? { service: q.service } : {}),
  }));
}

/** Resolves the draft's moments; a problem text when one is in the past or out of order. */
export function scheduleOf(
  draft: SurveyDraft,
  now: Date,
  timezone: string,
  locale: Locale,
): { closesAt: Date | null; reminderAt: Date | null } | { problem: string } {
  let closesAt = draft.closes ? resolveWhen(draft.closes, now, timezone) : null;
  if (closesAt === undefined) return { problem: t(locale, "surveys:problem.bad_date") };
  if (closesAt && closesAt.getTime() <= now.getTime()) return { problem: t(locale, "surveys:problem.close_past") };
  if (!closesAt && draft.recurrence) {
    // A recurring survey closes before its next instance opens.
    const unit = draft.recurrence === "weekly" ? "weeks" : "months";
    closesAt = DateTime.fromJSDate(now, { zone: timezone })
      .plus({ [unit]: 1 })
      .toJSDate();
  }
  const reminderAt = draft.remind ? resolveWhen(draft.remind, now, timezone) : null;
  if (reminderAt === undefined) return { problem: t(locale, "surveys:problem.bad_date") };
  if (
    reminderAt &&
    (reminderAt.getTime() <= now.getTime() || (closesAt && reminderAt.getTime() >= closesAt.getTime()))
  ) {
    return { problem: t(locale, "surveys:problem.remind_window") };
  }
  return { closesAt, reminderAt };
}

/** One line describing a survey's settings, in the admin's language. */
export function settingsLine(survey: Survey, locale: Locale, timezone: string, now: Date): string {
  const parts = [
    t(locale, survey.anonymous ? "surveys:list.anonymous" : "surveys:list.named"),
    t(locale, `surveys:list.audience.${survey.audience}`),
    t(locale, `surveys:visibility.${survey.resultsVisibility}`),
    survey.closesAt
      ? t(locale, "surveys:list.until", { date: formatUntil(survey.closesAt, locale, timezone, now) })
      : t(locale, "surveys:list.noEnd"),
  ];
  if (survey.recurrence) parts.push(t(locale, `surveys:list.recur.${survey.recurrence}`));
  if (survey.reminderAt) {
    parts.push(t(locale, "surveys:list.reminder", { date: formatUntil(survey.reminderAt, locale, timezone, now) }));
  }
  return parts.join(" · ");
}

/** `survey new …` (admins): checks, stores, audits, and shows what was created with a "Post here" button. */
export async function createFromDraft(ctx: CommandContext, draft: SurveyDraft, locale: Locale): Promise<Reply> {
  const { app } = ctx;
  const tz = app.config.KPIBOT_TIMEZONE;
  if (draft.anonymous && !app.config.KPIBOT_SECRET) return note(`⚠️ ${t(locale, "surveys:noSecret")}`, locale);
  const schedule = scheduleOf(draft, ctx.now, tz, locale);
  if ("problem" in schedule) return note(`⚠️ ${schedule.problem}`, locale);
  const conversation = await app.repos.conversations.find(
    ctx.interaction.conversation.platform,
    ctx.interaction.conversation.conversationId,
  );
  const survey = await app.repos.surveys.create(
    {
      title: draft.title,
      audience: draft.audience,
      anonymous: draft.anonymous,
      resultsVisibility: draft.results,
      opensAt: ctx.now,
      closesAt: schedule.closesAt,
      recurrence: draft.recurrence ?? null,
      reminderAt: schedule.reminderAt,
      locale,
      createdBy: userKey(ctx.user),
      conversationRefId: conversation?.id ?? null,
      questions: questionsOf(draft, locale),
    },
    ctx.now,
  );
  if (!survey) throw new Error("a new survey has no parent and cannot conflict");
  await app.repos.audit.record({
    actor: userKey(ctx.user),
    action: "survey.create",
    target: `survey:${survey.id}`,
    details: { title: survey.title, questions: survey.questions.length, anonymous: survey.anonymous },
  });
  const head = t(locale, "surveys:created", {
    id: survey.id,
    title: userText(survey.title),
    count: survey.questions.length,
  });
  const blocks: ReplyBlock[] = [
    { type: "text", text: `✅ ${head}` },
    {
      type: "text",
      text: survey.questions
        .map((q, i) => `${i + 1}. ${userText(q.prompt)} (${t(locale, `surveys:type.${q.type}`)})`)
        .join("\n"),
    },
    { type: "context", text: settingsLine(survey, locale, tz, ctx.now) },
    {
      type: "text",
      text: t(locale, "surveys:nextSteps", { id: survey.id, verb: locale === "fr" ? "enquête" : "survey" }),
    },
    {
      type: "actions",
      actions: [
        {
          actionId: SURVEY_ACTIONS.post,
          label: t(locale, "surveys:postHere"),
          value: String(survey.id),
          style: "primary",
        },
      ],
    },
  ];
  return { locale, ephemeral: true, fallback: head, blocks };
}
