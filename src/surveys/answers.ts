import type { ServerKeys } from "../core/keys.js";
import { startOfLocalDay } from "../periods/local-day.js";

/** The first instant of the day of `at` in `timezone`: how precisely anonymous answers are dated. */
export function dayOf(at: Date, timezone: string): Date {
  return startOfLocalDay(at, timezone);
}

/** 2^48 ms (about 8,900 years): the range of the secret offset, far wider than any click time it hides. */
const ORDER_OFFSET_BYTES = 6;

/**
 * The stored times of an anonymous answer, none of which says when the person clicked (issue 14 item 5): a time
 * down to the second could be matched with anything else that happened then (a log line, someone's presence).
 * `answeredAt` and `updatedAt` are cut to the day. `clickOrder` keeps the "latest click wins" rule: the click time
 * plus an offset of up to 2^48 ms drawn from HMAC(server key, respondent key, question), the same for all of one
 * person's clicks on one question (so their order is kept) and unrelated between rows, so a stored value says
 * nothing about the time of day. The sum stays below 2^53: exact as a JavaScript number and as a BIGINT.
 */
export function anonymousTimes(
  keys: ServerKeys,
  answer: { respondentKey: string; questionId: number; at: Date },
  now: Date,
  timezone: string,
): { answeredAt: Date; updatedAt: Date; clickOrder: number } {
  const mac = Buffer.from(
    keys.mac("survey.answer-order", answer.respondentKey, String(answer.questionId)),
    "base64url",
  );
  return {
    answeredAt: dayOf(answer.at, timezone),
    updatedAt: dayOf(now, timezone),
    clickOrder: answer.at.getTime() + mac.readUIntBE(0, ORDER_OFFSET_BYTES),
  };
}
