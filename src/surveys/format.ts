import { LRUCache } from "lru-cache";
import { DateTime } from "luxon";
import { intlTag, type Locale, t } from "../i18n/index.js";
import type { QuestionType } from "./types.js";

/**
 * A close instant as people say it: "Friday 15 December" when it is the midnight ending that day (a close
 * *date*), else "Friday 15 December, 17:00". The year is added when it is not the current one.
 */
export function formatUntil(at: Date, locale: Locale, timezone: string, now: Date): string {
  // Every confirmation of a survey's answers says the same close date: written once a minute per survey close,
  // language and zone (the words change only when "now" enters another year, at a local midnight: a minute boundary).
  const key = `${at.getTime()}|${locale}|${timezone}|${Math.floor(now.getTime() / 60_000)}`;
  let text = untilTexts.get(key);
  if (text === undefined) {
    text = untilText(at, locale, timezone, now);
    untilTexts.set(key, text);
  }
  return text;
}

const untilTexts = new LRUCache<string, string>({ max: 200 });

function untilText(at: Date, locale: Locale, timezone: string, now: Date): string {
  const local = DateTime.fromJSDate(at, { zone: timezone }).setLocale(intlTag(locale));
  const endOfDay = local.hour === 0 && local.minute === 0;
  const day = endOfDay ? local.minus({ days: 1 }) : local;
  const thisYear = DateTime.fromJSDate(now, { zone: timezone }).year === day.year;
  const date = day.toLocaleString({
    weekday: "long",
    day: "numeric",
    month: "long",
    ...(thisYear ? {} : { year: "numeric" }),
  });
  return endOfDay ? date : `${date}, ${local.toLocaleString(DateTime.TIME_24_SIMPLE)}`;
}

/** An answer in words: "4/5", "9/10", "yes"/"no", or the comment itself (cut). */
export function scoreText(type: QuestionType, score: number | null, text: string | null, locale: Locale): string {
  switch (type) {
    case "csat":
      return `${score ?? "?"}/5`;
    case "nps":
      return `${score ?? "?"}/10`;
    case "yes_no":
      return t(locale, score === 1 ? "surveys:card.yes" : "surveys:card.no");
    case "text": {
      const words = (text ?? "").replace(/\s+/g, " ").trim();
      return `“${words.length > 80 ? `${words.slice(0, 79)}…` : words}”`;
    }
  }
}
