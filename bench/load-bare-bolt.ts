import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import Database from "better-sqlite3";
import pg from "pg";
import type { Provider } from "../src/store/db.js";
import { emptyDatabase } from "./setup.js";

// The floor of the load bench (ENVIRONMENT.md "Load tests"): a bare @slack/bolt App with its own HTTPReceiver on its
// own port, the same signing secret, its Web API client pointed at the fake Slack API (token check left on: one
// auth.test at start). It verifies each request's signature, acknowledges, and answers through the response_url:
// a canned text for a slash command; for a survey click, one upsert of the answer into the same kind of database
// kpibot runs on, then "Thanks". Nothing else: no user look-up, no claim, no KPI. Slack's retries of a click
// (X-Slack-Retry-Num) are acknowledged and dropped, so there is exactly one upsert per click.

/** The canned answer to every slash command. */
export const BARE_ANSWER = "Canned answer: FCR last month 72.4 %.";

/** A running bare Bolt app. */
export interface BareBolt {
  /** Its Request URL (POST). */
  url: string;
  /** The stored answers of one survey (question id, respondent = user id, score). */
  answers(surveyId: number): Promise<{ questionId: number; respondent: string; score: number }[]>;
  stop(): Promise<void>;
}

/** One upsert per click, keeping the person's latest click (by action_ts) when clicks arrive out of order. */
const UPSERT = `INSERT INTO bare_answers (survey_id, question_id, respondent, score, action_us) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (question_id, respondent) DO UPDATE SET score = excluded.score, action_us = excluded.action_us
  WHERE bare_answers.action_us <= excluded.action_us`;
const TABLE = `CREATE TABLE bare_answers (survey_id INTEGER NOT NULL, question_id INTEGER NOT NULL, respondent TEXT NOT NULL,
  score INTEGER NOT NULL, action_us BIGINT NOT NULL, PRIMARY KEY (question_id, respondent))`;
const SELECT = "SELECT question_id, respondent, score FROM bare_answers WHERE survey_id = $1";

interface Store {
  upsert(values: [number, number, string, number, number]): Promise<void>;
  select(surveyId: number): Promise<{ question_id: number; respondent: string; score: number }[]>;
  close(): Promise<void>;
}

/** The bare app's database: a better-sqlite3 file in WAL mode (as kpibot's), or a pg pool of 10 on a fresh database. */
async function openStore(provider: Provider): Promise<Store> {
  const target = await emptyDatabase(provider);
  if (provider === "sqlite") {
    const db = new Database(target.url.slice("file:".length));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 10000");
    db.exec(TABLE);
    const upsert = db.prepare(UPSERT.replace(/\$\d/g, "?"));
    const select = db.prepare(SELECT.replace(/\$\d/g, "?"));
    return {
      upsert: async (values) => void upsert.run(...values),
      select: async (surveyId) => select.all(surveyId) as { question_id: number; respondent: string; score: number }[],
      close: async () => {
        db.close();
        await target.drop();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  // An idle connection ended by the server (the database dropped at the end) is not an error of the bench.
  pool.on("error", () => undefined);
  await pool.query(TABLE);
  return {
    upsert: async (values) => void (await pool.query(UPSERT, values)),
    select: async (surveyId) => (await pool.query(SELECT, [surveyId])).rows,
    close: async () => {
      await pool.end();
      await target.drop();
    },
  };
}

/** Slack's action_ts ("1760000000.123456") as whole microseconds. */
function micros(actionTs: string): number {
  const [s = "0", us = "0"] = actionTs.split(".");
  return Number(s) * 1_000_000 + Number(us.padEnd(6, "0").slice(0, 6));
}

/** Starts the bare app on 127.0.0.1 (an ephemeral port). */
export async function startBareBolt(opts: {
  provider: Provider;
  apiUrl: string;
  signingSecret: string;
}): Promise<BareBolt> {
  const store = await openStore(opts.provider);
  const bolt = new App({
    token: "xoxb-bare-bolt",
    signingSecret: opts.signingSecret,
    clientOptions: { slackApiUrl: opts.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  bolt.command(/.*/, async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: "ephemeral", text: BARE_ANSWER });
  });
  bolt.action(/^survey\.answer/, async ({ ack, body, action, respond, context }) => {
    await ack();
    if (context.retryNum) return;
    const click = action as { value?: string; action_ts?: string };
    const [surveyId, questionId, score] = (click.value ?? "").split(":").map(Number);
    await store.upsert([surveyId ?? 0, questionId ?? 0, body.user.id, score ?? 0, micros(click.action_ts ?? "0")]);
    await respond({ response_type: "ephemeral", replace_original: false, text: "Thanks — your answer is saved." });
  });
  const server = (await bolt.start({ port: 0, host: "127.0.0.1" })) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    async answers(surveyId) {
      const rows = await store.select(surveyId);
      return rows.map((r) => ({ questionId: Number(r.question_id), respondent: r.respondent, score: Number(r.score) }));
    },
    async stop() {
      await bolt.stop();
      await store.close();
    },
  };
}
