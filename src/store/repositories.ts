import type { ConversationRef, Platform } from "../core/interaction.js";
import type { AlertRuleRepository } from "./repos/alert-rules.js";
import type { ClaimRepository } from "./repos/claims.js";
import type { DeliveryRepository } from "./repos/deliveries.js";
import type { DemoDataRepository } from "./repos/demo-data.js";
import type { DigestScheduleRepository } from "./repos/digest-schedules.js";
import type { ImportRunRepository } from "./repos/import-runs.js";
import type { ImportRepository } from "./repos/imports.js";
import type { SourceFreshnessRepository } from "./repos/source-freshness.js";
import type { SurveyAnswerRepository } from "./repos/survey-answers.js";
import type { SurveyDeliveryRepository, TicketSurveyRepository } from "./repos/survey-deliveries.js";
import type { SurveyImportRepository } from "./repos/survey-imports.js";
import type { SurveyRepository } from "./repos/surveys.js";
import type { SyncCursorRepository } from "./repos/sync-cursors.js";

export type { UpsertTable, WrittenBatch } from "./batch-upsert.js";
export type { AlertCondition, AlertRule, AlertRuleRepository, AlertSpec } from "./repos/alert-rules.js";
export type { ClaimRepository } from "./repos/claims.js";
export type { Claim, DeliveryRepository, FireLog, FireRow, FireStatus } from "./repos/deliveries.js";
export type { DemoDataRepository, DemoWriter } from "./repos/demo-data.js";
export type {
  DigestFrequency,
  DigestSchedule,
  DigestScheduleRepository,
  NewDigestSchedule,
} from "./repos/digest-schedules.js";
export type { ImportRunDto, ImportRunRepository, RunCounts } from "./repos/import-runs.js";
export type { ImportRepository } from "./repos/imports.js";
export type { SourceFreshnessRepository, SourceWrite, WriteVia } from "./repos/source-freshness.js";
export type {
  AnswerInput,
  ExportedAnswer,
  ScoreCount,
  StoredAnswer,
  SurveyAnswerRepository,
} from "./repos/survey-answers.js";
export type {
  Delivery,
  SurveyDeliveryRepository,
  SurveyedTicket,
  TicketSurveyRepository,
} from "./repos/survey-deliveries.js";
export type { ImportedQuestion, ImportedSurveyRef, SurveyImportRepository } from "./repos/survey-imports.js";
export type {
  Audience,
  Question,
  QuestionDraft,
  QuestionType,
  Recurrence,
  ResultsVisibility,
  Survey,
  SurveyDefinition,
  SurveyRepository,
  SurveyStatus,
} from "./repos/surveys.js";
export type { SyncCursorRepository, SyncState } from "./repos/sync-cursors.js";

/** A chat user as kpibot knows it. */
export interface ChatUserDto {
  platform: Platform;
  platformUserId: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  role: "viewer" | "manager" | "admin";
  favouriteKpis: string[];
}

/** Chat users and their roles. */
export interface UserRepository {
  get(platform: Platform, platformUserId: string): Promise<ChatUserDto | null>;
  /** Creates the user on first sight; updates name/email/locale when given. */
  touch(user: {
    platform: Platform;
    platformUserId: string;
    name?: string;
    email?: string;
    locale?: string;
  }): Promise<ChatUserDto>;
  setRole(platform: Platform, platformUserId: string, role: "viewer" | "manager" | "admin"): Promise<ChatUserDto>;
  findByEmail(email: string): Promise<ChatUserDto[]>;
  setFavourites(platform: Platform, platformUserId: string, kpis: string[]): Promise<void>;
  /** Users granted one of `roles` in chat, by platform and id (the role as stored). */
  withRoles(
    roles: readonly string[],
  ): Promise<{ platform: string; platformUserId: string; role: string; name: string | null }[]>;
}

/** Stored conversation references (for proactive posts). */
export interface ConversationRepository {
  save(ref: ConversationRef): Promise<number>;
  get(id: number): Promise<(ConversationRef & { id: number }) | null>;
  find(platform: Platform, conversationId: string): Promise<(ConversationRef & { id: number }) | null>;
  /**
   * Ids of the Teams conversations whose stored reference mentions `userId` (candidates for a personal chat with
   * them; the caller checks each reference), most recently updated first, at most 20.
   */
  teamsMentioning(userId: string): Promise<number[]>;
}

/** One audit entry. */
export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: unknown;
}

/** The audit log of admin actions. */
export interface AuditRepository {
  record(entry: { actor: string; action: string; target?: string; details?: unknown }): Promise<void>;
  recent(limit: number): Promise<AuditEntry[]>;
}

/** A KPI target set by an admin. */
export interface TargetDto {
  kpi: string;
  dimension: string;
  dimValue: string;
  target: number;
}

/** KPI targets (defaults come from the catalog; these override them). */
export interface TargetRepository {
  all(kpi?: string): Promise<TargetDto[]>;
  set(t: TargetDto & { updatedBy: string }): Promise<void>;
  remove(kpi: string, dimension?: string, dimValue?: string): Promise<boolean>;
}

/** Settings admins change from the chat (string values; each caller validates its own). */
export interface SettingRepository {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, updatedBy: string): Promise<void>;
}

/** The store itself. */
export interface HealthRepository {
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
}

/** Every repository, as the core sees the store. */
export interface Repositories {
  users: UserRepository;
  conversations: ConversationRepository;
  audit: AuditRepository;
  targets: TargetRepository;
  settings: SettingRepository;
  /** Where each ticket connector's sync stands (cursor, claim). */
  syncCursors: SyncCursorRepository;
  /** Claims of requests and clicks (answered once across retries and replicas); keyed by `dbClaims`. */
  claims: ClaimRepository;
  /** Digest schedules. */
  digests: DigestScheduleRepository;
  /** Alert rules (and what their last checks found). */
  alerts: AlertRuleRepository;
  /** The fire logs of the scheduled jobs (digest deliveries, alert checks): claims, leases, outcomes. */
  deliveries: DeliveryRepository;
  /** Surveys and their questions. */
  surveys: SurveyRepository;
  /** Survey answers (one per person and question) and the counts results are made of. */
  surveyAnswers: SurveyAnswerRepository;
  /** Where survey messages went (channel posts, direct messages once per person). */
  surveyDeliveries: SurveyDeliveryRepository;
  /** Ticket surveys: once per ticket, at most weekly per person. */
  ticketSurveys: TicketSurveyRepository;
  /** The surveys and questions an import of answers finds by title and position, or creates. */
  surveyImports: SurveyImportRepository;
  /** Bulk writes and reads of the import families' tables (imports, webhooks, syncs). */
  imports: ImportRepository;
  /** The record of every import. */
  importRuns: ImportRunRepository;
  /** The demo data (kpibot seed): emptiness check, reset, bulk writes. */
  demo: DemoDataRepository;
  /** When each source of KPI figures was last written (imports, syncs, the webhook, the seed). */
  sourceFreshness: SourceFreshnessRepository;
  /** Whether the database answers (health checks). */
  health: HealthRepository;
}
