import { closest } from "fastest-levenshtein";
import { normalizeWord, type Token, tokenize } from "../commands/tokens.js";
import type { Locale } from "../i18n/index.js";
import type { Audience, QuestionType, Recurrence, ResultsVisibility } from "./types.js";
import { MAX_QUESTIONS } from "./types.js";
import { readWhen, type WhenSpec } from "./when.js";
import {
  AUDIENCE_WORDS,
  FLAG_WORDS,
  OPS,
  OPTION_WORDS,
  type Op,
  QUESTION_WORDS,
  RECUR_WORDS,
  RESULTS_WORDS,
  wordsLocale,
} from "./words.js";

/** A question as typed: the prompt may be left to the default of its type. */
export interface TypedQuestion {
  type: QuestionType;
  prompt?: string;
  service?: string;
}

/** `survey new …` as understood, before dates are resolved and default prompts written. */
export interface SurveyDraft {
  title: string;
  questions: TypedQuestion[];
  anonymous: boolean;
  audience: Audience;
  results: ResultsVisibility;
  closes?: WhenSpec;
  recurrence?: Recurrence;
  remind?: WhenSpec;
}

/** A survey command as understood. */
export type SurveyCommand =
  | { op: "new"; draft: SurveyDraft }
  | { op: "list" }
  | { op: "help" }
  | { op: "show" | "post" | "close" | "stop" | "reopen" | "results" | "remind" | "export"; id: number }
  | { op: "send"; id: number; users: string[] }
  | { op: "comment"; id: number; text: string };

/** Why a command was not understood: an i18n key under `surveys:problem.` and its variables. */
export interface SurveyProblem {
  code: string;
  vars?: Record<string, string>;
}

/** The outcome of parsing, with the language the words were written in when they say. */
export type SurveyParse =
  | { ok: true; command: SurveyCommand; locale?: Locale }
  | { ok: false; problem: SurveyProblem; locale?: Locale };

const OP_OF = new Map<string, Op>(Object.entries(OPS).flatMap(([op, words]) => words.map((w) => [w, op as Op])));

function opOf(word: string): Op | undefined {
  return OP_OF.get(word);
}

const fail = (code: string, vars?: Record<string, string>): { ok: false; problem: SurveyProblem } => ({
  ok: false,
  problem: { code, ...(vars ? { vars } : {}) },
});

/** The words after the verb: `new "Title" csat …`, `close 12`, `send 12 to @ana @bob`, `comment 12 text…`. */
export function parseSurveyCommand(args: string, now: Date, verb = ""): SurveyParse {
  const tokens = tokenize(args);
  const locale = wordsLocale([normalizeWord(verb), ...tokens.filter((t) => !t.quoted).map((t) => t.norm)]);
  const withLocale = (r: { ok: true; command: SurveyCommand } | { ok: false; problem: SurveyProblem }): SurveyParse =>
    locale ? { ...r, locale } : r;
  const first = tokens[0];
  if (!first) return withLocale({ ok: true, command: { op: "help" } });
  const op = first.quoted ? undefined : opOf(first.norm);
  if (!op) {
    const all = [...OP_OF.keys()].filter((w) => w.length > 1);
    return withLocale(fail("unknown_op", { word: first.raw, suggestion: closest(first.norm, all) }));
  }
  const rest = tokens.slice(1);
  switch (op) {
    case "help":
    case "list":
      return withLocale(
        rest.length === 0 ? { ok: true, command: { op } } : fail("extra_words", { words: words(rest) }),
      );
    case "new":
      return withLocale(parseNew(rest, now.getUTCFullYear()));
    case "send": {
      const id = readId(rest[0]);
      if (id === undefined) return withLocale(fail("missing_id", { op: first.raw }));
      const users = rest.slice(1).filter((t) => !["to", "a", "à", "aux"].includes(t.norm));
      if (users.length === 0) return withLocale(fail("missing_users"));
      return withLocale({ ok: true, command: { op, id, users: users.map((t) => t.raw) } });
    }
    case "comment": {
      const id = readId(rest[0]);
      if (id === undefined) return withLocale(fail("missing_id", { op: first.raw }));
      // The comment keeps the user's own words: take the raw text after the id.
      const text = args.replace(/^\s*\S+\s+#?\d+\s*/, "").trim();
      if (!text) return withLocale(fail("missing_comment"));
      return withLocale({ ok: true, command: { op, id, text } });
    }
    default: {
      const id = readId(rest[0]);
      if (id === undefined) return withLocale(fail("missing_id", { op: first.raw }));
      if (rest.length > 1) return withLocale(fail("extra_words", { words: words(rest.slice(1)) }));
      return withLocale({ ok: true, command: { op, id } });
    }
  }
}

function words(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.quoted ? `"${t.raw}"` : t.raw)).join(" ");
}

function readId(token: Token | undefined): number | undefined {
  if (!token || token.quoted) return undefined;
  const m = /^#?(\d{1,9})$/.exec(token.norm);
  return m ? Number(m[1]) : undefined;
}

function isKeyword(t: Token): boolean {
  return !t.quoted && (t.norm in QUESTION_WORDS || t.norm in OPTION_WORDS || t.norm in FLAG_WORDS);
}

/** Parses the definition of `survey new`. */
function parseNew(
  tokens: Token[],
  year: number,
): { ok: true; command: SurveyCommand } | { ok: false; problem: SurveyProblem } {
  const draft: SurveyDraft = { title: "", questions: [], anonymous: true, audience: "users", results: "after_close" };
  const title = tokens[0];
  if (!title?.quoted) return fail("missing_title");
  draft.title = title.raw.slice(0, 150);
  let i = 1;
  const seen = new Set<string>();
  const once = (what: string): SurveyProblem | undefined => {
    if (seen.has(what)) return { code: "duplicate_option", vars: { word: what } };
    seen.add(what);
    return undefined;
  };
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    const question = t.quoted ? undefined : QUESTION_WORDS[t.norm];
    const option = t.quoted ? undefined : OPTION_WORDS[t.norm];
    const flag = t.quoted ? undefined : FLAG_WORDS[t.norm];
    if (question === "know") {
      const services: string[] = [];
      i++;
      while (i < tokens.length && !isKeyword(tokens[i] as Token)) {
        const item = tokens[i] as Token;
        services.push(...(item.quoted ? [item.raw] : item.raw.split(",")).map((s) => s.trim()).filter(Boolean));
        i++;
      }
      if (services.length === 0) return fail("missing_services", { word: t.raw });
      for (const service of services) draft.questions.push({ type: "yes_no", service: service.slice(0, 80) });
    } else if (question) {
      const next = tokens[i + 1];
      if (question === "text" && draft.questions.some((q) => q.type === "text")) return fail("duplicate_comment");
      draft.questions.push({ type: question, ...(next?.quoted ? { prompt: next.raw.slice(0, 300) } : {}) });
      if (question === "yes_no" && !next?.quoted) return fail("missing_prompt", { word: t.raw });
      i += next?.quoted ? 2 : 1;
    } else if (flag === "named" || flag === "anonymous") {
      const dup = once("anonymity");
      if (dup) return { ok: false, problem: dup };
      draft.anonymous = flag === "anonymous";
      i++;
    } else if (flag) {
      const dup = once("recur");
      if (dup) return { ok: false, problem: dup };
      draft.recurrence = flag;
      i++;
    } else if (option) {
      const dup = once(option);
      if (dup) return { ok: false, problem: dup };
      const read = readOption(option, tokens.slice(i + 1), draft, year);
      if (!read.ok) return read;
      i += 1 + read.used;
    } else {
      const keywords = [...Object.keys(QUESTION_WORDS), ...Object.keys(OPTION_WORDS), ...Object.keys(FLAG_WORDS)];
      return fail(t.quoted ? "stray_text" : "unknown_word", {
        word: t.raw,
        suggestion: closest(t.norm, keywords),
      });
    }
  }
  const scored = draft.questions.filter((q) => q.type !== "text");
  if (scored.length === 0) return fail("no_questions");
  if (draft.questions.length > MAX_QUESTIONS) return fail("too_many_questions", { max: String(MAX_QUESTIONS) });
  if (draft.audience === "service_desk" && !draft.questions.some((q) => q.type === "csat")) {
    return fail("desk_needs_csat");
  }
  return { ok: true, command: { op: "new", draft } };
}

type OptionRead = { ok: true; used: number } | { ok: false; problem: SurveyProblem };

function readOption(option: string, after: Token[], draft: SurveyDraft, year: number): OptionRead {
  const next = after[0];
  const norm = next?.norm ?? "";
  switch (option) {
    case "closes":
    case "remind": {
      // A quoted value is never part of a date.
      const read = readWhen(
        after.map((t) => (t.quoted ? "\u0000" : t.norm)),
        { year },
      );
      if (!read) {
        return fail(option === "closes" ? "bad_close" : "bad_remind", { word: next?.raw ?? "" });
      }
      if (option === "closes") draft.closes = read.spec;
      else draft.remind = read.spec;
      return { ok: true, used: read.used };
    }
    case "audience": {
      const audience = AUDIENCE_WORDS[norm];
      // "service desk" in two words.
      if (!audience && norm === "service" && after[1]?.norm === "desk") {
        draft.audience = "service_desk";
        return { ok: true, used: 2 };
      }
      if (!audience) return fail("bad_audience", { word: next?.raw ?? "" });
      draft.audience = audience;
      return { ok: true, used: 1 };
    }
    case "results": {
      const results = RESULTS_WORDS[norm];
      if (!results) return fail("bad_results", { word: next?.raw ?? "" });
      draft.results = results;
      return { ok: true, used: 1 };
    }
    default: {
      const recurrence = RECUR_WORDS[norm];
      if (!recurrence) return fail("bad_recur", { word: next?.raw ?? "" });
      draft.recurrence = recurrence;
      return { ok: true, used: 1 };
    }
  }
}
