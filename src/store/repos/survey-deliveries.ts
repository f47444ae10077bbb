import type { Platform } from "../../core/interaction.js";
import type { Db } from "../db.js";
import { toDate, toNum, toStr } from "../sql-values.js";

/** One recorded delivery of a survey message. */
export interface Delivery {
  kind: "channel" | "direct";
  platform: Platform;
  userId: string | null;
  conversationRefId: number | null;
  messageId: string | null;
  status: string;
}

/** Where survey messages went (table survey_deliveries): channel posts, and direct messages once per person. */
export interface SurveyDeliveryRepository {
  /** Records a post into a conversation (channel posts can be repeated). */
  recordPost(d: {
    surveyId: number;
    conversationRefId: number;
    platform: Platform;
    messageId: string;
    sentAt: Date;
  }): Promise<void>;
  /**
   * Claims the direct message of a survey to one person: true for the first claim, and again after a failed send;
   * false while another is sending or once it was sent.
   */
  claimDirect(surveyId: number, platform: Platform, userId: string, now: Date): Promise<boolean>;
  /** Records how a claimed direct message went. */
  markDirect(
    surveyId: number,
    platform: Platform,
    userId: string,
    status: "sent" | "failed" | "unknown",
    fields: { refId?: number; messageId?: string; error?: string },
  ): Promise<void>;
  /** Where a survey went (sent or failed), oldest first. */
  list(surveyId: number): Promise<Delivery[]>;
  /** How many people a survey was sent to directly (sent); 0 when only posted in channels. */
  recipientCount(surveyId: number): Promise<number>;
}

/** A resolved ticket as the ticket survey reads it. */
export interface SurveyedTicket {
  id: number;
  externalId: string;
  title: string | null;
  requester: string | null;
  requesterEmail: string | null;
  resolvedAt: Date | null;
}

/** Ticket surveys (table ticket_surveys): at most one per ticket, and who it went to. */
export interface TicketSurveyRepository {
  /** The tickets of these ids that exist (any order). */
  tickets(ids: readonly number[]): Promise<SurveyedTicket[]>;
  /** Claims the survey of a ticket ('pending'); false when the ticket was surveyed (or is being surveyed) already. */
  claim(ticketId: number, surveyId: number, personKey: string, now: Date): Promise<boolean>;
  /** Records what happened to a ticket's survey (platform, user and error are cleared when not given). */
  setStatus(
    ticketId: number,
    status: string,
    extra?: { platform?: string; userId?: string; error?: string },
  ): Promise<void>;
  /** Whether this person was sent a ticket survey after `since`. */
  sentSince(personKey: string, since: Date): Promise<boolean>;
  /** Whether the ticket's survey was sent to this user. */
  sentTo(ticketId: number, surveyId: number, platform: string, userId: string): Promise<boolean>;
  /** How many ticket surveys ended in each status (sent, skipped_recent, unmapped, failed, pending) since `since`. */
  statusCounts(since: Date): Promise<Map<string, number>>;
}

/** Survey deliveries on the shared Db (raw SQL, the same on SQLite and PostgreSQL). */
export function surveyDeliveryRepository(db: Db): SurveyDeliveryRepository {
  return {
    async recordPost(d) {
      await db.execute(
        `INSERT INTO survey_deliveries (survey_id, conversation_ref_id, kind, platform, user_id, message_id, status, sent_at)
       VALUES (?, ?, 'channel', ?, NULL, ?, 'sent', ?)`,
        [d.surveyId, d.conversationRefId, d.platform, d.messageId, d.sentAt],
      );
    },
    async claimDirect(surveyId, platform, userId, now) {
      const claimed = await db.execute(
        `INSERT INTO survey_deliveries (survey_id, kind, platform, user_id, status, sent_at) VALUES (?, 'direct', ?, ?, 'sending', ?)
       ON CONFLICT (survey_id, platform, user_id) DO UPDATE SET status = 'sending', error = NULL, sent_at = excluded.sent_at
       WHERE survey_deliveries.status = 'failed'`,
        [surveyId, platform, userId, now],
      );
      return claimed !== 0;
    },
    async markDirect(surveyId, platform, userId, status, fields) {
      await db.execute(
        `UPDATE survey_deliveries SET status = ?, conversation_ref_id = ?, message_id = ?, error = ?
         WHERE survey_id = ? AND platform = ? AND user_id = ?`,
        [status, fields.refId ?? null, fields.messageId ?? null, fields.error ?? null, surveyId, platform, userId],
      );
    },
    async list(surveyId) {
      const rows = await db.query(
        `SELECT kind, platform, user_id, conversation_ref_id, message_id, status FROM survey_deliveries
     WHERE survey_id = ? ORDER BY id`,
        [surveyId],
      );
      return rows.map((r) => ({
        kind: r.kind === "direct" ? "direct" : "channel",
        platform: String(r.platform) as Platform,
        userId: toStr(r.user_id),
        conversationRefId: toNum(r.conversation_ref_id),
        messageId: toStr(r.message_id),
        status: String(r.status),
      }));
    },
    async recipientCount(surveyId) {
      const rows = await db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM survey_deliveries WHERE survey_id = ? AND kind = 'direct' AND status = 'sent'",
        [surveyId],
      );
      return toNum(rows[0]?.n) ?? 0;
    },
  };
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Ticket surveys on the shared Db (raw SQL, the same on SQLite and PostgreSQL). */
export function ticketSurveyRepository(db: Db): TicketSurveyRepository {
  return {
    async statusCounts(since) {
      const rows = await db.query<{ status: string; n: unknown }>(
        "SELECT status, COUNT(*) AS n FROM ticket_surveys WHERE at >= ? GROUP BY status",
        [since],
      );
      return new Map(rows.map((r) => [r.status, Number(r.n)]));
    },
    async tickets(ids) {
      const rows: Record<string, unknown>[] = [];
      for (const part of chunks(ids, 500)) {
        rows.push(
          ...(await db.query(
            `SELECT id, external_id, title, requester, requester_email, resolved_at FROM tickets WHERE id IN (${part.map(() => "?").join(", ")})`,
            part,
          )),
        );
      }
      return rows.map((r) => ({
        id: toNum(r.id) ?? 0,
        externalId: String(r.external_id),
        title: toStr(r.title),
        requester: toStr(r.requester),
        requesterEmail: toStr(r.requester_email),
        resolvedAt: toDate(r.resolved_at),
      }));
    },
    async claim(ticketId, surveyId, personKey, now) {
      const claimed = await db.execute(
        `INSERT INTO ticket_surveys (ticket_id, survey_id, person_key, status, at) VALUES (?, ?, ?, 'pending', ?)
     ON CONFLICT (ticket_id) DO NOTHING`,
        [ticketId, surveyId, personKey, now],
      );
      return claimed !== 0;
    },
    async setStatus(ticketId, status, extra = {}) {
      await db.execute(
        "UPDATE ticket_surveys SET status = ?, platform = ?, user_id = ?, error = ? WHERE ticket_id = ?",
        [status, extra.platform ?? null, extra.userId ?? null, extra.error ?? null, ticketId],
      );
    },
    async sentSince(personKey, since) {
      const recent = await db.query(
        "SELECT 1 AS x FROM ticket_surveys WHERE person_key = ? AND status = 'sent' AND at > ? LIMIT 1",
        [personKey, since],
      );
      return recent.length > 0;
    },
    async sentTo(ticketId, surveyId, platform, userId) {
      const rows = await db.query(
        "SELECT 1 AS x FROM ticket_surveys WHERE ticket_id = ? AND survey_id = ? AND platform = ? AND user_id = ? AND status = 'sent'",
        [ticketId, surveyId, platform, userId],
      );
      return rows.length > 0;
    },
  };
}
