import type { App } from "../app.js";
import type { Platform } from "../core/interaction.js";
import { type Locale, t, toLocale } from "../i18n/index.js";
import type { SurveyedTicket } from "../store/repositories.js";
import { surveyMessage } from "./card.js";
import { directConversation, type Messengers } from "./deliver.js";
import type { Survey } from "./types.js";

/** At most one ticket survey per person in this window (rolling). */
export const TICKET_SURVEY_INTERVAL_MS = 7 * 24 * 3_600_000;
/** Tickets resolved longer ago than this get no survey (an import of history must not message everyone). */
export const TICKET_SURVEY_MAX_AGE_MS = 7 * 24 * 3_600_000;

/** What onTicketsResolved did with each ticket (every ticket id lands in exactly one count). */
export interface TicketSurveyReport {
  sent: number;
  /** Already surveyed (or being surveyed) for this ticket. */
  already: number;
  /** The requester got a survey less than a week ago. */
  recent: number;
  /** No e-mail, or no chat user with that e-mail on a connected platform. */
  unmapped: number;
  /** Resolved too long ago, or not resolved / not found. */
  ignored: number;
  failed: number;
}

const PREFERRED: readonly Platform[] = ["slack", "mattermost", "matrix", "teams", "playground"];

/** The open survey that collects ticket answers (one CSAT question), created the first time it is needed. */
export async function ticketSurvey(app: App, now: Date): Promise<Survey> {
  const find = async () => (await app.repos.surveys.openTicketSurveys()).at(-1);
  const existing = await find();
  if (existing) return existing;
  const locale = app.config.KPIBOT_LOCALE;
  await app.repos.surveys.create(
    {
      title: t(locale, "surveys:ticket.title"),
      kind: "ticket",
      audience: "users",
      // The answer is linked to the ticket, which names its requester: not anonymous, and said so on the card.
      anonymous: false,
      resultsVisibility: "live",
      opensAt: now,
      closesAt: null,
      recurrence: null,
      reminderAt: null,
      locale,
      createdBy: "kpibot",
      conversationRefId: null,
      questions: [{ type: "csat", prompt: t(locale, "surveys:ticket.question") }],
    },
    now,
  );
  // Two importers creating it at once converge on the oldest one.
  const created = await find();
  if (!created) throw new Error("the ticket survey could not be created");
  return created;
}

/** The ticket survey in the requester's language (its one question is a standard one). */
function inLocale(survey: Survey, locale: Locale): Survey {
  return {
    ...survey,
    locale,
    title: t(locale, "surveys:ticket.title"),
    questions: survey.questions.map((q) => ({ ...q, prompt: t(locale, "surveys:ticket.question") })),
  };
}

/**
 * When tickets become resolved (KPIBOT_TICKET_SURVEYS=on): DMs each requester mapped to a chat user by e-mail a
 * one-question CSAT linked to the ticket — at most once per ticket (unique ticket_surveys.ticket_id) and at most
 * once a week per person. Give it to the importer as `onResolved: (ids) => onTicketsResolved(app, ids, messengers)`.
 */
export async function onTicketsResolved(
  app: App,
  ticketIds: readonly number[],
  messengers: Messengers,
): Promise<TicketSurveyReport> {
  const report: TicketSurveyReport = { sent: 0, already: 0, recent: 0, unmapped: 0, ignored: 0, failed: 0 };
  if (app.config.KPIBOT_TICKET_SURVEYS !== "on" || ticketIds.length === 0) return report;
  const now = app.clock.now();
  const survey = await ticketSurvey(app, now);
  const ids = [...new Set(ticketIds)];
  const tickets = await app.repos.ticketSurveys.tickets(ids);
  report.ignored += ids.length - tickets.length;
  tickets.sort((a, b) => (a.resolvedAt?.getTime() ?? 0) - (b.resolvedAt?.getTime() ?? 0));
  for (const ticket of tickets) {
    const outcome = await surveyOneTicket(app, messengers, survey, ticket, now);
    report[outcome] += 1;
  }
  if (report.sent > 0 || report.failed > 0) app.logger.info({ ...report }, "ticket surveys");
  return report;
}

type Outcome = keyof TicketSurveyReport;

/** The requester's e-mail: requester_email, else the requester column when it holds an address (many exports do). */
function requesterEmail(ticket: SurveyedTicket): string | undefined {
  const email = ticket.requesterEmail?.trim();
  if (email) return email.toLowerCase();
  const requester = ticket.requester?.trim();
  return requester && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(requester) ? requester.toLowerCase() : undefined;
}

/** The chat users with this address on the platforms that can look one up, in PREFERRED order (no row written). */
async function lookUpByEmail(
  app: App,
  messengers: Messengers,
  email: string,
): Promise<{ platform: Platform; platformUserId: string; locale: null }[]> {
  const found: { platform: Platform; platformUserId: string; locale: null }[] = [];
  for (const platform of PREFERRED) {
    const lookUp = messengers[platform]?.userByEmail;
    if (!lookUp) continue;
    try {
      const id = await lookUp.call(messengers[platform], email);
      if (id) found.push({ platform, platformUserId: id, locale: null });
    } catch (err) {
      app.logger.warn({ err, platform }, "ticket survey: looking up the requester by e-mail failed");
    }
  }
  return found;
}

async function surveyOneTicket(
  app: App,
  messengers: Messengers,
  survey: Survey,
  ticket: SurveyedTicket,
  now: Date,
): Promise<Outcome> {
  const ticketId = ticket.id;
  const resolvedAt = ticket.resolvedAt;
  if (!resolvedAt || now.getTime() - resolvedAt.getTime() > TICKET_SURVEY_MAX_AGE_MS) return "ignored";
  const email = requesterEmail(ticket);
  if (!email) return "unmapped";
  if (!(await app.repos.ticketSurveys.claim(ticketId, survey.id, email, now))) return "already";
  const set = (status: string, extra: { platform?: string; userId?: string; error?: string } = {}) =>
    app.repos.ticketSurveys.setStatus(ticketId, status, extra);
  if (await app.repos.ticketSurveys.sentSince(email, new Date(now.getTime() - TICKET_SURVEY_INTERVAL_MS))) {
    await set("skipped_recent");
    return "recent";
  }
  const users: { platform: Platform; platformUserId: string; locale: string | null }[] = (
    await app.repos.users.findByEmail(email)
  )
    .filter((u) => messengers[u.platform])
    .sort((a, b) => PREFERRED.indexOf(a.platform) - PREFERRED.indexOf(b.platform));
  // A requester who never talked to kpibot: the platforms that let a bot find a user by address (Slack, Mattermost).
  if (users.length === 0) users.push(...(await lookUpByEmail(app, messengers, email)));
  for (const user of users) {
    const ref = await directConversation(app, { platform: user.platform, id: user.platformUserId });
    const messenger = messengers[user.platform];
    if (!ref || !messenger) continue;
    // Marked sent first: the button checks it, and a quick click must find it.
    await set("sent", { platform: user.platform, userId: user.platformUserId });
    const locale = toLocale(user.locale) ?? survey.locale;
    const message = surveyMessage(inLocale(survey, locale), {
      timezone: app.config.KPIBOT_TIMEZONE,
      now,
      ticket: { id: ticketId, ref: ticket.externalId, title: ticket.title },
    });
    try {
      await messenger.post(ref, message);
      return "sent";
    } catch (err) {
      app.logger.warn({ err, ticketId }, "ticket survey: direct message failed");
      await set("failed", { platform: user.platform, userId: user.platformUserId, error: String(err).slice(0, 500) });
      return "failed";
    }
  }
  await set("unmapped");
  return "unmapped";
}
