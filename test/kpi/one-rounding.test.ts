/**
 * Issue 16 item 6, "one number, one rounding": the same figure is rounded the same way everywhere it is shown —
 * KPI answers, digests, survey results, charts, Slack and Teams — by one rule per unit (docs/numbers.md).
 * Every expected text is worked out by hand from the answers below.
 */
import { describe, expect, it } from "vitest";
import { renderReply as renderSlack } from "../../adapters/slack/render/blocks.js";
import { renderAdaptiveCard } from "../../adapters/teams/render/card.js";
import { toChartConfig } from "../../src/charts/config.js";
import { kpiLine } from "../../src/digests/digest-reply.js";
import {
  formatChange,
  formatChangeBetween,
  formatPercent,
  formatSignedValue,
  formatValue,
  roundFor,
  roundHalfAway,
} from "../../src/format/index.js";
import type { Locale } from "../../src/i18n/index.js";
import { kpiReply } from "../../src/reply/kpi-reply.js";
import { renderText } from "../../src/reply/render-text.js";
import type { Reply } from "../../src/reply/types.js";
import { surveyStats } from "../../src/surveys/index.js";
import { resultsReply } from "../../src/surveys/results-reply.js";
import { testProviders } from "../helpers/databases.js";
import { insert, NOW, TZ, useKpiApp } from "./fixtures.js";

const NB = "\u00a0";
/** Any white space as one plain space (no-break spaces, Intl's narrow ones). */
const plain = (s: string) => s.replace(/\s+/g, " ");

describe("one rule per unit", () => {
  it("rounds half away from zero on the decimal digits people read", () => {
    expect(roundHalfAway(8.15, 1)).toBe(8.2); // 8.15 is 8.1499999… in binary
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
    expect(roundHalfAway(-2.25, 1)).toBe(-2.3);
    expect(roundHalfAway(64.75, 1)).toBe(64.8);
    expect(Object.is(roundHalfAway(-0.04, 1), 0)).toBe(true);
    expect(roundHalfAway(2.5, 0)).toBe(3);
  });

  it("one display per unit, in English and French", () => {
    const cases: [number, Parameters<typeof formatValue>[1], string, string][] = [
      [64.70588, "percent", `64.7${NB}%`, `64,7${NB}%`],
      [64.75, "percent", `64.8${NB}%`, `64,8${NB}%`],
      [8.15, "points", "+8", "+8"], // NPS: whole points, signed
      [-0.4, "points", "0", "0"],
      [8.5, "points", "+9", "+9"],
      [3.25, "hours", `3.3${NB}h`, `3,3${NB}h`],
      [3.7647, "score5", `3.8${NB}/${NB}5`, `3,8${NB}/${NB}5`],
      [1234, "tickets", `1,234${NB}tickets`, `1\u202f234${NB}tickets`],
      [18.505, "currency", "€18.51", `18,51${NB}€`],
      [99.996, "currency", "€100", `100${NB}€`], // cents rounded first: 100.00 → no cents
      [1234.5, "currency", "€1,235", `1\u202f235${NB}€`],
      [4.25, "fte", `4.3${NB}FTE`, `4,3${NB}ETP`],
    ];
    for (const [value, unit, en, fr] of cases) {
      expect(formatValue(value, unit, "en")).toBe(en);
      expect(formatValue(value, unit, "fr")).toBe(fr);
    }
    expect(formatPercent(41.6666, "en")).toBe(`41.7${NB}%`);
    expect(roundFor("percent", 64.70588)).toBe(64.7);
    expect(roundFor("currency", 1234.5)).toBe(1235);
  });

  it("a change in points is the difference of the values as shown; a relative change is 0.1 % of the exact ones", () => {
    // 74.25 % shows 74.3 %, 72.14 % shows 72.1 %: +2.2 pts (not the +2.1 of 2.11).
    expect(formatChangeBetween(74.25, 72.14, "percent", "en")).toBe(`+2.2${NB}pts`);
    expect(formatChangeBetween(74.25, 72.14, "percent", "fr")).toBe(`+2,2${NB}pts`);
    // NPS +8 (8.15) against +6 (5.6): +2 pts, whole like the values (not 2.55 → +2.6 or +3).
    expect(formatChangeBetween(8.15, 5.6, "points", "en")).toBe(`+2${NB}pts`);
    // 117 tickets against 1,167: (117 − 1167) / 1167 = −89.974 % → −90 %.
    expect(formatChangeBetween(117, 1167, "tickets", "en")).toBe(`-90${NB}%`);
    expect(formatChangeBetween(3.46, 3.04, "hours", "en")).toBe(`+13.8${NB}%`); // 0.42 / 3.04 = 13.815 %
    expect(formatChangeBetween(5, 0, "tickets", "en")).toBe("—");
    expect(formatChange(0, "points", "en")).toBe(`0${NB}pts`);
    expect(formatSignedValue(1.25, "percent", "en")).toBe(`+1.3${NB}pts`);
    expect(formatSignedValue(-0.4, "points", "en")).toBe("0");
  });
});

/** The text of every surface of a reply: plain text, fallback, Slack blocks, Teams card. */
function surfaces(reply: Reply): Record<string, string> {
  return {
    text: plain(renderText(reply)),
    fallback: plain(reply.fallback),
    slack: plain(JSON.stringify(renderSlack(reply))),
    teams: plain(JSON.stringify(renderAdaptiveCard(reply))),
  };
}

describe.each(await testProviders())("the same figure everywhere on %s", (provider) => {
  const k = useKpiApp(provider);

  it("satisfaction 11 of 17 = 64.7 % and NPS (4 − 3) / 12 = +8, in the survey results, answers, digest, charts", async () => {
    const db = k.t.app.db;
    await insert(db, "surveys", [
      { id: 1, title: "Barometer", audience: "users", anonymous: true, status: "closed", results_visibility: "live" },
    ]);
    await insert(db, "survey_questions", [
      { id: 1, survey_id: 1, position: 1, type: "csat", prompt: "How satisfied are you?", service: null },
      { id: 2, survey_id: 1, position: 2, type: "nps", prompt: "Would you recommend us?", service: null },
    ]);
    // CSAT: 6 × 5 and 5 × 4 (11 positive), 3 × 3, 2 × 2, 1 × 1: mean 64 / 17 = 3.76 → 3.8.
    const csat = [5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 3, 3, 3, 2, 2, 1];
    // NPS: promoters 9, 10, 10, 9; passives 7, 8, 7, 8, 7; detractors 6, 5, 0 → 33.3 %, 41.7 %, 25 %.
    const nps = [9, 10, 10, 9, 7, 8, 7, 8, 7, 6, 5, 0];
    const row = (question: number, score: number, i: number) => ({
      survey_id: 1,
      question_id: question,
      respondent_key: `p${i + 1}`,
      score,
      answered_at: "2026-10-10T10:00:00Z",
    });
    await insert(db, "survey_answers", [...csat.map((s, i) => row(1, s, i)), ...nps.map((s, i) => row(2, s, i))]);

    const survey = await k.t.app.repos.surveys.get(1);
    if (!survey) throw new Error("no survey");
    const stats = await surveyStats(k.t.app.repos.surveyAnswers, survey, 0);
    expect(stats.satisfaction).toBeCloseTo((100 * 11) / 17, 9);
    expect(stats.nps).toBeCloseTo(100 / 12, 9);
    const satisfaction = await k.ask({ kpi: "satisfaction" });
    const npsKpi = await k.ask({ kpi: "nps" });
    expect(satisfaction.value).toBeCloseTo((100 * 11) / 17, 9);
    expect(npsKpi.value).toBeCloseTo(100 / 12, 9);

    const expected: Record<Locale, { sat: string; nps: string; split: string[]; mean: string }> = {
      en: {
        sat: "64.7 %",
        nps: "+8",
        split: ["promoters 33.3 %", "passives 41.7 %", "detractors 25 %"],
        mean: "mean 3.8 / 5",
      },
      fr: {
        sat: "64,7 %",
        nps: "+8",
        split: ["promoteurs 33,3 %", "passifs 41,7 %", "détracteurs 25 %"],
        mean: "moyenne 3,8 / 5",
      },
    };
    for (const locale of ["en", "fr"] as const) {
      const e = expected[locale];
      const results = resultsReply(survey, stats, { locale, timezone: TZ, now: NOW, visible: true, ephemeral: false });
      for (const [surface, text] of Object.entries(surfaces(results))) {
        if (surface === "fallback") continue; // the fallback names the survey and its respondents only
        expect(text, `${locale} ${surface}`).toContain(`${e.sat}`);
        expect(text, `${locale} ${surface}`).toContain(`${e.sat} ${locale === "en" ? "positive" : "positives"} (4–5)`);
        expect(text, `${locale} ${surface}`).toContain(`NPS ${e.nps} (${e.split.join(", ")})`);
        expect(text, `${locale} ${surface}`).toContain(e.mean);
        expect(text).not.toMatch(/65 %|64,8|64\.8|\+8[.,]\d/);
      }
      // The answers and the digest line show the same figures.
      for (const [r, shown] of [
        [satisfaction, e.sat],
        [npsKpi, e.nps],
      ] as const) {
        for (const [surface, text] of Object.entries(surfaces(kpiReply(r, locale)))) {
          expect(text, `${r.kpi} ${locale} ${surface}`).toContain(shown);
        }
        expect(plain(kpiLine(r, { locale, currency: "EUR", timeZone: TZ }))).toContain(shown);
        // The trend chart's label of October, and its image configuration, carry the same text.
        const chart = kpiReply(r, locale).blocks.find((b) => b.type === "chart");
        if (chart?.type !== "chart") throw new Error("no chart");
        expect(plain(chart.spec.series[0]?.labels?.at(-1) ?? "")).toBe(shown);
        expect(plain(JSON.stringify(toChartConfig(chart.spec)))).toContain(shown);
      }
      // The NPS doughnut of the results: the split's shares, rounded by the percent rule.
      const doughnut = results.blocks.find((b) => b.type === "chart" && b.spec.title === "Would you recommend us?");
      if (doughnut?.type !== "chart") throw new Error("no NPS chart");
      const labels = plain(JSON.stringify(toChartConfig(doughnut.spec).data.labels));
      for (const share of locale === "en" ? ["25 %", "41.7 %", "33.3 %"] : ["25 %", "41,7 %", "33,3 %"]) {
        expect(labels).toContain(share);
      }
    }
  });
});
