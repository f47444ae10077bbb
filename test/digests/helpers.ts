import { Writable } from "node:stream";
import { type App, closeApp, createApp } from "../../src/app.js";
import { executeInteraction, type Outcome } from "../../src/commands/index.js";
import { loadConfig } from "../../src/config.js";
import { type Clock, fixedClock } from "../../src/core/clock.js";
import type { ConversationRef, Interaction } from "../../src/core/interaction.js";
import { type Messenger, outcomeUnknown, type PostOptions } from "../../src/core/messenger.js";
import { scheduledJobs } from "../../src/jobs.js";
import { createLogger } from "../../src/logger.js";
import { renderText } from "../../src/reply/render-text.js";
import type { Reply } from "../../src/reply/types.js";
import { insertRows } from "../../src/store/bulk.js";
import type { Db, SqlParam } from "../../src/store/db.js";
import type { TestDatabase } from "../helpers/databases.js";

/** The scheduler's jobs, as kpibot runs them (digests, then alerts). */
export const jobs = scheduledJobs();

/** A clock tests move by hand. */
export function movableClock(start: Date): Clock & { set(at: Date | string): void } {
  let now = start;
  return {
    now: () => new Date(now.getTime()),
    set: (at) => {
      now = new Date(at);
    },
  };
}

/** Text with non-breaking and narrow spaces (number formats) as plain spaces, for readable assertions. */
export function plain(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, " ");
}

/** One post a recording messenger saw. */
export interface Post {
  ref: ConversationRef;
  reply: Reply;
  text: string;
  messageId: string;
  /** The delivery id the post carried (what `find` looks for). */
  deliveryId?: string;
}

/** What a recording messenger does with a post. */
export interface RecordingOptions {
  failFor?: (ref: ConversationRef) => Error | undefined;
  /** Never answers and posts nothing (a process killed before the platform got the message). */
  hang?: boolean;
  /** Posts, then never answers (a process killed after the platform accepted the message). */
  landThenHang?: boolean;
  /** Posts, then fails as OUTCOME_UNKNOWN (the platform answered too late, or the connection dropped). */
  landThenUnknown?: boolean;
  /** Waits for this before posting (a slow platform: the message lands when released). */
  gate?: Promise<void>;
  /** Whether the platform can be searched (`find`), as Slack can and Teams cannot (default true). */
  canFind?: boolean;
  /** The conversations' messages, shared by the messengers of several replicas (default: this messenger's posts). */
  channel?: Post[];
  prefix?: string;
}

/** A Messenger that records posts (and can fail for some conversations, hang like a killed process, or lose answers). */
export function recordingMessenger(
  opts: RecordingOptions = {},
): Messenger & { posts: Post[]; attempts: number; looks: number } {
  const posts: Post[] = [];
  const channel = opts.channel ?? posts;
  const m: Messenger & { posts: Post[]; attempts: number; looks: number } = {
    posts,
    attempts: 0,
    looks: 0,
    async post(ref: ConversationRef, reply: Reply, postOpts: PostOptions = {}) {
      m.attempts++;
      if (opts.hang) return new Promise<never>(() => undefined);
      if (opts.gate) await opts.gate;
      const failure = opts.failFor?.(ref);
      if (failure) throw failure;
      const messageId = `${opts.prefix ?? "m"}${channel.length + 1}`;
      const post: Post = { ref, reply, text: plain(renderText(reply)), messageId, ...postOpts };
      posts.push(post);
      if (channel !== posts) channel.push(post);
      if (opts.landThenHang) return new Promise<never>(() => undefined);
      if (opts.landThenUnknown) throw outcomeUnknown("post", new Error("socket hang up"));
      return { messageId };
    },
    async update() {},
  };
  if (opts.canFind !== false) {
    m.find = async (ref, deliveryId) => {
      m.looks++;
      const found = channel.find((p) => p.deliveryId === deliveryId && p.ref.conversationId === ref.conversationId);
      return found ? { messageId: found.messageId } : undefined;
    };
  }
  return m;
}

/** Moves the test clock (the real clock of leases) to `iso` and returns it as the run's instant too. */
export function runAt(clock: ReturnType<typeof movableClock>, iso: string): { now: Date } {
  clock.set(iso);
  return { now: new Date(iso) };
}

/** Log lines of a replica at info level and above, parsed (for what the log says happened). */
export type LogLines = { level: number; msg: string; [key: string]: unknown }[];

/** Another replica: an App of its own on the same database (as a second kpibot process would be); `logs` collects its log. */
export async function replicaOf(
  database: TestDatabase,
  clock: Clock,
  env: Record<string, string> = {},
  logs?: LogLines,
): Promise<App> {
  const config = loadConfig({ DATABASE_URL: database.url, ...env }, { dotenv: false });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) logs?.push(JSON.parse(line));
      done();
    },
  });
  const logger = logs ? createLogger("info", sink, "json") : createLogger("silent");
  return createApp(config, { logger, clock });
}

/** Closes replicas (not the test app itself). */
export async function closeAll(apps: App[]): Promise<void> {
  for (const app of apps) await closeApp(app);
}

/** A typed command from slack:U1 (an admin in these tests unless `user` says otherwise) in slack:C1. */
export function typed(
  text: string,
  opts: { user?: string; conversation?: string; locale?: string; at?: Date } = {},
): Interaction {
  return {
    kind: "command",
    text,
    user: { platform: "slack", id: opts.user ?? "U1" },
    conversation: { platform: "slack", conversationId: opts.conversation ?? "C1", teamId: "T1" },
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(opts.at ? { at: opts.at } : {}),
  };
}

/** Runs a typed command and returns the outcome plus its text. */
export async function ask(
  app: App,
  text: string,
  opts: Parameters<typeof typed>[1] = {},
): Promise<Outcome & { text: string }> {
  const outcome = await executeInteraction(app, typed(text, opts));
  return { ...outcome, text: plain(renderText(outcome.reply)) };
}

/** A ticket of a fixture (UTC ISO instants). */
export interface Ticket {
  id: string;
  opened: string;
  resolved?: string;
  due?: string;
  fcr?: boolean;
  group?: string;
}

/** Inserts tickets with the columns the SLA/FCR/MTTR/volume KPIs read. */
export async function insertTickets(db: Db, tickets: readonly Ticket[]): Promise<void> {
  const d = (iso?: string): Date | null => (iso ? new Date(iso) : null);
  const rows: SqlParam[][] = tickets.map((t) => [
    t.id,
    "incident",
    d(t.opened),
    d(t.resolved),
    d(t.due),
    t.fcr ?? null,
    t.group ?? null,
    1,
    0,
    false,
  ]);
  const cols = ["external_id", "kind", "opened_at", "resolved_at", "resolution_due_at"];
  cols.push("first_contact_resolution", "group_name", "support_level", "reopen_count", "automated");
  await insertRows(db, "tickets", cols, rows);
}

/** A row of the digest delivery log. */
export interface DeliveryRow {
  schedule: number;
  fire: Date;
  status: string;
  attempts: number;
  origin: string;
  error: string | null;
  claimedBy: string | null;
  messageId: string | null;
}

/** The delivery log of digests, oldest fire first. */
export async function deliveries(db: Db): Promise<DeliveryRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    "SELECT schedule_id, fire_time, status, attempts, origin, error, claimed_by, message_id FROM digest_deliveries ORDER BY fire_time, schedule_id",
  );
  return rows.map((r) => ({
    schedule: Number(r.schedule_id),
    fire: r.fire_time instanceof Date ? r.fire_time : new Date(Number(r.fire_time)),
    status: String(r.status),
    attempts: Number(r.attempts),
    origin: String(r.origin),
    error: r.error === null ? null : String(r.error),
    claimedBy: r.claimed_by === null ? null : String(r.claimed_by),
    messageId: r.message_id === null ? null : String(r.message_id),
  }));
}

export { fixedClock };
