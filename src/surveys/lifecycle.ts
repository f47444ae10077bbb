import { DateTime } from "luxon";
import type { App } from "../app.js";
import { respondentOf } from "./anonymity.js";
import { surveyMessage } from "./card.js";
import { type Messengers, postToConversation, type Recipient, sendToRecipients } from "./deliver.js";
import { surveyStats } from "./results.js";
import { resultsReply } from "./results-reply.js";
import type { Survey } from "./types.js";

/** Whether the chat may show a survey's answers now (its results setting; the 5-person rule applies on top). */
export function resultsVisible(survey: Survey): boolean {
  return (
    survey.resultsVisibility === "live" || (survey.resultsVisibility === "after_close" && survey.status === "closed")
  );
}

/**
 * Closes a survey once (the first caller wins, across replicas), turns its posted messages into the closed
 * version (no buttons), and posts its results where it was created. Returns false when it was not open.
 */
export async function closeAndAnnounce(
  app: App,
  messengers: Messengers,
  surveyId: number,
  now: Date,
): Promise<boolean> {
  if (!(await app.repos.surveys.close(surveyId, now))) return false;
  const survey = await app.repos.surveys.get(surveyId);
  if (!survey) return true;
  const opts = { timezone: app.config.KPIBOT_TIMEZONE, now };
  const closed = surveyMessage(survey, { ...opts, closed: true });
  for (const d of await app.repos.surveyDeliveries.list(survey.id)) {
    const messenger = messengers[d.platform];
    if (!messenger || !d.messageId || d.conversationRefId === null || d.status !== "sent") continue;
    const ref = await app.repos.conversations.get(d.conversationRefId);
    // Best effort: a message deleted in the meantime must not stop the close.
    if (ref)
      await messenger
        .update(ref, d.messageId, closed)
        .catch((err: unknown) => app.logger.warn({ err, surveyId }, "survey: could not update a posted message"));
  }
  const home = survey.conversationRefId === null ? null : await app.repos.conversations.get(survey.conversationRefId);
  const messenger = home ? messengers[home.platform] : undefined;
  if (home && messenger && survey.kind === "standard") {
    const stats = await surveyStats(
      app.repos.surveyAnswers,
      survey,
      await app.repos.surveyDeliveries.recipientCount(survey.id),
    );
    const reply = resultsReply(survey, stats, {
      ...opts,
      locale: survey.locale,
      visible: resultsVisible(survey),
      ephemeral: false,
    });
    await messenger
      .post(home, reply)
      .catch((err: unknown) => app.logger.warn({ err, surveyId }, "survey: could not post the results"));
  }
  return true;
}

/** The recipient's stored identity (to skip those who answered already). */
function answered(app: App, survey: Survey, recipient: Recipient): Promise<boolean> {
  const { respondentKey } = respondentOf(survey, recipient, app.config.KPIBOT_SECRET);
  return app.repos.surveyAnswers.hasAnswered(survey.id, respondentKey);
}

/** The reminder: reposted in each channel, and sent again to the direct recipients who have not answered. */
export async function sendReminder(
  app: App,
  messengers: Messengers,
  survey: Survey,
  now: Date,
): Promise<{ channels: number; people: number }> {
  const reminder = surveyMessage(survey, { timezone: app.config.KPIBOT_TIMEZONE, now, reminder: true });
  let channels = 0;
  let people = 0;
  const posted = new Set<number>();
  for (const d of await app.repos.surveyDeliveries.list(survey.id)) {
    if (d.status !== "sent") continue;
    const messenger = messengers[d.platform];
    if (!messenger || d.conversationRefId === null) continue;
    if (d.kind === "direct") {
      if (!d.userId || (await answered(app, survey, { platform: d.platform, id: d.userId }))) continue;
    } else if (posted.has(d.conversationRefId)) continue;
    posted.add(d.conversationRefId);
    const ref = await app.repos.conversations.get(d.conversationRefId);
    if (!ref) continue;
    try {
      await messenger.post(ref, reminder);
      if (d.kind === "direct") people++;
      else channels++;
    } catch (err) {
      app.logger.warn({ err, surveyId: survey.id }, "survey: reminder not delivered");
    }
  }
  return { channels, people };
}

const PERIOD_UNIT = { weekly: "weeks", monthly: "months" } as const;

/**
 * The next instance of a recurring survey: same questions and settings, opening one period after the previous
 * one (skipping occurrences missed during downtime), posted where the previous one went. Created once (the
 * unique parent id), so replicas and restarts never repeat it.
 */
export async function repeatSurvey(
  app: App,
  messengers: Messengers,
  parent: Survey,
  now: Date,
): Promise<Survey | null> {
  if (!parent.recurrence) return null;
  const tz = app.config.KPIBOT_TIMEZONE;
  const start = DateTime.fromJSDate(parent.opensAt, { zone: tz });
  const unit = PERIOD_UNIT[parent.recurrence];
  // The latest occurrence not after now: occurrences missed while kpibot was down are skipped, not replayed.
  let k = 1;
  while (start.plus({ [unit]: k + 1 }).toMillis() <= now.getTime()) k++;
  const opens = start.plus({ [unit]: k }).toJSDate();
  if (opens.getTime() > now.getTime()) return null;
  // Close and reminder move by the same calendar step (23 Nov–23 Dec → 23 Dec–23 Jan, whatever the month lengths).
  const shift = (d: Date | null) =>
    d
      ? DateTime.fromJSDate(d, { zone: tz })
          .plus({ [unit]: k })
          .toJSDate()
      : null;
  const child = await app.repos.surveys.create(
    {
      title: parent.title,
      audience: parent.audience,
      anonymous: parent.anonymous,
      resultsVisibility: parent.resultsVisibility,
      opensAt: opens,
      closesAt: shift(parent.closesAt),
      recurrence: parent.recurrence,
      reminderAt: shift(parent.reminderAt),
      parentId: parent.id,
      locale: parent.locale,
      createdBy: parent.createdBy,
      conversationRefId: parent.conversationRefId,
      questions: parent.questions.map(({ type, prompt, service }) => ({
        type,
        prompt,
        ...(service ? { service } : {}),
      })),
    },
    now,
  );
  if (!child) return null;
  app.logger.info({ surveyId: child.id, parentId: parent.id }, "survey: next instance of a recurring survey");
  const message = surveyMessage(child, { timezone: tz, now });
  const deliveries = await app.repos.surveyDeliveries.list(parent.id);
  const channels = new Set<number>();
  for (const d of deliveries) {
    if (d.kind !== "channel" || d.conversationRefId === null || channels.has(d.conversationRefId)) continue;
    channels.add(d.conversationRefId);
    const ref = await app.repos.conversations.get(d.conversationRefId);
    if (ref) await postToConversation(app, messengers, child.id, ref, message);
  }
  const people = deliveries
    .filter((d) => d.kind === "direct" && d.userId)
    .map((d) => ({ platform: d.platform, id: d.userId ?? "" }));
  if (people.length > 0) await sendToRecipients(app, messengers, child.id, people, () => message);
  return child;
}

/** What one run of the survey jobs did. */
export interface SurveyJobsReport {
  closed: number[];
  reminded: number[];
  repeated: number[];
}

/**
 * The periodic survey work (run it every minute; safe on several replicas): close surveys whose time is up,
 * send due reminders (once each), and open the next instance of recurring surveys.
 */
export async function runSurveyJobs(
  app: App,
  messengers: Messengers,
  now: Date = app.clock.now(),
): Promise<SurveyJobsReport> {
  const report: SurveyJobsReport = { closed: [], reminded: [], repeated: [] };
  const due = await app.repos.surveys.dueToClose(now);
  for (const s of due) if (await closeAndAnnounce(app, messengers, s.id, now)) report.closed.push(s.id);
  const reminders = await app.repos.surveys.dueForReminder(now);
  for (const s of reminders) {
    if (!(await app.repos.surveys.claimReminder(s.id, now))) continue;
    await sendReminder(app, messengers, s, now);
    report.reminded.push(s.id);
  }
  const recurring = await app.repos.surveys.dueToRepeat(now);
  for (const s of recurring) {
    const child = await repeatSurvey(app, messengers, s, now);
    if (child) report.repeated.push(child.id);
  }
  return report;
}
