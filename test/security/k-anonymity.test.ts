/**
 * Issue 14 item 6, "k-anonymity everywhere": no perception figure is shown from 1–4 respondents, in any shape
 * of question (headline, comparison, trend point, filter, narrow period, breakdown, survey per-question lines),
 * and a breakdown never hides exactly one group (the total would give it away). Each shape runs with 1, 2, 3, 4
 * and 5 respondents on SQLite and PostgreSQL; the withheld value is looked for in the KpiResult, the JSON of
 * `kpibot ask --json`, and the rendered Slack blocks, Teams card and plain-text fallback, in English and French.
 */
import { describe, expect, it } from "vitest";
import { renderReply as renderSlack } from "../../adapters/slack/render/blocks.js";
import { renderAdaptiveCard } from "../../adapters/teams/render/card.js";
import { evaluate } from "../../src/alerts/evaluate.js";
import { kpiLine } from "../../src/digests/digest-reply.js";
import { formatValue } from "../../src/format/index.js";
import { toKpiJson } from "../../src/kpi/json.js";
import type { KpiQuery, KpiResult, KpiUnit } from "../../src/kpi/types.js";
import { kpiReply } from "../../src/reply/kpi-reply.js";
import { renderText } from "../../src/reply/render-text.js";
import { scorecardReply } from "../../src/reply/scorecard-reply.js";
import type { Reply } from "../../src/reply/types.js";
import type { Db } from "../../src/store/db.js";
import { surveyStats } from "../../src/surveys/index.js";
import { resultsReply } from "../../src/surveys/results-reply.js";
import { testProviders } from "../helpers/databases.js";
import { insert, NOW, period, TZ, useKpiApp } from "../kpi/fixtures.js";

const KS = [1, 2, 3, 4, 5] as const;
/** An alert "satisfaction below 90 %": 60 % from 5 people breaches it. */
const BELOW_90 = { condition: "below", threshold: 90, direction: "any", notify: "first" } as const;
/** The csat scores of the small group's respondents 1..k: positive (4–5) are 1, 1, 2, 2, 3 of 1..5 answers. */
const SMALL = [5, 2, 4, 1, 4];
/** Satisfaction of the first k SMALL answers, by hand: 100, 50, 66.67, 50, 60 %. */
const smallValue = (k: number) => (100 * smallPositives(k)) / k;
/** How many of the first k SMALL answers are positive. */
const smallPositives = (k: number) => SMALL.slice(0, k).filter((s) => s >= 4).length;

/** One anonymous user survey with the given questions (id, prompt, type, service). */
async function survey(db: Db, questions: [number, string, string, string | null][]): Promise<void> {
  await insert(db, "surveys", [
    { id: 1, title: "Barometer", audience: "users", anonymous: true, status: "closed", results_visibility: "live" },
  ]);
  await insert(
    db,
    "survey_questions",
    questions.map(([id, prompt, type, service]) => ({ id, survey_id: 1, position: id, type, prompt, service })),
  );
}

/** Answers to question `q` by respondents `${who}1`, `${who}2`… with these scores, at `at`. */
async function answers(db: Db, q: number, who: string, scores: readonly number[], at: string): Promise<void> {
  await insert(
    db,
    "survey_answers",
    scores.map((score, i) => ({
      survey_id: 1,
      question_id: q,
      respondent_key: `${who}${i + 1}`,
      score,
      answered_at: at,
    })),
  );
}

/** Every number in a value (Dates skipped): where a withheld figure must not be. */
function numbersIn(x: unknown, out: number[] = []): number[] {
  if (typeof x === "number") out.push(x);
  else if (Array.isArray(x)) for (const v of x) numbersIn(v, out);
  else if (x && typeof x === "object" && !(x instanceof Date)) for (const v of Object.values(x)) numbersIn(v, out);
  return out;
}

/** What each surface would send for a reply: Slack blocks, the Teams card, the plain-text fallback and CLI text. */
function surfaces(reply: Reply): Record<string, string> {
  return {
    slack: JSON.stringify(renderSlack(reply)),
    teams: JSON.stringify(renderAdaptiveCard(reply).card),
    fallback: reply.fallback,
    text: renderText(reply),
  };
}

/**
 * Asserts a withheld value is nowhere: not in the KpiResult, not in its `--json`, not in any surface of the
 * English and French replies (as the formatted figure each would show).
 */
function expectNowhere(value: number, unit: KpiUnit, result: KpiResult): void {
  const close = (n: number) => Math.abs(n - value) < 1e-6;
  expect(numbersIn(result).filter(close)).toEqual([]);
  expect(numbersIn(toKpiJson(result)).filter(close)).toEqual([]);
  for (const locale of ["en", "fr"] as const) {
    const shown = formatValue(value, unit, locale);
    for (const [surface, text] of Object.entries(surfaces(kpiReply(result, locale)))) {
      expect(text.includes(shown), `${shown} in the ${locale} ${surface}`).toBe(false);
    }
  }
}

/** Asserts every surface of the English reply says why, and the French one too. */
function expectReason(result: KpiResult): void {
  for (const text of Object.values(surfaces(kpiReply(result, "en")))) {
    expect(text).toContain("hidden: fewer than 5 respondents");
  }
  expect(surfaces(kpiReply(result, "fr")).text).toContain("masquée : moins de 5 répondants");
}

describe.each(await testProviders())("k-anonymity of perception figures on %s", (provider) => {
  const k = useKpiApp(provider);
  const db = () => k.t.app.db;
  const ask = (q: Partial<KpiQuery>) => k.ask({ kpi: "satisfaction", ...q });

  it.each(KS)("headline value from %i respondents", async (count) => {
    await survey(db(), [[1, "How was it?", "csat", null]]);
    // May–September: 5 respondents a month, 4 of 5 positive (80 %); October: `count` respondents.
    for (const month of ["05", "06", "07", "08", "09"]) {
      await answers(db(), 1, `m${month}-`, [5, 5, 5, 5, 2], `2026-${month}-10T10:00:00Z`);
    }
    await answers(db(), 1, "oct-", SMALL.slice(0, count), "2026-10-10T10:00:00Z");
    const r = await ask({});
    expect(r.n).toBe(count);
    expect(r.previous.value).toBe(80);
    expect(r.series.slice(0, 5).map((p) => p.value)).toEqual([80, 80, 80, 80, 80]);
    if (count === 5) {
      expect(r.value).toBe(60);
      expect(r.change).toBe(-20);
      expect(r.anonymity).toBeUndefined();
      return;
    }
    expect(r.value).toBeNull();
    expect(r.change).toBeNull();
    expect(r.status).toBe("no_data");
    expect(r.series[5]).toMatchObject({ value: null, hidden: "too_few", n: count });
    expect(r.projection).toBeNull();
    expect(r.anonymity).toEqual({ threshold: 5, value: "too_few", points: 1 });
    expect(toKpiJson(r).anonymity).toEqual({ threshold: 5, value: "too_few", points: 1 });
    expectNowhere(smallValue(count), "percent", r);
    expectReason(r);
    // Digests, the scorecard and alerts read the same result: they show the reason, never the value, and an
    // alert "below 90 %" does not fire on it (no data), where 60 % from 5 people fires.
    const digest = kpiLine(r, { locale: "en", currency: "EUR", timeZone: TZ });
    expect(digest).toBe("🔒 User satisfaction: hidden: fewer than 5 respondents");
    const card = surfaces(scorecardReply([r], r.period, "en"));
    expect(card.text).toContain("Hidden for anonymity (fewer than 5 respondents): User satisfaction.");
    expect(card.slack).not.toContain(formatValue(smallValue(count), "percent", "en"));
    expect(evaluate(BELOW_90, r, null).outcome).toBe("no_data");
  });

  it.each(KS)("previous period and trend point from %i respondents", async (count) => {
    await survey(db(), [[1, "How was it?", "csat", null]]);
    for (const month of ["05", "06", "07", "08"]) {
      await answers(db(), 1, `m${month}-`, [5, 5, 5, 5, 2], `2026-${month}-10T10:00:00Z`);
    }
    await answers(db(), 1, "sep-", SMALL.slice(0, count), "2026-09-10T10:00:00Z");
    // October: 6 respondents, 5 positive = 83.33 %.
    await answers(db(), 1, "oct-", [5, 5, 5, 5, 5, 1], "2026-10-10T10:00:00Z");
    const r = await ask({});
    expect(r.value).toBeCloseTo(500 / 6, 9);
    if (count === 5) {
      expect(r.previous.value).toBe(60);
      expect(r.series[4]?.value).toBe(60);
      expect(r.change).toBeCloseTo(500 / 6 - 60, 9);
      return;
    }
    expect(r.previous).toMatchObject({ value: null, n: count });
    expect(r.series[4]).toMatchObject({ value: null, hidden: "too_few" });
    expect(r.change).toBeNull();
    expect(r.anonymity).toEqual({ threshold: 5, previous: "too_few", points: 1 });
    expectNowhere(smallValue(count), "percent", r);
    const en = surfaces(kpiReply(r, "en"));
    expect(en.text).toContain("September 2026 value hidden: fewer than 5 respondents");
    expect(en.text).toContain("1 trend point hidden for anonymity (fewer than 5 respondents).");
    expect(surfaces(kpiReply(r, "fr")).text).toContain("valeur de septembre 2026 masquée : moins de 5 répondants");
  });

  it.each(KS)("for <dim>=<value> filters, and the complement they leave out, with %i respondents", async (count) => {
    // "Big": 6 respondents, 5 positive = 83.33 %; "Small": `count` others. Awareness the same way: "Do you know
    // VPN?" 6 respondents, 5 yes; "Do you know Mail?" `count` others, yes as often as Small is positive.
    await survey(db(), [
      [1, "Big", "csat", null],
      [2, "Small", "csat", null],
      [3, "Do you know VPN?", "yes_no", "VPN"],
      [4, "Do you know Mail?", "yes_no", "Mail"],
    ]);
    await answers(db(), 1, "b", [5, 5, 5, 5, 5, 1], "2026-10-10T10:00:00Z");
    await answers(db(), 2, "s", SMALL.slice(0, count), "2026-10-10T10:00:00Z");
    await answers(db(), 3, "b", [1, 1, 1, 1, 1, 0], "2026-10-10T10:00:00Z");
    await answers(
      db(),
      4,
      "s",
      SMALL.slice(0, count).map((x) => (x >= 4 ? 1 : 0)),
      "2026-10-10T10:00:00Z",
    );
    const small = await ask({ filters: [{ dimension: "question", value: "Small" }] });
    const big = await ask({ filters: [{ dimension: "question", value: "Big" }] });
    const vpn = await ask({ kpi: "awareness", filters: [{ dimension: "service", value: "VPN" }] });
    const mail = await ask({ kpi: "awareness", filters: [{ dimension: "service", value: "Mail" }] });
    const total = await ask({});
    expect(total.value).toBeCloseTo((500 + 100 * smallPositives(count)) / (6 + count), 9);
    if (count === 5) {
      expect(small.value).toBe(60);
      expect(mail.value).toBe(60);
      expect(big.value).toBeCloseTo(500 / 6, 9);
      expect(vpn.value).toBeCloseTo(500 / 6, 9);
      return;
    }
    for (const r of [small, mail]) {
      expect(r.value).toBeNull();
      expect(r.anonymity?.value).toBe("too_few");
      expectNowhere(smallValue(count), "percent", r);
      expectReason(r);
    }
    // Shown, "Big" would give "Small" away: total × 6+k answers − 83.33 % × 6 = Small's positives.
    for (const r of [big, vpn]) {
      expect(r.value).toBeNull();
      expect(r.anonymity?.value).toBe("complement");
      expectNowhere(500 / 6, "percent", r);
      expect(r.filters.length).toBe(1);
    }
    expect(renderText(kpiReply(big, "en"))).toContain(
      "hidden: the answers this filter leaves out come from fewer than 5 respondents",
    );
  });

  it.each(KS)("a narrow period (today) with %i respondents", async (count) => {
    await survey(db(), [[1, "How was it?", "csat", null]]);
    // NOW is 2026-11-15 11:00 in Paris; yesterday had 6 respondents (83.33 %).
    await answers(db(), 1, "y", [5, 5, 5, 5, 5, 1], "2026-11-14T10:00:00Z");
    await answers(db(), 1, "t", SMALL.slice(0, count), "2026-11-15T08:00:00Z");
    expect(NOW.toISOString()).toBe("2026-11-15T10:00:00.000Z");
    const r = await ask({ period: period("today") });
    expect(r.period.label).toBe("2026-11-15");
    expect(r.previous.value).toBeCloseTo(500 / 6, 9);
    if (count === 5) {
      expect(r.value).toBe(60);
      expect(evaluate(BELOW_90, r, null).outcome).toBe("breach");
      return;
    }
    expect(r.value).toBeNull();
    expect(r.anonymity?.value).toBe("too_few");
    expect(evaluate(BELOW_90, r, null).outcome).toBe("no_data");
    expectNowhere(smallValue(count), "percent", r);
    expectReason(r);
  });

  it.each(KS)("by question with exactly one small group of %i respondents", async (count) => {
    // Alpha: 7 respondents, 6 positive (85.71 %); Beta: 6, 4 positive (66.67 %); Gamma: `count` respondents.
    await survey(db(), [
      [1, "Alpha", "csat", null],
      [2, "Beta", "csat", null],
      [3, "Gamma", "csat", null],
    ]);
    await answers(db(), 1, "a", [5, 5, 5, 5, 5, 5, 1], "2026-10-10T10:00:00Z");
    await answers(db(), 2, "b", [5, 5, 5, 5, 1, 1], "2026-10-10T10:00:00Z");
    await answers(db(), 3, "g", SMALL.slice(0, count), "2026-10-10T10:00:00Z");
    const r = await ask({ breakdown: "question" });
    const positives = 6 + 4 + smallPositives(count);
    expect(r.value).toBeCloseTo((100 * positives) / (13 + count), 9);
    const rows = r.breakdown?.rows.map((b) => [b.key, b.n]);
    if (count === 5) {
      expect(rows).toEqual([
        ["Alpha", 7],
        ["Beta", 6],
        ["Gamma", 5],
      ]);
      expect(r.breakdown?.hidden).toBe(0);
      return;
    }
    // Gamma is too small; with Beta shown, total − Alpha − Beta would be Gamma: Beta is withheld as well, so
    // the remainder anyone can compute is Beta and Gamma together (at least Beta's 6 people).
    expect(rows).toEqual([["Alpha", 7]]);
    expect(r.breakdown?.hidden).toBe(2);
    expectNowhere(smallValue(count), "percent", r);
    expectNowhere(400 / 6, "percent", r);
    for (const [locale, words] of [
      ["en", "2 values hidden for anonymity"],
      ["fr", "2 valeurs masquées pour l'anonymat"],
    ] as const) {
      for (const [surface, text] of Object.entries(surfaces(kpiReply(r, locale)))) {
        if (surface !== "fallback") expect(text).toContain(words);
        expect(text.includes("Gamma") || text.includes("Beta"), `${locale} ${surface}`).toBe(false);
      }
    }
  });

  it.each(KS)("by question, the previous period's column with one small group of %i respondents", async (count) => {
    await survey(db(), [
      [1, "Alpha", "csat", null],
      [2, "Beta", "csat", null],
      [3, "Gamma", "csat", null],
    ]);
    // Alpha: 7 respondents, 6 positive (85.71 %) both months. Beta: 6, 3 positive (50 %) in September, 5 (83.33 %)
    // in October. Gamma: `count` respondents in September, 5 with 4 positive (80 %) in October.
    for (const [at, beta, gamma] of [
      ["2026-09-10T10:00:00Z", [5, 5, 5, 1, 1, 1], SMALL.slice(0, count)],
      ["2026-10-10T10:00:00Z", [5, 5, 5, 5, 5, 1], [5, 5, 5, 5, 1]],
    ] as const) {
      const tag = at.slice(5, 7);
      await answers(db(), 1, `a${tag}-`, [5, 5, 5, 5, 5, 5, 1], at);
      await answers(db(), 2, `b${tag}-`, beta, at);
      await answers(db(), 3, `g${tag}-`, gamma, at);
    }
    const r = await ask({ breakdown: "question" });
    const row = (key: string) => r.breakdown?.rows.find((b) => b.key === key);
    expect(r.breakdown?.rows.map((b) => b.key)).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(row("Alpha")?.previous).toBeCloseTo(600 / 7, 9);
    if (count === 5) {
      expect(row("Gamma")?.previous).toBe(60);
      expect(row("Beta")?.previous).toBe(50);
      return;
    }
    expect(row("Gamma")).toMatchObject({ previous: null, previousHidden: "too_few", change: null, impact: null });
    expect(row("Beta")).toMatchObject({ previous: null, previousHidden: "complement", change: null, impact: null });
    expectNowhere(smallValue(count), "percent", r);
    // Beta's September 50 %, beside the September total, would give Gamma's away.
    expect(numbersIn(r).filter((n) => n === 50)).toEqual([]);
  });

  it.each(KS)("a comparison period overlapping the asked one, with %i respondents on the day apart", async (count) => {
    await survey(db(), [[1, "How was it?", "csat", null]]);
    await answers(db(), 1, "early", [5, 5, 5, 5, 5, 1], "2026-10-10T10:00:00Z");
    await answers(db(), 1, "last", SMALL.slice(0, count), "2026-10-31T10:00:00Z");
    // October 1–31 vs October 1–30: both figures pass the floor, but their difference is October 31 alone.
    const r = await ask({ period: period("2026-10-01..2026-10-31"), compareTo: period("2026-10-01..2026-10-30") });
    expect(r.value).not.toBeNull();
    expect(r.previous.value).toBeNull();
    expect(r.change).toBeNull();
    expect(r.anonymity?.previous).toBe("overlap");
    expectNowhere(500 / 6, "percent", r);
  });

  it("counts people, not tickets: one requester's 5 ticket-survey answers are 1 respondent", async () => {
    await insert(db(), "surveys", [
      { id: 1, title: "Ticket CSAT", audience: "users", anonymous: false, kind: "ticket", results_visibility: "live" },
    ]);
    await insert(db(), "survey_questions", [{ id: 1, survey_id: 1, position: 1, type: "csat", prompt: "Ticket?" }]);
    // A ticket survey keys each answer by ticket (one answer per ticket), so 5 keys, but one person.
    await insert(
      db(),
      "survey_answers",
      [1, 2, 3, 4, 5].map((ticket) => ({
        survey_id: 1,
        question_id: 1,
        respondent_key: `slack:U-ANA:ticket:${ticket}`,
        user_id: "slack:U-ANA",
        score: ticket === 3 ? 1 : 5,
        answered_at: "2026-10-10T10:00:00Z",
      })),
    );
    const r = await ask({});
    expect(r.n).toBe(5);
    expect(r.extras.respondents).toBe(1);
    expect(r.value).toBeNull();
    expectNowhere(80, "percent", r);
    const s = await k.t.app.repos.surveys.get(1);
    if (!s) throw new Error("no survey");
    const stats = await surveyStats(k.t.app.repos.surveyAnswers, s, 0);
    expect([stats.respondents, stats.shown, stats.satisfaction]).toEqual([1, false, null]);
  });

  it.each(KS)("survey results per question and per figure, one small question of %i respondents", async (count) => {
    // Q1: 6 respondents (4 positive); Q2 (csat, same figure) and Q3 (the NPS) answered by the first `count` of them.
    await survey(db(), [
      [1, "Service quality?", "csat", null],
      [2, "Small csat?", "csat", null],
      [3, "Recommend us?", "nps", null],
    ]);
    await answers(db(), 1, "r", [5, 5, 5, 5, 1, 1], "2026-10-10T10:00:00Z");
    await answers(db(), 2, "r", SMALL.slice(0, count), "2026-10-10T10:00:00Z");
    await answers(db(), 3, "r", [10, 9, 3, 10, 7].slice(0, count), "2026-10-10T10:00:00Z");
    const s = await k.t.app.repos.surveys.get(1);
    if (!s) throw new Error("no survey");
    const stats = await surveyStats(k.t.app.repos.surveyAnswers, s, 0);
    const reply = (locale: "en" | "fr") =>
      resultsReply(s, stats, { locale, timezone: TZ, now: NOW, visible: true, ephemeral: false });
    expect(stats.respondents).toBe(6);
    // Satisfaction counts both csat questions: (4 + positives of Q2) / (6 + count), from 6 people.
    expect(stats.satisfaction).toBeCloseTo((100 * (4 + smallPositives(count))) / (6 + count), 9);
    const en = surfaces(reply("en"));
    if (count === 5) {
      expect(stats.nps).toBe(40); // 3 promoters, 1 detractor of 5
      expect(stats.questions.map((q) => q.shown)).toEqual([true, true, true]);
      expect(en.text).toMatch(/NPS\s+\+40/);
      expect(en.text).toContain("2. Small csat? — 5 answers · 60\u00a0% positive (4–5)");
      return;
    }
    expect(stats.questions.map((q) => [q.shown, q.hidden])).toEqual([
      [false, "complement"],
      [false, "too_few"],
      [false, "too_few"],
    ]);
    // The NPS comes from `count` people: withheld although the survey has 6 respondents.
    expect(stats.nps).toBeNull();
    expect(stats.withheld).toEqual(["nps"]);
    for (const text of Object.values(en)) expect(text).not.toMatch(/NPS [+-−]?\d|positive \(4–5\)|mean \d/);
    expect(en.text).toContain("1. Service quality? — 6 answers · not shown (with the total");
    expect(en.text).toContain(`2. Small csat? — ${count} answer`);
    expect(en.text).toMatch(/NPS\s+hidden: fewer than 5 respondents/);
    expect(reply("en").blocks.filter((b) => b.type === "chart")).toEqual([]);
    const fr = surfaces(reply("fr")).text;
    expect(fr).toContain("non affichée (moins de 5)");
    expect(fr).toContain("chiffre masqué : moins de 5 répondants");
  });
});
