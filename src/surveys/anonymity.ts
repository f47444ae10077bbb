import { createHmac } from "node:crypto";
import type { Platform } from "../core/interaction.js";
import { KpibotError } from "../errors.js";

/** Results and breakdowns are never shown for fewer respondents than this (KPIS.md). */
export { ANONYMITY_THRESHOLD } from "../kpi/anonymity.js";

/** Who answered, as stored: an HMAC for anonymous surveys, the user key otherwise; plus the user id column. */
export interface Respondent {
  respondentKey: string;
  /** `platform:id` for named surveys; null for anonymous ones (no identity is stored). */
  userId: string | null;
}

/**
 * The respondent key of an anonymous answer: HMAC-SHA256(KPIBOT_SECRET, `platform:userId:surveyId`), hex.
 * Keyed by the survey so keys cannot be matched across surveys, and by a server secret so they cannot be
 * recomputed from a list of user ids by someone who only reads the database.
 */
export function anonymousKey(secret: string, platform: Platform, userId: string, surveyId: number): string {
  return createHmac("sha256", secret).update(`${platform}:${userId}:${surveyId}`).digest("hex");
}

/** The stored identity of one person's answer to a survey (a ticket survey is keyed per ticket). */
export function respondentOf(
  survey: { id: number; anonymous: boolean },
  user: { platform: Platform; id: string },
  secret: string | undefined,
  ticketId?: number,
): Respondent {
  const userKey = `${user.platform}:${user.id}`;
  if (!survey.anonymous) {
    return { respondentKey: ticketId === undefined ? userKey : `${userKey}:ticket:${ticketId}`, userId: userKey };
  }
  return { respondentKey: anonymousKey(requireSecret(secret), user.platform, user.id, survey.id), userId: null };
}

/** KPIBOT_SECRET, or a CONFIG_INVALID error saying how to set it (anonymous surveys cannot run without it). */
export function requireSecret(secret: string | undefined): string {
  if (secret) return secret;
  throw new KpibotError(
    "CONFIG_INVALID",
    "Anonymous surveys need KPIBOT_SECRET (at least 16 characters, e.g. `openssl rand -hex 32`): it keys the hash " +
      "that keeps one answer per person without storing who answered. Set it, or make the survey `named`.",
  );
}
