import { formatNumber, formatPercent, formatValue } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import { userText } from "../reply/markup.js";
import type { ChartSpec, Reply, ReplyBlock, ReplyField } from "../reply/types.js";
import { ANONYMITY_THRESHOLD } from "./anonymity.js";
import { formatUntil } from "./format.js";
import type { QuestionStats, SurveyFigure, SurveyStats } from "./results.js";
import type { Survey } from "./types.js";

/** At most this many charts per answer: each one is an image to render and upload. */
const MAX_CHARTS = 3;

/** Options of the results reply. */
export interface ResultsReplyOptions {
  locale: Locale;
  timezone: string;
  now: Date;
  /** Whether the distribution may be shown (the survey's results setting); counts are always shown. */
  visible: boolean;
  ephemeral: boolean;
}

function statusText(survey: Survey, o: ResultsReplyOptions): string {
  if (survey.status === "closed") {
    const at = survey.closedAt ?? survey.closesAt;
    return at
      ? t(o.locale, "surveys:results.closedOn", { date: formatUntil(at, o.locale, o.timezone, o.now) })
      : t(o.locale, "surveys:results.closed");
  }
  return survey.closesAt
    ? t(o.locale, "surveys:results.openUntil", { date: formatUntil(survey.closesAt, o.locale, o.timezone, o.now) })
    : t(o.locale, "surveys:results.open");
}

function countFields(survey: Survey, s: SurveyStats, o: ResultsReplyOptions): ReplyField[] {
  const fields: ReplyField[] = [
    { label: t(o.locale, "surveys:results.status"), value: statusText(survey, o) },
    { label: t(o.locale, "surveys:results.respondents"), value: formatNumber(s.respondents, o.locale, 0) },
  ];
  fields.push({
    label: t(o.locale, "surveys:results.responseRate"),
    value:
      s.responseRate === null
        ? t(o.locale, "surveys:results.noRate")
        : t(o.locale, "surveys:results.rate", {
            rate: formatPercent(s.responseRate, o.locale),
            n: s.respondents,
            of: s.recipients,
          }),
  });
  return fields;
}

/** A headline figure's label ("NPS" is the same word in every language). */
function figureLabel(f: SurveyFigure, locale: Locale): string {
  return f === "nps" ? "NPS" : t(locale, `surveys:results.${f}`);
}

function headlineFields(s: SurveyStats, locale: Locale): ReplyField[] {
  const fields: ReplyField[] = [];
  if (s.satisfaction !== null)
    fields.push({ label: t(locale, "surveys:results.satisfaction"), value: formatPercent(s.satisfaction, locale) });
  if (s.nps !== null) fields.push({ label: "NPS", value: formatValue(s.nps, "points", locale) });
  if (s.awareness !== null)
    fields.push({ label: t(locale, "surveys:results.awareness"), value: formatPercent(s.awareness, locale) });
  if (s.deskMean !== null)
    fields.push({ label: t(locale, "surveys:results.deskMean"), value: formatValue(s.deskMean, "score5", locale) });
  // A figure withheld for anonymity is named with the reason, so its absence is not read as "nobody was asked".
  for (const f of s.withheld) {
    fields.push({
      label: figureLabel(f, locale),
      value: t(locale, "surveys:results.figureHidden", { min: ANONYMITY_THRESHOLD }),
    });
  }
  return fields;
}

/** A share of answers, by the percent rule: the same figure the headline shows when one question feeds it. */
function share(part: number, total: number, locale: Locale): string {
  return formatPercent(total > 0 ? (part / total) * 100 : 0, locale);
}

/** One line per question: what its answers say (or that there are too few to show). */
function questionLine(q: QuestionStats, index: number, locale: Locale): string {
  const head = `**${index + 1}. ${userText(q.question.prompt)}**`;
  const answers = t(locale, "surveys:results.answers", { count: q.n });
  if (q.question.type === "text") return `${head} — ${t(locale, "surveys:results.comments", { count: q.n })}`;
  if (!q.shown) {
    const why = q.hidden === "complement" ? "surveys:results.complement" : "surveys:results.tooFew";
    return `${head} — ${answers} · ${t(locale, why, { min: ANONYMITY_THRESHOLD })}`;
  }
  const c = (keep: (s: number) => boolean) => [...q.counts].filter(([s]) => keep(s)).reduce((a, [, n]) => a + n, 0);
  switch (q.question.type) {
    case "csat": {
      const mean = [...q.counts].reduce((a, [s, n]) => a + s * n, 0) / q.n;
      return `${head} — ${answers} · ${t(locale, "surveys:results.positive", {
        share: share(
          c((s) => s >= 4),
          q.n,
          locale,
        ),
      })} · ${t(locale, "surveys:results.mean", { mean: formatValue(mean, "score5", locale) })}`;
    }
    case "nps": {
      const nps = ((c((s) => s >= 9) - c((s) => s <= 6)) / q.n) * 100;
      return `${head} — ${answers} · NPS ${formatValue(nps, "points", locale)} (${t(
        locale,
        "surveys:results.npsSplit",
        {
          promoters: share(
            c((s) => s >= 9),
            q.n,
            locale,
          ),
          passives: share(
            c((s) => s === 7 || s === 8),
            q.n,
            locale,
          ),
          detractors: share(
            c((s) => s <= 6),
            q.n,
            locale,
          ),
        },
      )})`;
    }
    default:
      return `${head} — ${answers} · ${t(locale, "surveys:results.yesShare", {
        share: share(
          c((s) => s === 1),
          q.n,
          locale,
        ),
      })}`;
  }
}

function distributionChart(q: QuestionStats, locale: Locale): ChartSpec | undefined {
  if (!q.shown) return undefined;
  const count = (s: number) => q.counts.get(s) ?? 0;
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  if (q.question.type === "csat") {
    return {
      kind: "doughnut",
      title: q.question.prompt,
      unit: "points",
      categories: range(1, 5).map((s) => `${s}/5`),
      series: [{ name: t(locale, "surveys:results.answersTitle"), values: range(1, 5).map(count) }],
      locale,
    };
  }
  if (q.question.type === "nps") {
    const sum = (list: number[]) => list.reduce((a, s) => a + count(s), 0);
    return {
      kind: "doughnut",
      title: q.question.prompt,
      unit: "points",
      categories: [
        t(locale, "surveys:results.detractors"),
        t(locale, "surveys:results.passives"),
        t(locale, "surveys:results.promoters"),
      ],
      series: [
        { name: t(locale, "surveys:results.answersTitle"), values: [sum(range(0, 6)), sum([7, 8]), sum([9, 10])] },
      ],
      locale,
    };
  }
  return undefined;
}

function awarenessChart(s: SurveyStats, locale: Locale): ChartSpec | undefined {
  const services = s.questions.filter((q) => q.question.type === "yes_no" && q.question.service && q.shown);
  if (services.length === 0) return undefined;
  return {
    kind: "bar",
    title: t(locale, "surveys:results.awarenessByService"),
    unit: "percent",
    categories: services.map((q) => q.question.service ?? ""),
    series: [
      {
        name: t(locale, "surveys:results.awareness"),
        values: services.map((q) => ((q.counts.get(1) ?? 0) / q.n) * 100),
      },
    ],
    categoryAxisLabel: t(locale, "surveys:results.service"),
    locale,
  };
}

/** `survey results <id>`: counts always; the distribution, figures and charts only when visible and from 5 people. */
export function resultsReply(survey: Survey, s: SurveyStats, o: ResultsReplyOptions): Reply {
  const { locale } = o;
  const title = t(locale, "surveys:results.title", { title: userText(survey.title), id: survey.id });
  const blocks: ReplyBlock[] = [
    { type: "header", text: title },
    { type: "fields", fields: countFields(survey, s, o) },
  ];
  if (!o.visible) {
    const key =
      survey.resultsVisibility === "never" ? "surveys:results.hiddenNever" : "surveys:results.hiddenUntilClose";
    blocks.push({ type: "text", text: `🔒 ${t(locale, key)}` });
  } else if (!s.shown) {
    blocks.push({
      type: "text",
      text: `🔒 ${t(locale, "surveys:results.tooFewPeople", { min: ANONYMITY_THRESHOLD })}`,
    });
  } else {
    const headline = headlineFields(s, locale);
    if (headline.length > 0) blocks.push({ type: "fields", fields: headline });
    blocks.push({ type: "text", text: s.questions.map((q, i) => questionLine(q, i, locale)).join("\n") });
    const charts = [...s.questions.map((q) => distributionChart(q, locale)), awarenessChart(s, locale)].filter(
      (c): c is ChartSpec => c !== undefined,
    );
    for (const spec of charts.slice(0, MAX_CHARTS)) {
      blocks.push({ type: "chart", spec, altText: `${spec.title}: ${spec.categories.join(", ")}` });
    }
    const notes = [t(locale, "surveys:results.threshold", { min: ANONYMITY_THRESHOLD })];
    if (s.comments > 0) notes.push(t(locale, "surveys:results.exportComments", { id: survey.id }));
    blocks.push({ type: "context", text: notes.join(" ") });
  }
  const fallback = `${title} — ${t(locale, "surveys:results.respondents")}: ${s.respondents}`;
  return { locale, fallback, blocks, ephemeral: o.ephemeral };
}
