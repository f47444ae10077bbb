import type { CommandContext } from "../commands/context.js";
import { registerAction, registerCommand } from "../commands/extensions.js";
import type { Interaction } from "../core/interaction.js";
import { t } from "../i18n/index.js";
import { userText } from "../reply/markup.js";
import type { Reply } from "../reply/types.js";
import { SURVEY_ACTIONS } from "./card.js";
import { handleSurveyCommand, postHere, results, type SurveyDeps } from "./commands.js";
import { note } from "./create.js";
import type { Messengers } from "./deliver.js";
import { answerClick, answerLeavesNoTrace, commentHelp, commentLeavesNoTrace } from "./respond.js";
import { getSurvey } from "./store.js";
import { SURVEY_VERBS } from "./words.js";

/** The messengers the survey commands post with; set by registerSurveys. */
const deps: SurveyDeps = { messengers: {} };

/** A survey button (`survey.answer`, `survey.comment`, `survey.post`, `survey.results`). */
export async function handleSurveyAction(
  ctx: CommandContext,
  action: Extract<Interaction, { kind: "action" }>,
  surveyDeps: SurveyDeps = deps,
): Promise<Reply> {
  const clicker = { app: ctx.app, user: ctx.user, locale: ctx.locale, at: ctx.now };
  switch (action.actionId) {
    case SURVEY_ACTIONS.answer:
      return answerClick(clicker, action.value);
    case SURVEY_ACTIONS.comment:
      return commentHelp(clicker, action.value);
    case SURVEY_ACTIONS.post:
    case SURVEY_ACTIONS.results: {
      const survey = /^\d{1,9}$/.test(action.value) ? await getSurvey(ctx.app.db, Number(action.value)) : null;
      // The value is whatever the click carried (a crafted one too): echoed as text.
      if (!survey) return note(`⚠️ ${t(ctx.locale, "surveys:notFound", { id: userText(action.value) })}`, ctx.locale);
      return action.actionId === SURVEY_ACTIONS.post ? postHere(ctx, survey, surveyDeps) : results(ctx, survey);
    }
    default:
      ctx.app.logger.warn({ actionId: action.actionId }, "unknown survey action");
      return note(`⚠️ ${t(ctx.locale, "commands:error.unknownAction")}`, ctx.locale);
  }
}

/**
 * Adds `survey …` / `enquête …` / `sondage …` to the command language and routes `survey.*` buttons here.
 * The composition root calls it once with the messengers of the configured surfaces (calling it again
 * replaces them).
 */
export function registerSurveys(opts: { messengers: Messengers }): void {
  deps.messengers = opts.messengers;
  registerCommand({
    verbs: SURVEY_VERBS,
    summary: {
      en: "survey new|list|post|send|close|reopen|results — in-chat satisfaction surveys",
      fr: "enquête nouvelle|liste|publier|envoyer|fermer|rouvrir|résultats — enquêtes de satisfaction",
    },
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
    handle: (ctx, args) => handleSurveyCommand(ctx, args, deps),
    // Answers and comments to anonymous surveys leave no trace of who gave them (docs/security.md).
    leavesNoTrace: commentLeavesNoTrace,
  });
  registerAction({
    prefix: "survey",
    handle: (ctx, action) => handleSurveyAction(ctx, action, deps),
    leavesNoTrace: (app, action) => answerLeavesNoTrace(app, action.actionId, action.value),
  });
}

export { anonymousKey, respondentOf } from "./anonymity.js";
export { answerValue, SURVEY_ACTIONS, surveyMessage } from "./card.js";
export { handleSurveyCommand, type SurveyDeps } from "./commands.js";
export { directConversation, type Messengers, type Recipient } from "./deliver.js";
export { exportSurveyCsv, type SurveyExport } from "./export.js";
export { closeAndAnnounce, runSurveyJobs, type SurveyJobsReport } from "./lifecycle.js";
export { parseSurveyCommand } from "./parse.js";
export { readAnswerValue } from "./respond.js";
export { surveyStats } from "./results.js";
export { startSurveyJobs } from "./schedule.js";
export { createSurvey, getSurvey } from "./store.js";
export { onTicketsResolved, type TicketSurveyReport } from "./tickets.js";
export type { Survey, SurveyDefinition } from "./types.js";
