/**
 * The load bench (`npm run bench -- --load`, or `npx tsx bench/load.ts`): a Monday-morning burst in Slack's wire
 * format — signed slash commands and survey clicks at concurrency 50 and 200 — against kpibot and, in the same run
 * and on the same machine, a bare Bolt app (the floor), on SQLite and PostgreSQL. Prints ack p50/p99/max, acks over
 * 3 s, answer latency, answers/s and the ratios to the bare app; lost / doubled / wrong survey answers against the
 * plan; the reading of issue 15's goals; the machine's load at the start and the end. Exit code 1 only when an
 * answer was lost, doubled or wrong: the latency goals are read, never asserted.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname } from "node:path";
import type { Provider } from "../src/store/db.js";
import { anonymousKey } from "../src/surveys/index.js";
import { LOAD_USAGE, type LoadArgs, parseLoadArgs } from "./load-args.js";
import { startBareBolt } from "./load-bare-bolt.js";
import { type LoadClient, startLoadClient } from "./load-driver.js";
import { LOAD_KPIBOT_SECRET, type LoadKpibot, startLoadKpibot } from "./load-kpibot.js";
import { clickPhase, commandPhase, type Target } from "./load-phases.js";
import { type PlanSurvey, planClicks, planCommands, QUESTION_MIXES } from "./load-plan.js";
import { clickTable, commandTable, goalLines, type LevelResult, readGoals } from "./load-report.js";
import { LOAD_SIGNING_SECRET } from "./load-wire.js";

const log = (line: string) => console.log(line);
const loads = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");
/** The survey's questions, in order, with their score ranges. */
const QUESTIONS = [
  { type: "csat", min: 1, max: 5 },
  { type: "nps", min: 0, max: 10 },
  { type: "yes_no", min: 0, max: 1 },
] as const;

/** A fresh anonymous survey in kpibot's database, open now. */
async function kpibotSurvey(kpibot: LoadKpibot, questions: number): Promise<PlanSurvey> {
  const now = new Date();
  const survey = await kpibot.app.repos.surveys.create(
    {
      title: "Monday pulse",
      audience: "users",
      anonymous: true,
      resultsVisibility: "live",
      opensAt: new Date(now.getTime() - 3_600_000),
      closesAt: new Date(now.getTime() + 3_600_000),
      recurrence: null,
      reminderAt: null,
      locale: "en",
      createdBy: "load-bench",
      conversationRefId: null,
      questions: QUESTIONS.slice(0, questions).map((q) => ({ type: q.type, prompt: `How was it (${q.type})?` })),
    },
    now,
  );
  if (!survey) throw new Error("the bench survey could not be created");
  return {
    id: survey.id,
    questions: survey.questions.map((q) => {
      const range = QUESTIONS.find((d) => d.type === q.type) ?? QUESTIONS[0];
      return { id: q.id, min: range.min, max: range.max };
    }),
  };
}

async function level(
  client: LoadClient,
  provider: Provider,
  kpibot: LoadKpibot,
  bare: Awaited<ReturnType<typeof startBareBolt>>,
  concurrency: number,
  index: number,
  args: LoadArgs,
): Promise<LevelResult> {
  const k: Target = { app: "kpibot", url: kpibot.url, idle: () => kpibot.slack.idle() };
  const b: Target = { app: "bare", url: bare.url };
  const base = client.responseBase;
  const tag = `${provider}-${concurrency}`;
  const before = await kpibot.serverView();
  // New people and new questions at each level: neither kpibot's user directory nor its answer cache carries over.
  const mix = QUESTION_MIXES[index % QUESTION_MIXES.length] ?? [];
  const commands = (run: string) =>
    planCommands({ count: args.commands, people: 300, userPrefix: `UL${index}P`, mix, run, responseBase: base });
  log(`  ${concurrency} concurrent: ${args.commands} slash commands to kpibot, then to the bare app`);
  const cmdK = await commandPhase(client, k, `cmd-k-${tag}`, commands(`cmd-k-${tag}`), concurrency);
  const cmdB = await commandPhase(client, b, `cmd-b-${tag}`, commands(`cmd-b-${tag}`), concurrency);
  const survey = await kpibotSurvey(kpibot, args.questions);
  const now = new Date();
  const people = (run: string) => ({ people: args.people, run, responseBase: base, now });
  const planK = planClicks({ survey, userPrefix: `UK${concurrency}P`, ...people(`clk-k-${tag}`) });
  log(
    `  ${concurrency} concurrent: ${planK.requests.length} survey requests (${planK.clicks} clicks) to kpibot, then to the bare app`,
  );
  const userOf = new Map<string, string>();
  for (const key of planK.expected.keys()) {
    const user = key.slice(0, key.indexOf(":"));
    userOf.set(anonymousKey(LOAD_KPIBOT_SECRET, "slack", user, survey.id), user);
  }
  const clickK = await clickPhase(client, k, `clk-k-${tag}`, planK, concurrency, async () => {
    const rows = await kpibot.app.db.query<{ question_id: number; respondent_key: string; score: number }>(
      "SELECT question_id, respondent_key, score FROM survey_answers WHERE survey_id = ?",
      [survey.id],
    );
    return rows.map((r) => ({
      key: `${userOf.get(r.respondent_key) ?? r.respondent_key}:${Number(r.question_id)}`,
      score: Number(r.score),
    }));
  });
  // The bare app's survey: the same questions under ids of its own.
  const bareId = 1000 + concurrency;
  const bareSurvey: PlanSurvey = {
    id: bareId,
    questions: survey.questions.map((q, i) => ({ ...q, id: bareId * 10 + i })),
  };
  const planB = planClicks({ survey: bareSurvey, userPrefix: `UB${concurrency}P`, ...people(`clk-b-${tag}`) });
  const clickB = await clickPhase(client, b, `clk-b-${tag}`, planB, concurrency, async () =>
    (await bare.answers(bareId)).map((r) => ({ key: `${r.respondent}:${r.questionId}`, score: r.score })),
  );
  const after = await kpibot.serverView();
  return {
    provider,
    concurrency,
    commands: { kpibot: cmdK, bare: cmdB },
    clicks: { kpibot: clickK, bare: clickB },
    server: {
      acks: after.acks - before.acks,
      acksOver3s: after.acksOver3s - before.acksOver3s,
      answers: after.answers - before.answers,
      answersOver3s: after.answersOver3s - before.answersOver3s,
    },
  };
}

async function onDatabase(client: LoadClient, provider: Provider, args: LoadArgs): Promise<LevelResult[]> {
  log(
    `\n${provider}: starting kpibot (demo data, ${args.tickets.toLocaleString("en-US")} tickets) and the bare Bolt app`,
  );
  const kpibot = await startLoadKpibot({
    provider,
    apiUrl: client.apiUrl,
    signingSecret: LOAD_SIGNING_SECRET,
    tickets: args.tickets,
  });
  const bare = await startBareBolt({ provider, apiUrl: client.apiUrl, signingSecret: LOAD_SIGNING_SECRET }).catch(
    async (error: unknown) => {
      await kpibot.stop();
      throw error;
    },
  );
  try {
    log(
      `  seeded ${kpibot.tickets.toLocaleString("en-US")} tickets in ${(kpibot.seedMs / 1000).toFixed(1)} s; load ${loads()}`,
    );
    // Warm-up, not measured: a few `help` commands to each app (connections, JIT), no KPI asked (the cache stays cold).
    const warm = (run: string) =>
      planCommands({
        count: 10,
        people: 10,
        userPrefix: "UWARM",
        mix: ["help"],
        run,
        responseBase: client.responseBase,
      });
    for (const [t, run] of [
      [{ app: "kpibot", url: kpibot.url, idle: () => kpibot.slack.idle() }, `warm-k-${provider}`],
      [{ app: "bare", url: bare.url }, `warm-b-${provider}`],
    ] as const) {
      await commandPhase(
        client,
        t,
        run,
        warm(run).map((r) => ({ ...r, body: r.body.replace(/text=[^&]*/, "text=help") })),
        5,
      );
    }
    const results: LevelResult[] = [];
    for (const [index, concurrency] of args.levels.entries())
      results.push(await level(client, provider, kpibot, bare, concurrency, index, args));
    const warnings = [...kpibot.warnings].map(([msg, n]) => `${n}× ${msg}`);
    log(`  kpibot's warn-level log lines: ${warnings.length === 0 ? "none" : `\n    ${warnings.join("\n    ")}`}`);
    return results;
  } finally {
    await bare.stop();
    await kpibot.stop();
  }
}

/** Runs the load bench; returns the process exit code. */
export async function loadCli(argv: readonly string[]): Promise<number> {
  let args: LoadArgs | "help";
  try {
    args = parseLoadArgs(argv);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${LOAD_USAGE}`);
    return 2;
  }
  if (args === "help") {
    log(LOAD_USAGE);
    return 0;
  }
  const started = performance.now();
  const loadAtStart = loads();
  log(
    `kpibot load bench: ${args.commands} slash commands and ${args.people} people × ${args.questions} question(s) per app, ` +
      `concurrency ${args.levels.join(" and ")}, ${args.providers.join(" + ")}, kpibot vs a bare Bolt app in the same run`,
  );
  log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load ${loadAtStart} (1, 5, 15 min) — shared: read the ratios`,
  );
  const client = await startLoadClient();
  const levels: LevelResult[] = [];
  try {
    for (const provider of args.providers) levels.push(...(await onDatabase(client, provider, args)));
    const calls = await client.calls();
    log(
      `\nfake Slack API calls: ${Object.entries(calls)
        .map(([m, n]) => `${m} ${n}`)
        .join(", ")}`,
    );
  } finally {
    await client.stop();
  }
  const loadAtEnd = loads();
  const totalS = (performance.now() - started) / 1000;
  log(
    `\nSlash commands (ack = HTTP round trip; answer = arrival at the response_url; ratio = kpibot ÷ bare)\n${commandTable(levels)}`,
  );
  log(
    `\nSurvey clicks (confirmation = "Thanks" at the response_url; stored/s = clicks ÷ first request to last confirmation)\n${clickTable(levels)}`,
  );
  log("\nkpibot's own histograms over each level (/metrics): acks and answers over 3 s");
  for (const l of levels) {
    log(
      `  ${l.provider} ${l.concurrency}: ${l.server.acksOver3s} of ${l.server.acks} acks, ${l.server.answersOver3s} of ${l.server.answers} answers`,
    );
  }
  const goals = readGoals(levels);
  log(`\nGoals (issue 15 item 5), read from this run:\n${goalLines(goals).join("\n")}`);
  log(
    `\nload ${loadAtStart} at the start, ${loadAtEnd} at the end (1, 5, 15 min); ${cpus().length} cores; total ${totalS.toFixed(0)} s`,
  );
  mkdirSync(dirname(args.out), { recursive: true });
  const load = { start: loadAtStart, end: loadAtEnd };
  writeFileSync(
    args.out,
    `${JSON.stringify({ at: new Date().toISOString(), args, cores: cpus().length, load, totalS, levels, goals }, null, 2)}\n`,
  );
  log(`wrote ${args.out}`);
  const bad = levels.flatMap((l) =>
    [l.clicks.kpibot, l.clicks.bare]
      .filter((c) => c.lost + c.doubled + c.wrong > 0)
      .map((c) => `${l.provider} ${l.concurrency} ${c.app}`),
  );
  if (bad.length > 0) {
    console.error(`FAILED: survey answers lost, doubled or wrong on ${bad.join(", ")}`);
    return 1;
  }
  return 0;
}
