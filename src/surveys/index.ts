import type { CommandContext } from "../commands/context.js";
import type { CommandModule } from "../commands/router.js";
import type { Interaction } from "../core/interaction.js";
import { t } from "../i18n/index.js";
import { userText } from "../reply/markup.js";
import type { Reply } from "../reply/types.js";
import { SURVEY_ACTIONS } from "./card.js";
import { handleSurveyCommand, postHere, results } from "./commands.js";
import { note } from "./create.js";
import { answerClick, answerLeavesNoTrace, commentHelp, commentLeavesNoTrace } from "./respond.js";
import { SURVEY_VERBS } from "./words.js";

/** A survey button (`survey.answer`, `survey.comment`, `survey.post`, `survey.results`). */
export async function handleSurveyAction(
  ctx: CommandContext,
  action: Extract<Interaction, { kind: "action" }>,
): Promise<Reply> {
  const clicker = { app: ctx.app, user: ctx.user, locale: ctx.locale, at: ctx.now };
  switch (action.actionId) {
    case SURVEY_ACTIONS.answer:
      return answerClick(clicker, action.value);
    case SURVEY_ACTIONS.comment:
      return commentHelp(clicker, action.value);
    case SURVEY_ACTIONS.post:
    case SURVEY_ACTIONS.results: {
      const survey = /^\d{1,9}$/.test(action.value) ? await ctx.app.repos.surveys.get(Number(action.value)) : null;
      // The value is whatever the click carried (a crafted one too): echoed as text.
      if (!survey) return note(`⚠️ ${t(ctx.locale, "surveys:notFound", { id: userText(action.value) })}`, ctx.locale);
      return action.actionId === SURVEY_ACTIONS.post ? postHere(ctx, survey) : results(ctx, survey);
    }
    default:
      ctx.app.logger.warn({ actionId: action.actionId }, "unknown survey action");
      return note(`⚠️ ${t(ctx.locale, "commands:error.unknownAction")}`, ctx.locale);
  }
}

/**
 * `survey …` / `enquête …` / `sondage …` and the `survey.*` buttons. They post and send with the app's
 * messengers (`app.messengers`, filled by the composition root with the configured platforms).
 */
export function surveyModule(): CommandModule {
  return {
    name: "surveys",
    commands: [
      {
        verbs: SURVEY_VERBS,
        help: {
          role: "admin",
          word: { en: "survey", fr: "enquête" },
          usage: {
            en: 'survey new "<title>" <csat|nps|…> [closes <date>] · list · post|send|close|reopen|results|remind #id',
            fr: 'enquête nouvelle "<titre>" <csat|nps|…> [ferme <date>] · liste · publier|envoyer|fermer|rouvrir|résultats|relancer #id',
          },
          summary: {
            en: "in-chat satisfaction surveys (everyone answers with the buttons; `survey comment #id <text>` adds a comment)",
            fr: "enquêtes de satisfaction dans le chat (chacun répond avec les boutons ; `enquête comment #id <texte>` ajoute un commentaire)",
          },
        },
        handle: handleSurveyCommand,
        // Answers and comments to anonymous surveys leave no trace of who gave them (docs/security.md).
        leavesNoTrace: commentLeavesNoTrace,
      },
    ],
    actions: [
      {
        prefix: "survey",
        // Many people answer one card, and one person may change their mind: every click is an answer.
        clicks: "per-click",
        // The confirmation names the answer: for the person only, even in a channel.
        replyTo: "clicker",
        handle: handleSurveyAction,
        // An answer is acknowledged once it is stored (a crash cannot lose an acknowledged answer).
        storesBeforeAck: (actionId) => actionId === SURVEY_ACTIONS.answer,
        leavesNoTrace: (app, action) => answerLeavesNoTrace(app, action.actionId, action.value),
      },
    ],
  };
}

export { anonymousKey, respondentOf } from "./anonymity.js";
export { answerValue, SURVEY_ACTIONS, surveyMessage } from "./card.js";
export { handleSurveyCommand } from "./commands.js";
export { directConversation, type Messengers, type Recipient } from "./deliver.js";
export { exportSurveyCsv, type SurveyExport } from "./export.js";
export { closeAndAnnounce, runSurveyJobs, type SurveyJobsReport } from "./lifecycle.js";
export { parseSurveyCommand } from "./parse.js";
export { readAnswerValue } from "./respond.js";
export { surveyStats } from "./results.js";
export { startSurveyJobs } from "./schedule.js";
export { onTicketsResolved, type TicketSurveyReport } from "./tickets.js";
export type { Survey, SurveyDefinition } from "./types.js";
