import { kpiTable } from "../commands/parse-support.js";
import { suggest } from "../commands/suggest.js";
import { normalizeWord, type Token, tokenize } from "../commands/tokens.js";
import { findDimension } from "../commands/vocabulary.js";
import type { Dimension } from "../kpi/types.js";
import { isValidTimezone } from "../periods/index.js";
import { type Frequency, parseTime } from "./fire-times.js";
import {
  DAY_WORDS,
  DIGEST_OPTION_WORDS,
  FREQUENCY_WORDS,
  LAST_DAY_WORDS,
  SUB_WORDS,
  type SubCommand,
} from "./words.js";

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

/** Why a `digest`/`alert` command could not be read (translated by the handler). */
export interface ParseError {
  code:
    | "unknown_sub"
    | "missing_frequency"
    | "bad_day"
    | "bad_time"
    | "missing_kpis"
    | "unknown_kpi"
    | "bad_dimension"
    | "bad_timezone"
    | "bad_id"
    | "extra"
    | "missing_condition"
    | "bad_value"
    | "bad_filter"
    | "bad_check";
  word?: string;
  suggestions?: string[];
}

/** A parsed `digest …` command. */
export type DigestCommand =
  | { type: "add"; spec: DigestSpec }
  | { type: "preview"; spec: PreviewSpec }
  | { type: "list" }
  | { type: "help" }
  | { type: "remove" | "pause" | "resume" | "send"; id: number };

/** The result of parsing: a command or an error. */
export type Parsed<T> = { ok: true; command: T } | { ok: false; error: ParseError };

const err = <T>(error: ParseError): Parsed<T> => ({ ok: false, error });

/** A cursor over tokens; multi-word keywords are tried hyphenated (longest first). */
export class Words {
  index = 0;
  constructor(readonly tokens: Token[]) {}
  get done(): boolean {
    return this.index >= this.tokens.length;
  }
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  next(): Token | undefined {
    return this.tokens[this.index++];
  }
  /** Matches up to 4 words joined with hyphens against a table; consumes them on success. */
  match<T>(table: Record<string, T>): T | undefined {
    for (let n = Math.min(4, this.tokens.length - this.index); n >= 1; n--) {
      const slice = this.tokens.slice(this.index, this.index + n);
      if (slice.some((t) => t.quoted || t.eq)) continue;
      const key = slice.map((t) => t.norm).join("-");
      if (Object.hasOwn(table, key)) {
        this.index += n;
        return table[key];
      }
    }
    return undefined;
  }
  /** Whether the next words match a table, without consuming them. */
  sees(table: Record<string, unknown>): boolean {
    const at = this.index;
    const found = this.match(table) !== undefined;
    this.index = at;
    return found;
  }
  rest(): string[] {
    return this.tokens.slice(this.index).map((t) => t.raw);
  }
}

/** Reads `#12` / `12` as a schedule or rule id. */
function readId(words: Words): number | undefined {
  const raw = words.next()?.raw.replace(/^#/, "");
  return raw && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

/** `list`, with nothing after it (digests and alerts alike). */
export function listCommand(words: Words): Parsed<{ type: "list" }> {
  return words.done ? { ok: true, command: { type: "list" } } : err({ code: "extra", word: words.rest().join(" ") });
}

/** `<sub> #12`: a subcommand on one schedule or rule, with nothing after the id (digests and alerts alike). */
export function idCommand<S extends string>(words: Words, type: S): Parsed<{ type: S; id: number }> {
  const id = readId(words);
  if (id === undefined) return err({ code: "bad_id", word: words.tokens[words.index - 1]?.raw ?? "" });
  if (!words.done) return err({ code: "extra", word: words.rest().join(" ") });
  return { ok: true, command: { type, id } };
}

/** Resolves a KPI word (id, alias or name) to its id, or suggestions. */
export function resolveKpiWord(word: string): { id: string } | { suggestions: string[] } {
  const table = kpiTable();
  const def = table.get(normalizeWord(word));
  if (def) return { id: def.id };
  return { suggestions: suggest(normalizeWord(word), table.keys(), (w) => table.get(w)?.id ?? w) };
}

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
