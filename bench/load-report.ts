import type { ClickStats, PhaseStats } from "./load-phases.js";

// The load bench's tables (one row per app, then the ratio kpibot ÷ bare) and its reading of issue 15's goals.
// The goals are read here, from the figures of the run, never asserted in a test.

/** One concurrency level of one database: both apps, commands and clicks. */
export interface LevelResult {
  provider: string;
  concurrency: number;
  commands: { kpibot: PhaseStats; bare: PhaseStats };
  clicks: { kpibot: ClickStats; bare: ClickStats };
  /** kpibot's own histograms over the level (acks / answers over 3 s as kpibot measured them). */
  server: { acks: number; acksOver3s: number; answers: number; answersOver3s: number };
}

const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "-");
const x = (a: number, b: number) => (Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(2)}×` : "-");
const whole = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "-");

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(head), ...rows.map(line)].join("\n");
}

/** The slash-command table: ack p50/p99/max, acks over 3 s, answers, answer p50/p99, answers/s, and ratios. */
export function commandTable(levels: LevelResult[]): string {
  const rows: string[][] = [];
  for (const l of levels) {
    const { kpibot: k, bare: b } = l.commands;
    for (const r of [k, b]) {
      rows.push([
        l.provider,
        String(l.concurrency),
        r.app,
        s(r.ackP50),
        s(r.ackP99),
        s(r.ackMax),
        String(r.acksOver3s),
        `${r.answered}/${r.expectedAnswers}${r.errorAnswers ? ` (${r.errorAnswers} err)` : ""}`,
        s(r.answerP50),
        s(r.answerP99),
        whole(r.answersPerSecond),
        r.cpuMsPerRequest.toFixed(1),
      ]);
    }
    rows.push([
      "",
      "",
      "ratio",
      x(k.ackP50, b.ackP50),
      x(k.ackP99, b.ackP99),
      x(k.ackMax, b.ackMax),
      "",
      "",
      x(k.answerP50, b.answerP50),
      x(k.answerP99, b.answerP99),
      x(k.answersPerSecond, b.answersPerSecond),
      x(k.cpuMsPerRequest, b.cpuMsPerRequest),
    ]);
  }
  const head = ["db", "conc", "app", "ack p50", "ack p99", "ack max", ">3 s", "answered", "ans p50", "ans p99"];
  return table([...head, "answers/s", "CPU ms/req"], rows);
}

/** The survey-click table: acks, confirmations, stored/s, and lost / doubled / wrong against the plan. */
export function clickTable(levels: LevelResult[]): string {
  const rows: string[][] = [];
  for (const l of levels) {
    const { kpibot: k, bare: b } = l.clicks;
    for (const r of [k, b]) {
      rows.push([
        l.provider,
        String(l.concurrency),
        r.app,
        `${r.requests}/${r.clicks}`,
        s(r.ackP50),
        s(r.ackP99),
        s(r.ackMax),
        String(r.acksOver3s),
        `${r.answered}/${r.expectedAnswers}${r.errorAnswers ? ` (${r.errorAnswers} err)` : ""}`,
        s(r.answerP50),
        s(r.answerP99),
        whole(r.answersPerSecond),
        `${r.lost}/${r.doubled}/${r.wrong}`,
        r.cpuMsPerRequest.toFixed(1),
      ]);
    }
    rows.push([
      "",
      "",
      "ratio",
      "",
      x(k.ackP50, b.ackP50),
      x(k.ackP99, b.ackP99),
      x(k.ackMax, b.ackMax),
      "",
      "",
      x(k.answerP50, b.answerP50),
      x(k.answerP99, b.answerP99),
      x(k.answersPerSecond, b.answersPerSecond),
      "",
      x(k.cpuMsPerRequest, b.cpuMsPerRequest),
    ]);
  }
  const head = ["db", "conc", "app", "requests/clicks", "ack p50", "ack p99", "ack max", ">3 s", "confirmed"];
  return table([...head, "conf p50", "conf p99", "stored/s", "lost/dup/wrong", "CPU ms/req"], rows);
}

/** One goal of issue 15 item 5, read from the run: met or not, with the figures. */
export interface Goal {
  goal: string;
  met: boolean;
  figures: string;
}

/** Reads the goals from the levels (the 50 and 200 levels; others are reported but not judged). */
export function readGoals(levels: LevelResult[]): Goal[] {
  const goals: Goal[] = [];
  for (const l of levels) {
    const { commands: c, clicks: k } = l;
    const at = `${l.provider}, ${l.concurrency} concurrent`;
    if (l.concurrency >= 200) {
      const late = c.kpibot.acksOver3s + k.kpibot.acksOver3s;
      goals.push({
        goal: `0 acks over 3 s at ${l.concurrency} concurrent (${l.provider})`,
        met: late === 0,
        figures: `${c.kpibot.acksOver3s} of ${c.kpibot.requests} commands, ${k.kpibot.acksOver3s} of ${k.kpibot.requests} clicks`,
      });
    }
    for (const [what, p] of [
      ["commands", c],
      ["clicks", k],
    ] as const) {
      goals.push({
        goal: `ack p99 within 1.5× the bare Bolt app's (${what}, ${at})`,
        met: p.kpibot.ackP99 <= 1.5 * p.bare.ackP99,
        figures: `${s(p.kpibot.ackP99)} vs ${s(p.bare.ackP99)} = ${x(p.kpibot.ackP99, p.bare.ackP99)}`,
      });
    }
    if (l.concurrency <= 50) {
      const all = c.kpibot.answered === c.kpibot.expectedAnswers && c.kpibot.errorAnswers === 0;
      goals.push({
        goal: `every answer delivered, answer p99 under 3 s (${at})`,
        met: all && c.kpibot.answerP99 < 3000,
        figures: `${c.kpibot.answered}/${c.kpibot.expectedAnswers} answered (${c.kpibot.errorAnswers} errors), p99 ${s(c.kpibot.answerP99)}`,
      });
    }
    goals.push({
      goal: `survey clicks stored at ≥ 0.5× the bare app's rate (${at})`,
      met: k.kpibot.answersPerSecond >= 0.5 * k.bare.answersPerSecond,
      figures: `${whole(k.kpibot.answersPerSecond)}/s vs ${whole(k.bare.answersPerSecond)}/s = ${x(k.kpibot.answersPerSecond, k.bare.answersPerSecond)}`,
    });
    goals.push({
      goal: `survey confirmation p99 under 3 s, 0 lost or doubled (${at})`,
      met: k.kpibot.answerP99 < 3000 && k.kpibot.lost + k.kpibot.doubled + k.kpibot.wrong === 0,
      figures: `p99 ${s(k.kpibot.answerP99)}; lost ${k.kpibot.lost}, doubled ${k.kpibot.doubled}, wrong ${k.kpibot.wrong}; ${k.kpibot.answered}/${k.kpibot.expectedAnswers} confirmed`,
    });
  }
  return goals;
}

/** The goals as lines: ✓ met, ✗ missed. */
export function goalLines(goals: Goal[]): string[] {
  return goals.map((g) => `${g.met ? "✓" : "✗"} ${g.goal}: ${g.figures}`);
}
