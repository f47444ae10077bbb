import { MAX_COMMAND_CHARS } from "../core/interaction.js";
import type { KpiDefinition } from "../kpi/types.js";
import type { Command, ParseOutcome, Problem, Understood } from "./command-types.js";
import { commandSchema } from "./command-types.js";
import { parsePolicy, parseRole, parseTarget } from "./parse-admin.js";
import { parseKpiClauses } from "./parse-clauses.js";
import { Cursor, fail, kpiCandidates, matchKpi, matchPhrase } from "./parse-support.js";
import { stripInvocation, type Token, tokenize } from "./tokens.js";
import { LEADING_FILLERS, VERBS, type Verb } from "./vocabulary.js";

/** Longest command text looked at (the core's one limit); anything longer is refused politely. */
export const MAX_COMMAND_LENGTH = MAX_COMMAND_CHARS;

const VERB_TABLE: Record<string, Verb> = Object.fromEntries(
  Object.entries(VERBS).flatMap(([verb, words]) => words.map((w) => [w, verb as Verb])),
);

/** Every verb word, for "did you mean". */
export const VERB_WORDS = Object.keys(VERB_TABLE);

function unknownKpi(c: Cursor, verb: string, understood: Understood[]): Problem {
  const word = c.peek();
  if (!word) return fail("missing_kpi", [], understood, { verb });
  return fail("unknown_kpi", [word.raw], understood, { verb, suggestions: kpiCandidates(c) });
}

function parseNoArgs(c: Cursor, command: Command, understood: Understood[], verb: string): ParseOutcome {
  if (!c.done()) return { ok: false, problem: fail("extra_words", c.rest(), understood, { verb }) };
  return { ok: true, command, understood };
}

function parseVerb(verb: Verb, c: Cursor, verbText: string): ParseOutcome {
  const understood: Understood[] = [{ kind: "verb", text: verbText }];
  switch (verb) {
    case "list":
      return parseNoArgs(c, { type: "list" }, understood, verb);
    case "whoami":
      return parseNoArgs(c, { type: "whoami" }, understood, verb);
    case "help": {
      if (c.done()) return { ok: true, command: { type: "help" }, understood };
      const def = matchKpi(c);
      if (def) {
        understood.push({ kind: "kpi", text: def.id });
        return parseNoArgs(c, { type: "help", kpi: def.id }, understood, verb);
      }
      // "help target", "aide objectif": that command's own help.
      const topic = matchPhrase(c, VERB_TABLE);
      if (topic) {
        understood.push({ kind: "verb", text: topic });
        return parseNoArgs(c, { type: "help", verb: topic }, understood, verb);
      }
      return { ok: false, problem: unknownKpi(c, verb, understood) };
    }
    case "explain": {
      const def = matchKpi(c);
      if (!def) return { ok: false, problem: unknownKpi(c, verb, understood) };
      understood.push({ kind: "kpi", text: def.id });
      return parseNoArgs(c, { type: "explain", kpi: def.id }, understood, verb);
    }
    case "scorecard":
      return parseKpiClauses(c, { verb, understood, allow: ["period", "share"] });
    case "target": {
      const def = matchKpi(c);
      if (!def) return { ok: false, problem: unknownKpi(c, verb, understood) };
      understood.push({ kind: "kpi", text: def.id });
      return parseTarget(c, def, understood);
    }
    case "role":
      return parseRole(c, understood);
    case "policy":
      return parsePolicy(c, understood);
  }
}

function parseKpiQuestion(tokens: Token[]): ParseOutcome | undefined {
  // Try the KPI where it is, then after meaningless leading words, then anywhere ("last month fcr").
  const fillers = new Set(LEADING_FILLERS);
  let start = 0;
  while (start < tokens.length - 1 && !tokens[start]?.quoted && fillers.has(tokens[start]?.norm ?? "")) start++;
  const at = (i: number): { def: KpiDefinition; len: number } | undefined => {
    const c = new Cursor(tokens, i);
    const def = matchKpi(c);
    return def ? { def, len: c.index - i } : undefined;
  };
  let found = at(0) ? { i: 0, ...at(0) } : undefined;
  if (!found && at(start)) found = { i: start, ...at(start) };
  for (let i = start + 1; !found && i < tokens.length; i++) {
    const hit = at(i);
    if (hit) found = { i, ...hit };
  }
  if (!found?.def || found.len === undefined) return undefined;
  const before = found.i === start ? [] : tokens.slice(start, found.i);
  const rest = [...before, ...tokens.slice(found.i + found.len)];
  const understood: Understood[] = [{ kind: "kpi", text: found.def.id }];
  return parseKpiClauses(new Cursor(rest, 0), { verb: "kpi", def: found.def, understood, allow: "all" });
}

function unknownCommand(tokens: Token[]): Problem {
  const fillers = new Set(LEADING_FILLERS);
  const first = tokens.find((t) => !fillers.has(t.norm)) ?? tokens[0];
  const i = first ? tokens.indexOf(first) : 0;
  const c = new Cursor(tokens, i);
  const verbHints = first ? kpiCandidates(c, VERB_WORDS, (w) => VERBS[VERB_TABLE[w] ?? "help"][0]) : [];
  const suggestions = [...kpiCandidates(c), ...verbHints].slice(0, 3);
  return fail("unknown_command", first ? [first.raw] : [], [], { suggestions });
}

function validate(outcome: ParseOutcome): ParseOutcome {
  if (!outcome.ok) return outcome;
  const checked = commandSchema.safeParse(outcome.command);
  if (checked.success) return { ...outcome, command: checked.data };
  return { ok: false, problem: fail("bad_filter", [], outcome.understood) };
}

/**
 * Parses one command of the /kpi language (English or French) into a validated command,
 * or explains what was not understood. Total: never throws, whatever the input.
 */
export function parseCommand(input: string): ParseOutcome {
  if (input.length > MAX_COMMAND_LENGTH) return { ok: false, problem: fail("too_long", [], []) };
  const tokens = stripInvocation(tokenize(input));
  if (tokens.length === 0) return { ok: true, command: { type: "help" }, understood: [] };
  const c = new Cursor(tokens, 0);
  const verb = matchPhrase(c, VERB_TABLE);
  if (verb)
    return validate(
      parseVerb(
        verb,
        c,
        tokens
          .slice(0, c.index)
          .map((t) => t.raw)
          .join(" "),
      ),
    );
  const question = parseKpiQuestion(tokens);
  if (question) return validate(question);
  return { ok: false, problem: unknownCommand(tokens) };
}

/** The tokens of a command (for language detection), after the invocation word. */
export function commandTokens(input: string): Token[] {
  return stripInvocation(tokenize(input.slice(0, MAX_COMMAND_LENGTH)));
}
