import { suggest } from "../commands/suggest.js";
import { type Token, tokenize } from "../commands/tokens.js";
import { findDimension } from "../commands/vocabulary.js";
import type { Dimension } from "../kpi/types.js";
import { isValidTimezone } from "../periods/index.js";
import {
  idCommand,
  listCommand,
  type Parsed,
  type ParseError,
  resolveKpiWord,
  SUB_WORDS,
  type SubCommand,
  Words,
} from "../scheduler/command-words.js";
import { type Frequency, parseTime } from "../scheduler/fire-times.js";
import { DAY_WORDS, DIGEST_OPTION_WORDS, FREQUENCY_WORDS, LAST_DAY_WORDS } from "./words.js";

/** What `digest add` (and `digest preview`) describe. */
export interface DigestSpec {
  frequency: Exclude<Frequency, "hourly">;
  dayOfWeek: number | null;
  dayOfMonth: number | null;
  time: string;
  kpis: string[];
  breakdown: Dimension | null;
  timezone: string | null;
  period: string | null;
  skipWhenEmpty: boolean;
}

/** What a preview needs: KPIs, and optionally the schedule part (which picks the default period). */
export type PreviewSpec = Pick<DigestSpec, "kpis" | "breakdown" | "timezone" | "period" | "skipWhenEmpty"> &
  Partial<Pick<DigestSpec, "frequency" | "dayOfWeek" | "dayOfMonth" | "time">>;

/** A parsed `digest …` command. */
export type DigestCommand =
  | { type: "add"; spec: DigestSpec }
  | { type: "preview"; spec: PreviewSpec }
  | { type: "list" }
  | { type: "help" }
  | { type: "remove" | "pause" | "resume" | "send"; id: number };

const err = <T>(error: ParseError): Parsed<T> => ({ ok: false, error });

function readSchedule(words: Words): Parsed<Pick<DigestSpec, "frequency" | "dayOfWeek" | "dayOfMonth" | "time">> {
  const frequency = words.match(FREQUENCY_WORDS);
  if (!frequency) return err({ code: "missing_frequency", word: words.peek()?.raw ?? "" });
  let dayOfWeek: number | null = null;
  let dayOfMonth: number | null = null;
  if (frequency === "weekly") {
    const day = words.match(DAY_WORDS);
    if (day === undefined) return err({ code: "bad_day", word: words.peek()?.raw ?? "" });
    dayOfWeek = day;
  } else if (frequency === "monthly") {
    const token = words.peek();
    const last = words.match(Object.fromEntries(LAST_DAY_WORDS.map((w) => [w, true])));
    if (last) dayOfMonth = -1;
    else {
      const m = /^(\d{1,2})(st|nd|rd|th|er|e)?$/.exec(token?.norm ?? "");
      const n = Number(m?.[1]);
      if (!m || n < 1 || n > 31) return err({ code: "bad_day", word: token?.raw ?? "" });
      words.next();
      dayOfMonth = n;
    }
  }
  const timeToken = words.next();
  const hm = parseTime(timeToken?.norm ?? "");
  if (!hm) return err({ code: "bad_time", word: timeToken?.raw ?? "" });
  const time = `${String(hm[0]).padStart(2, "0")}:${String(hm[1]).padStart(2, "0")}`;
  return { ok: true, command: { frequency, dayOfWeek, dayOfMonth, time } };
}

/** `fcr,sla mttr` up to the first option keyword: KPI ids, each known. */
function readKpis(words: Words): Parsed<string[]> {
  const kpis: string[] = [];
  while (!words.done && !words.sees(DIGEST_OPTION_WORDS)) {
    const token = words.next() as Token;
    for (const piece of token.raw.split(",").map((p) => p.trim())) {
      if (piece === "") continue;
      const found = resolveKpiWord(piece);
      if (!("id" in found)) return err({ code: "unknown_kpi", word: piece, suggestions: found.suggestions });
      if (!kpis.includes(found.id)) kpis.push(found.id);
    }
  }
  return kpis.length > 0 ? { ok: true, command: kpis } : err({ code: "missing_kpis" });
}

type Options = Pick<DigestSpec, "breakdown" | "timezone" | "period" | "skipWhenEmpty">;

function readOptions(words: Words): Parsed<Options> {
  const o: Options = { breakdown: null, timezone: null, period: null, skipWhenEmpty: false };
  while (!words.done) {
    const option = words.match(DIGEST_OPTION_WORDS);
    if (!option) return err({ code: "extra", word: words.rest().join(" ") });
    if (option === "skipEmpty") o.skipWhenEmpty = true;
    else if (option === "by") {
      const token = words.next();
      const dim = token ? findDimension(token.norm) : undefined;
      if (!dim) return err({ code: "bad_dimension", word: token?.raw ?? "" });
      o.breakdown = dim;
    } else if (option === "tz") {
      const zone = words.next()?.raw ?? "";
      if (!isValidTimezone(zone) || !zone.includes("/")) {
        if (zone.toUpperCase() !== "UTC") return err({ code: "bad_timezone", word: zone });
      }
      o.timezone = zone.toUpperCase() === "UTC" ? "UTC" : zone;
    } else {
      // A period is several words ("last month", "mois dernier"): up to the next option keyword.
      const parts: string[] = [];
      while (!words.done && !words.sees(DIGEST_OPTION_WORDS)) parts.push((words.next() as Token).raw);
      if (parts.length === 0) return err({ code: "extra", word: "period" });
      o.period = parts.join(" ");
    }
  }
  return { ok: true, command: o };
}

/**
 * Parses the words after `digest`: `add <daily|weekdays|weekly <day>|monthly <day|last>> <HH:MM>
 * <kpi,kpi…> [by <dim>] [tz <zone>] [period <period>] [skip-empty]`, `list`, `remove|pause|resume|send <id>`,
 * `preview [<schedule>] <kpis> [options]`. Pure: the period text is checked by the handler.
 */
export function parseDigestCommand(args: string): Parsed<DigestCommand> {
  const words = new Words(tokenize(args));
  if (words.done) return { ok: true, command: { type: "help" } };
  const sub: SubCommand | undefined = words.match(SUB_WORDS);
  if (!sub) return err({ code: "unknown_sub", word: words.peek()?.raw ?? "", suggestions: subSuggestions(words) });
  switch (sub) {
    case "help":
      return { ok: true, command: { type: "help" } };
    case "list":
      return listCommand(words);
    case "remove":
    case "pause":
    case "resume":
    case "send":
      return idCommand(words, sub);
    case "add": {
      const schedule = readSchedule(words);
      if (!schedule.ok) return schedule;
      const kpis = readKpis(words);
      if (!kpis.ok) return kpis;
      const options = readOptions(words);
      if (!options.ok) return options;
      return {
        ok: true,
        command: { type: "add", spec: { ...schedule.command, kpis: kpis.command, ...options.command } },
      };
    }
    case "preview": {
      let schedule: Partial<DigestSpec> = {};
      if (words.sees(FREQUENCY_WORDS)) {
        const read = readSchedule(words);
        if (!read.ok) return read;
        schedule = read.command;
      }
      const kpis = readKpis(words);
      if (!kpis.ok) return kpis;
      const options = readOptions(words);
      if (!options.ok) return options;
      return { ok: true, command: { type: "preview", spec: { ...schedule, kpis: kpis.command, ...options.command } } };
    }
  }
}

function subSuggestions(words: Words): string[] {
  const w = words.peek()?.norm ?? "";
  return suggest(w, ["add", "list", "remove", "pause", "resume", "send", "preview"]);
}
