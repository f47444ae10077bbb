import { createHash, createHmac } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { Hono } from "hono";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackAdapter, slackAdapterIfConfigured } from "../../adapters/slack/index.js";
import { blockActionsSchema } from "../../adapters/slack/payloads.js";
import { perClickKey } from "../../adapters/slack/per-click.js";
import { createTeams } from "../../adapters/teams/index.js";
import { type App, closeApp, createApp } from "../../src/app.js";
import { handleInteraction } from "../../src/commands/index.js";
import { loadConfig } from "../../src/config.js";
import { serverKeys } from "../../src/core/keys.js";
import { createHttp } from "../../src/http/server.js";
import { createLogger } from "../../src/logger.js";
import { type Db, openDb, type Provider } from "../../src/store/db.js";
import { dbClaims, startClaimsPurge } from "../../src/store/idempotency.js";
import { migrate } from "../../src/store/migrate.js";
import { prismaRepositories } from "../../src/store/prisma-repositories.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";
import { holdGroupedWrites } from "../helpers/held-writes.js";
import { type FakeSlack, startFakeSlack } from "../slack/fake-slack.js";
import { fakeImager } from "../slack/harness.js";
import { CONTENT, clickBody, commandBody, SIGNING_SECRET, slackRequest } from "../slack/requests.js";
import { type SurveyConnector, startSurveyConnector } from "../surveys/fake-connector.js";
import { type MovableClock, movableClock, SECRET } from "../surveys/helpers.js";

// Issue 14 item 5, "anonymous means unlinkable": someone who reads the whole database (but not KPIBOT_SECRET)
// must not be able to tell who gave an anonymous answer. The test plays a realistic story through the real path
// (signed Slack requests, the Slack adapter, the core, both databases): the respondent is known to kpibot (they
// used it the day before, kpibot has their name and e-mail) and received the survey by direct message, so rows
// naming them already exist. Then they answer in that DM, change their mind, and add a comment. Afterwards:
//  - every table (listed from the database catalog, so a table added later is checked too) is read, and no row
//    that names the person (user id, name, e-mail, their DM channel) changed during the answer, and none holds an
//    instant within a second of a click (the platform's click times, and the real wall-clock interval during which
//    kpibot worked, because Prisma stamps @updatedAt/@default(now()) columns with the real clock, not the app's);
//  - the only rows that hold such an instant are dedupe claims, allowed because their key is an HMAC under the
//    server secret (so a reader cannot recompute it from a list of user ids), their scope names no one, and they
//    are deleted once their 10-minute window is over (checked at the end);
//  - the answer rows carry no identity and no time finer than the day;
//  - no log line, at any level, carries the person's identity next to the comment or the answer.
// A second test checks Slack's replay window (item 8): a click's dedupe key lasts the whole signature window and
// is a keyed HMAC, not the plain SHA-256 of (team, user, click) it used to be.

const RESPONDENT = "U0RESP";
const NAME = `User ${RESPONDENT}`; // what the fake Slack's users.info answers
const EMAIL = "resp.person@example.com";
const DM = "D0RESP"; // the app's DM channel with the respondent (the fake answers a post to U… with D…)
const COMMENT = "The VPN drops every morning around nine";
const TZ = "Europe/Paris";
const DAY1 = "2026-11-15T10:00:00.000Z";
// Day 2, mid-afternoon in Paris: far from midnight, so a day-precision time can never fall within a second of it.
const CLICK = new Date("2026-11-16T14:23:17.345Z");

/** A survey button click as Slack posts it, from the respondent's DM with the app. */
function surveyClickBody(o: { value: string; n: number; at: Date; responseUrl: string }): string {
  const payload = {
    type: "block_actions",
    user: { id: RESPONDENT, username: "user-u0resp", name: "user-u0resp", team_id: "T1" },
    api_app_id: "A1",
    container: { type: "message", message_ts: "1763200000.000100", channel_id: DM, is_ephemeral: false },
    trigger_id: `1334.7384.${o.at.getTime()}`,
    team: { id: "T1", domain: "acme" },
    channel: { id: DM, name: "directmessage" },
    response_url: o.responseUrl,
    actions: [
      {
        action_id: `survey.answer#${o.n - 1}`,
        block_id: "b",
        value: o.value,
        type: "button",
        action_ts: (o.at.getTime() / 1000).toFixed(6),
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** kpibot with the Slack adapter (HTTP mode), a movable clock, and every log line kept (level trace). */
interface Kpibot {
  app: App;
  clock: MovableClock;
  slack: SlackAdapter;
  http: Hono;
  logs: string[];
  /** POSTs a body signed at the clock's current time (or at `timestamp`, in seconds). */
  post(body: string, contentType: string, timestamp?: number): Promise<Response>;
  close(): Promise<void>;
}

async function startKpibot(provider: Provider, fake: FakeSlack): Promise<Kpibot> {
  const database: TestDatabase = await createTestDatabase(provider);
  const clock = movableClock(DAY1);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const config = loadConfig(
    {
      DATABASE_URL: database.url,
      KPIBOT_SECRET: SECRET,
      KPIBOT_ADMINS: "slack:U42",
      KPIBOT_TIMEZONE: TZ,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    },
    { dotenv: false },
  );
  const app = await createApp(config, { logger: createLogger("trace", sink), clock });
  const slack = slackAdapterIfConfigured(app, {
    handle: handleInteraction,
    charts: fakeImager("png"),
    retryConfig: { retries: 0 },
  });
  if (!slack) throw new Error("Slack should be configured");
  await slack.start();
  app.messengers.slack = slack.messenger;
  const http = createHttp(app, [slack.routes]);
  return {
    app,
    clock,
    slack,
    http,
    logs,
    post: async (body, contentType, timestamp) => {
      const ts = timestamp ?? Math.floor(clock.now().getTime() / 1000);
      const res = await http.request("/slack/events", slackRequest(body, { contentType, timestamp: ts }));
      await slack.idle();
      return res;
    },
    async close() {
      await slack.stop();
      await closeApp(app);
      await database.drop();
    },
  };
}

/** Every table of the database, from its own catalog (never a hand-kept list). */
async function tableNames(db: Db): Promise<string[]> {
  const rows =
    db.provider === "sqlite"
      ? await db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      : await db.query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
        );
  return rows.map((r) => r.name);
}

/** Every row of every table, each as JSON text (instants as ISO text on PostgreSQL, epoch ms on SQLite). */
async function snapshot(db: Db): Promise<Map<string, string[]>> {
  const all = new Map<string, string[]>();
  for (const table of await tableNames(db)) {
    const rows = await db.query<Record<string, unknown>>(`SELECT * FROM "${table}"`);
    all.set(
      table,
      rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))),
    );
  }
  return all;
}

/**
 * The instants a row's text holds, whatever their form: ISO text, epoch milliseconds (SQLite's DATETIME), epoch
 * seconds (Slack's action_ts, possibly with a fraction).
 */
function instantsIn(text: string): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g)) {
    const ms = Date.parse(m[0]);
    if (Number.isFinite(ms)) found.push(ms);
  }
  for (const m of text.matchAll(/(?<![\d.])(\d{13}|\d{10}(?:\.\d+)?)(?![\d])/g)) {
    const digits = m[1] ?? "";
    found.push(digits.length === 13 ? Number(digits) : Math.round(Number(digits) * 1000));
  }
  return found;
}

/** Rows present in `after` but not in `before` (a changed row counts as new), per table. */
function changedRows(before: Map<string, string[]>, after: Map<string, string[]>): Map<string, string[]> {
  const changed = new Map<string, string[]>();
  for (const [table, rows] of after) {
    const old = new Map<string, number>();
    for (const r of before.get(table) ?? []) old.set(r, (old.get(r) ?? 0) + 1);
    const fresh = rows.filter((r) => {
      const n = old.get(r) ?? 0;
      if (n === 0) return true;
      old.set(r, n - 1);
      return false;
    });
    if (fresh.length > 0) changed.set(table, fresh);
  }
  return changed;
}

/** A slash command typed by the respondent in their DM with the app. */
const dmSender = { user_id: RESPONDENT, user_name: "user-u0resp", channel_id: DM, channel_name: "directmessage" };

const IDENTITY = [RESPONDENT, NAME, "user-u0resp", EMAIL, DM].map((s) => s.toLowerCase());
const namesThePerson = (text: string) => IDENTITY.some((id) => text.toLowerCase().includes(id));

describe.each(await testProviders())("anonymous survey answers are unlinkable on %s", (provider) => {
  let fake: FakeSlack;
  let k: Kpibot;

  beforeAll(async () => {
    fake = await startFakeSlack();
    k = await startKpibot(provider, fake);
  }, 60_000);
  afterAll(async () => {
    await k?.close();
    await fake?.close();
  });

  it("an answer and a comment in a DM leave no row and no log line that ties them to the person", async () => {
    // Day 1: the respondent uses kpibot (kpibot learns their name), their e-mail is known (as an import or Teams
    // would store it), and the admin creates an anonymous survey and sends it to them by direct message.
    expect(
      (await k.post(commandBody("help", `${fake.responseBase}/h`, { user_id: RESPONDENT }), CONTENT.form)).status,
    ).toBe(200);
    await k.app.repos.users.touch({ platform: "slack", platformUserId: RESPONDENT, email: EMAIL });
    await k.post(
      commandBody('survey new "Pulse" csat "How was it?" comment closes 2026-11-20', `${fake.responseBase}/n`),
      CONTENT.form,
    );
    await k.post(commandBody(`survey send 1 to <@${RESPONDENT}>`, `${fake.responseBase}/s`), CONTENT.form);
    expect(fake.callsOf("chat.postMessage").at(-1)?.args.channel).toBe(RESPONDENT);
    // The setup must have produced rows naming the person, or the checks below would prove nothing.
    const setup = await snapshot(k.app.db);
    const naming = [...setup].filter(([, rows]) => rows.some(namesThePerson)).map(([table]) => table);
    expect(naming).toEqual(expect.arrayContaining(["chat_users", "conversation_refs", "survey_deliveries"]));

    // Day 2: the respondent answers 4 in the DM, changes their mind to 5, then adds a comment.
    // Rows written by the setup carry real instants too: leave a gap so none falls inside the answer's interval.
    await new Promise((r) => setTimeout(r, 50));
    const realStart = Date.now();
    const clicks = [CLICK, new Date(CLICK.getTime() + 2_000), new Date(CLICK.getTime() + 5_000)];
    const before = await snapshot(k.app.db);
    const firstLog = k.logs.length;
    const answer = async (n: number, at: Date) => {
      k.clock.set(at);
      const body = surveyClickBody({ value: `1:1:${n}`, n, at, responseUrl: `${fake.responseBase}/a${n}` });
      expect((await k.post(body, CONTENT.form)).status).toBe(200);
    };
    await answer(4, clicks[0] as Date);
    await answer(5, clicks[1] as Date);
    k.clock.set(clicks[2] as Date);
    const comment = commandBody(`survey comment 1 ${COMMENT}`, `${fake.responseBase}/c`, dmSender);
    expect((await k.post(comment, CONTENT.form)).status).toBe(200);
    const realEnd = Date.now();
    const after = await snapshot(k.app.db);

    // The answers went through: the person was thanked for each, and the rows hold the last click and the comment.
    const confirmations = fake.responses.slice(-3).map((r) => r.body.text ?? "");
    expect(confirmations[1]).toContain("you answered *5/5*");
    expect(confirmations[2]).toContain(COMMENT);
    const stored = await k.app.db.query<Record<string, unknown>>(
      "SELECT * FROM survey_answers WHERE survey_id = 1 ORDER BY question_id",
    );
    expect(stored.map((r) => [Number(r.score ?? -1), r.text ?? null, r.user_id])).toEqual([
      [5, null, null],
      [-1, COMMENT, null],
    ]);
    // One answer per person still holds: both rows carry the keyed hash of the respondent, and nothing else of them.
    const respondentKey = createHmac("sha256", SECRET).update(`slack:${RESPONDENT}:1`).digest("hex");
    expect(stored.map((r) => r.respondent_key)).toEqual([respondentKey, respondentKey]);
    // Times to the day only: local midnight of the click's day; click_order says nothing about the time of day.
    const midnight = DateTime.fromJSDate(CLICK, { zone: TZ }).startOf("day").toMillis();
    for (const r of stored) {
      expect(instantsIn(JSON.stringify(r.answered_at))).toEqual([midnight]);
      expect(instantsIn(JSON.stringify(r.updated_at))).toEqual([midnight]);
      expect(Math.abs(Number(r.click_order) - CLICK.getTime())).toBeGreaterThan(24 * 3_600_000);
    }

    const inClickWindow = (ms: number) =>
      clicks.some((c) => Math.abs(ms - c.getTime()) <= 1_000) || (ms >= realStart && ms <= realEnd);
    const dated = (text: string) => instantsIn(text).some(inClickWindow);

    // Nothing that names the person was written while they answered.
    const changed = changedRows(before, after);
    for (const [table, rows] of changed) {
      for (const row of rows) expect(namesThePerson(row), `${table}: ${row}`).toBe(false);
    }
    // The answer wrote its own rows and dedupe claims, nothing else. (SQLite counts rows per table in
    // sqlite_sequence, and the answer cache's data_versions counts writes per source: a name and a number,
    // no time, no person.)
    const allowedToChange = [
      "data_versions",
      "idempotency_keys",
      "survey_answers",
      ...(provider === "sqlite" ? ["sqlite_sequence"] : []),
    ];
    expect([...changed.keys()].sort()).toEqual(allowedToChange.sort());

    // Every row of every table: none that names the person holds an instant of the clicks, and the only rows
    // holding one are dedupe claims, whose keys are HMACs under the server key (checked in the test below) and
    // whose scope names no one.
    for (const [table, rows] of after) {
      for (const row of rows) {
        if (!dated(row)) continue;
        expect(namesThePerson(row), `${table}: ${row}`).toBe(false);
        expect(table, `an instant of the clicks in ${table}: ${row}`).toBe("idempotency_keys");
      }
    }

    // Logs at every level (trace included): the person never appears next to the comment or an answer. A comment
    // that fails to be stored is the case that used to log both (the command text with the user id): make the
    // database refuse the next one.
    // Answers are written through the group commit (executeGrouped): that is where the disk fails.
    const disk = holdGroupedWrites(k.app.db, "INSERT INTO survey_answers");
    disk.fail(new Error("disk I/O error"));
    try {
      k.clock.set(new Date(CLICK.getTime() + 9_000));
      await k.post(commandBody(`survey comment 1 ${COMMENT}`, `${fake.responseBase}/c2`, dmSender), CONTENT.form);
    } finally {
      disk.restore();
    }
    expect(fake.responses.at(-1)?.body.text).toMatch(/went wrong|error/i);
    const lines = k.logs.slice(firstLog);
    expect(lines.some((l) => l.includes("command failed"))).toBe(true);
    const answerLines = lines.filter((l) => l.includes(COMMENT) || /\b1:1:[45]\b/.test(l));
    for (const line of answerLines) expect(namesThePerson(line), line).toBe(false);

    // Dedupe claims outlive their window by at most a tick of the purge job (every second here): the clicks'
    // after 10 minutes, the slash command's (a key of team and trigger id, naming no one) after its day.
    const claimsLeft = async (scope?: string) =>
      (await snapshot(k.app.db))
        .get("idempotency_keys")
        ?.filter((r) => instantsIn(r).some(inClickWindow) && (scope === undefined || r.includes(`"${scope}"`)))
        .length ?? 0;
    const purge = startClaimsPurge(
      k.app,
      dbClaims(k.app.repos.claims, () => k.app.clock.now(), k.app.keys),
      {
        cron: "* * * * * *",
      },
    );
    const purged = async (scope?: string) => {
      const deadline = Date.now() + 5_000;
      while ((await claimsLeft(scope)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      return (await claimsLeft(scope)) === 0;
    };
    try {
      expect(await claimsLeft("slack.per-click")).toBe(2);
      k.clock.set(new Date(CLICK.getTime() + 9 * 60_000));
      expect(await purged("slack.per-click")).toBe(false);
      k.clock.set(new Date(CLICK.getTime() + 11 * 60_000));
      expect(await purged("slack.per-click")).toBe(true);
      k.clock.set(new Date(CLICK.getTime() + 24 * 3_600_000 + 60_000));
      expect(await purged()).toBe(true);
    } finally {
      await purge.stop();
    }
  }, 60_000);

  it("a Slack click's dedupe key lasts the whole 5-minute signature window and is an HMAC under the server key", async () => {
    const t0 = new Date("2026-11-17T09:00:00.000Z");
    k.clock.set(t0);
    const ts = Math.floor(t0.getTime() / 1000);
    const responses = () => fake.responses.length;

    // A KPI button and a survey answer, each posted once, then the very same signed bytes replayed 299 s later
    // (Slack's signature still valid): neither may be answered twice.
    const kpi = clickBody({ actionId: "kpi.previous", value: "fcr 2026-09", responseUrl: `${fake.responseBase}/k` });
    const survey = surveyClickBody({ value: "1:1:3", n: 3, at: t0, responseUrl: `${fake.responseBase}/v` });
    const start = responses();
    expect((await k.post(kpi, CONTENT.form, ts)).status).toBe(200);
    expect((await k.post(survey, CONTENT.form, ts)).status).toBe(200);
    expect(responses()).toBe(start + 2);
    k.clock.set(new Date(t0.getTime() + 299_000));
    expect((await k.post(kpi, CONTENT.form, ts)).status).toBe(200);
    expect((await k.post(survey, CONTENT.form, ts)).status).toBe(200);
    expect(responses()).toBe(start + 2);

    const claims = await k.app.db.query<{ key: string; scope: string; created_at: unknown; expires_at: unknown }>(
      'SELECT "key", scope, created_at, expires_at FROM idempotency_keys',
    );
    const ofT0 = claims.filter((c) => instantsIn(JSON.stringify(c.created_at)).includes(t0.getTime()));
    expect(ofT0.map((c) => c.scope).sort()).toEqual(["slack.action", "slack.click", "slack.per-click"]);
    for (const c of ofT0) {
      const kept = instantsIn(JSON.stringify(c.expires_at))[0] ?? 0;
      // The replay protection (one key per click) is kept at least the 5-minute window; the per-button
      // double-click key is the one allowed to be shorter (a deliberate click a minute later is answered).
      if (c.scope !== "slack.action") expect(kept - t0.getTime()).toBeGreaterThanOrEqual(5 * 60_000);
      expect(c.key.toLowerCase()).not.toContain(RESPONDENT.toLowerCase());
      expect(c.key).not.toContain("U42");
    }
    // Not the plain SHA-256 of (team, user, click) that the keys used to be, which anyone holding a list of user
    // ids could recompute from the action_ts (a click time in seconds) and the claim's created_at …
    const surveyPayload = blockActionsSchema.parse(JSON.parse(new URLSearchParams(survey).get("payload") ?? "{}"));
    const unsalted = createHash("sha256")
      .update(JSON.stringify(["T1", RESPONDENT, surveyPayload.actions[0]?.action_ts, "survey.answer", "1:1:3"]))
      .digest("hex");
    const keys = ofT0.map((c) => c.key);
    for (const plain of [`slack.per-click:${unsalted}`, unsalted]) expect(keys).not.toContain(plain);
    // … but an HMAC under the key derived from KPIBOT_SECRET: the same click hashed under another secret differs.
    const raw = perClickKey(surveyPayload, "survey.answer", "1:1:3");
    expect(keys).toContain(serverKeys(SECRET).mac("idempotency-key", raw));
    expect(keys).not.toContain(serverKeys("another-secret-0123456789").mac("idempotency-key", raw));
  }, 60_000);
});

// Answers stored before the rule existed carry their exact click time: the migration that brings the rule cuts
// them to the day (it cannot read KPIBOT_TIMEZONE: the UTC day, dated at its noon), leaves named answers alone,
// and drops the dedupe claims stored as plain hashes.
describe.each(await testProviders())("the migration to unlinkable answers on %s", (provider) => {
  const RULE = "20261227090000_unlinkable_anonymous_answers";
  let database: TestDatabase | undefined;
  const before = mkdtempSync(join(tmpdir(), "kpibot-migrations-"));
  afterAll(async () => {
    await database?.drop();
    rmSync(before, { recursive: true, force: true });
  });

  it("cuts stored anonymous answer times to the day and deletes unsalted claims", async () => {
    database = await createTestDatabase(provider);
    // The database as it was just before the rule: every earlier migration, from a copy of the folder.
    const all = join(process.cwd(), "prisma", provider, "migrations");
    for (const name of readdirSync(all)) {
      if (name < RULE) cpSync(join(all, name), join(before, name), { recursive: true });
    }
    await migrate(database.url, { dir: before });
    const db = await openDb(database.url);
    try {
      const at = new Date("2026-11-16T14:23:17.345Z");
      const survey = (anonymous: boolean) =>
        prismaRepositories(db).surveys.create(
          {
            title: anonymous ? "Anonymous" : "Named",
            audience: "users",
            anonymous,
            resultsVisibility: "after_close",
            opensAt: new Date("2026-11-10T08:00:00Z"),
            closesAt: null,
            recurrence: null,
            reminderAt: null,
            locale: "en",
            createdBy: "slack:U42",
            conversationRefId: null,
            questions: [{ type: "csat", prompt: "How was it?" }],
          },
          new Date("2026-11-10T08:00:00Z"),
        );
      for (const s of [await survey(true), await survey(false)]) {
        if (!s) throw new Error("survey not created");
        await db.execute(
          `INSERT INTO survey_answers (survey_id, question_id, respondent_key, user_id, score, answered_at, updated_at)
           VALUES (?, ?, ?, ?, 4, ?, ?)`,
          [s.id, s.questions[0]?.id ?? 0, s.anonymous ? "hmac" : "slack:U7", s.anonymous ? null : "slack:U7", at, at],
        );
      }
      await db.execute(`INSERT INTO idempotency_keys ("key", scope, created_at) VALUES (?, 'slack.per-click', ?)`, [
        createHash("sha256").update("T1 U7 click").digest("hex"),
        at,
      ]);
    } finally {
      await db.close();
    }

    expect((await migrate(database.url)).applied).toContain(RULE);
    const after = await openDb(database.url);
    try {
      const rows = await after.query<Record<string, unknown>>(
        "SELECT s.anonymous, a.answered_at, a.updated_at, a.click_order FROM survey_answers a JOIN surveys s ON s.id = a.survey_id ORDER BY s.id",
      );
      const times = rows.map((r) => [
        instantsIn(JSON.stringify(r.answered_at))[0],
        instantsIn(JSON.stringify(r.updated_at))[0],
        Number(r.click_order),
      ]);
      const noon = Date.parse("2026-11-16T12:00:00.000Z");
      const exact = Date.parse("2026-11-16T14:23:17.345Z");
      expect(times).toEqual([
        [noon, noon, 0],
        [exact, exact, 0],
      ]);
      expect(await after.query("SELECT * FROM idempotency_keys")).toEqual([]);
    } finally {
      await after.close();
    }
  }, 60_000);
});

// The same rule in Microsoft Teams, where a survey sent by direct message is answered in the person's personal
// chat with the bot: its conversation reference names the person, so the Teams turn must not save it on an answer
// (nor the core record the person), while a named survey may.
describe.each(await testProviders())("a Teams answer in a personal chat on %s", (provider) => {
  const ALICE = { id: "29:alice-unlinkable", name: "Alice Unlinkable" };
  const PERSONAL = "a:1personal-chat-with-alice";
  let t: TestApp;
  let http: Hono;
  let connector: SurveyConnector;
  let seq = 0;
  const clock = movableClock("2026-11-16T09:00:00Z");
  const post = async (activity: unknown) => {
    const res = await http.request("/api/messages", {
      method: "POST",
      body: JSON.stringify(activity),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(200);
  };
  /** A click on a survey card in Alice's personal chat with the bot. */
  const click = (value: string) =>
    post({
      type: "message",
      id: `act-${++seq}`,
      timestamp: clock.now().toISOString(),
      channelId: "msteams",
      serviceUrl: connector.url,
      from: ALICE,
      recipient: { id: "28:kpibot-app", name: "kpibot" },
      conversation: { conversationType: "personal", tenantId: "t1", id: PERSONAL },
      channelData: { tenant: { id: "t1" } },
      locale: "en-US",
      value: { actionId: "survey.answer", value },
      replyToId: "card-1",
    });

  beforeAll(async () => {
    connector = await startSurveyConnector();
    t = await createTestApp(provider, { clock, env: { KPIBOT_SECRET: SECRET, KPIBOT_ADMINS: "teams:29:admin" } });
    const teams = createTeams(t.app, { retry: { sleep: async () => undefined, random: () => 0.5 } });
    t.app.messengers.teams = teams.messenger;
    http = createHttp(t.app, [teams.routes]);
  }, 60_000);
  afterAll(async () => {
    await connector?.close();
    await t?.close();
  });

  it("stores the answer and writes nothing that names the person; a named survey's click may", async () => {
    const admin = { platform: "teams" as const, id: "29:admin" };
    const say = (text: string) =>
      handleInteraction(t.app, {
        kind: "command",
        text,
        user: admin,
        conversation: { platform: "teams", conversationId: "19:admin-chat" },
      });
    await say('survey new "Pulse" csat closes 2026-11-20');
    await say('survey new "Named pulse" csat named closes 2026-11-20');
    const naming = (snap: Map<string, string[]>) =>
      [...changedRows(before, snap)].filter(([, rows]) =>
        rows.some((r) => [ALICE.id, ALICE.name, PERSONAL].some((id) => r.includes(id))),
      );

    const before = await snapshot(t.app.db);
    clock.set("2026-11-16T14:23:17.345Z");
    await click("1:1:4");
    const answered = await snapshot(t.app.db);
    expect(answered.get("survey_answers")?.filter((r) => r.includes('"score":4'))).toHaveLength(1);
    expect(naming(answered).map(([table]) => table)).toEqual([]);

    // The control: a named survey keeps who answered, and the same path then records the person and the chat,
    // so the check above would have seen them.
    await click("2:2:5");
    const named = await snapshot(t.app.db);
    expect(naming(named).map(([table]) => table)).toEqual(
      expect.arrayContaining(["chat_users", "conversation_refs", "survey_answers"]),
    );
  }, 60_000);
});
