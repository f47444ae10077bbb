import { NUMERIC_DIMENSIONS, numericFilterValue } from "../kpi/filters.js";
import type { Dimension, KpiDefinition, KpiFilter } from "../kpi/types.js";
import type { Command, ParseOutcome, Problem, Understood } from "./command-types.js";
import { Cursor, fail, matchPhrase } from "./parse-support.js";
import { suggest } from "./suggest.js";
import type { Token } from "./tokens.js";
import { CLAUSES, type Clause, CONNECTORS, DIMENSION_WORDS, findDimension, PERIOD_PREPOSITIONS } from "./vocabulary.js";

const CLAUSE_TABLE: Record<string, Clause> = Object.fromEntries(
  Object.entries(CLAUSES).flatMap(([clause, words]) => words.map((w) => [w, clause as Clause])),
);

type Part = "period" | "share" | "breakdown" | "filter" | "compare" | "rows";

/** How a clause list is parsed: for a KPI question (everything) or a scorecard (period, share). */
export interface ClauseOptions {
  verb: "kpi" | "scorecard";
  def?: KpiDefinition;
  understood: Understood[];
  allow: "all" | Part[];
}

type FilterRead = { filter: KpiFilter } | { problem: Problem } | undefined;

/** The problem for a dimension word that is unknown, or not one the KPI can be cut by. */
function dimensionProblem(
  word: Token,
  def: KpiDefinition | undefined,
  understood: Understood[],
  verb = "kpi",
): Problem | undefined {
  const dim = findDimension(word.norm);
  const extra = { ...(def ? { kpi: def.id } : {}), verb };
  if (!dim) {
    const suggestions = suggest(word.norm, Object.keys(DIMENSION_WORDS), (w) => DIMENSION_WORDS[w] ?? w).filter(
      (d) => !def || def.dimensions.includes(d as Dimension),
    );
    return fail("unknown_dimension", [word.raw], understood, { ...extra, suggestions });
  }
  if (def && !def.dimensions.includes(dim)) {
    return fail("dimension_not_available", [word.raw], understood, {
      ...extra,
      details: { dimension: dim, dimensions: def.dimensions.join(", ") || "—" },
    });
  }
  return undefined;
}

/** The problem for a value its dimension cannot hold (`priority=abc`: priorities are numbers). */
function valueProblem(
  dimension: Dimension,
  value: string,
  def: KpiDefinition | undefined,
  understood: Understood[],
  verb: string,
): Problem | undefined {
  if (!NUMERIC_DIMENSIONS.includes(dimension) || numericFilterValue(value) !== undefined) return undefined;
  return fail("bad_filter_value", [value], understood, {
    ...(def ? { kpi: def.id } : {}),
    verb,
    details: { dimension },
  });
}

/**
 * Reads `dim=value`, `dim = "quoted value"` or `dim:value` at the cursor (after `for`, `afterFor`
 * also accepts `dim "quoted value"`). Undefined when the cursor is not at a filter. The one reading
 * of a filter, for KPI questions, targets and alerts alike: a dimension the KPI has, a value it can hold.
 */
export function readFilter(
  c: Cursor,
  def: KpiDefinition | undefined,
  understood: Understood[],
  afterFor: boolean,
  verb = "kpi",
): FilterRead {
  const t = c.peek();
  if (!t || t.quoted || t.eq) return undefined;
  const colon = /^([^:]+):(.+)$/.exec(t.raw);
  if (colon?.[1] && colon[2] && findDimension(colon[1])) {
    const word = { ...t, raw: colon[1], norm: colon[1].toLowerCase() };
    const problem = dimensionProblem(word, def, understood, verb);
    if (problem) return { problem };
    const dimension = findDimension(colon[1]) as Dimension;
    const bad = valueProblem(dimension, colon[2], def, understood, verb);
    if (bad) return { problem: bad };
    c.index += 1;
    return { filter: { dimension, value: colon[2] } };
  }
  const next = c.peek(1);
  const isEq = next?.eq === true;
  const isQuoted = afterFor && next?.quoted === true && findDimension(t.norm) !== undefined;
  if (!isEq && !isQuoted) return undefined;
  const problem = dimensionProblem(t, def, understood, verb);
  if (problem) return { problem };
  const value = isEq ? c.peek(2) : next;
  if (!value || value.eq) {
    return { problem: fail("bad_filter", [c.rest().join(" ")], understood, { ...(def ? { kpi: def.id } : {}), verb }) };
  }
  const dimension = findDimension(t.norm) as Dimension;
  const bad = valueProblem(dimension, value.raw, def, understood, verb);
  if (bad) return { problem: bad };
  c.index += isEq ? 3 : 2;
  return { filter: { dimension, value: value.raw } };
}

function atClause(c: Cursor): boolean {
  const probe = new Cursor(c.tokens, c.index);
  return matchPhrase(probe, CLAUSE_TABLE) !== undefined || readFilter(probe, undefined, [], false) !== undefined;
}

/** Drops a leading "in"/"en"/"sur"… and trailing connectors from a period phrase. */
function periodText(run: Token[]): string {
  let words = run.filter((t) => !t.eq);
  while (words.length > 1 && PERIOD_PREPOSITIONS.includes(words[0]?.norm ?? "")) words = words.slice(1);
  return words.map((t) => t.raw).join(" ");
}

/**
 * Parses the clauses after a KPI (or after `scorecard`): a period phrase, `by <dimension>`,
 * `for <dim>=<value>` (any number), `vs <period>`, `share` — in any order.
 */
export function parseKpiClauses(c: Cursor, opts: ClauseOptions): ParseOutcome {
  const understood = [...opts.understood];
  const def = opts.def;
  const allowed = (p: Part) => opts.allow === "all" || opts.allow.includes(p);
  const extra = { ...(def ? { kpi: def.id } : {}), verb: opts.verb };
  const failWith = (code: Problem["code"], words: string[], more: Partial<Problem> = {}): ParseOutcome => ({
    ok: false,
    problem: { ...fail(code, words, understood, extra), ...more },
  });
  const runs: Token[][] = [];
  let open: Token[] = [];
  // A period phrase ends where a clause starts; it is recorded as understood right away so that
  // a later problem can show it.
  const closeRun = () => {
    if (open.length === 0) return;
    runs.push(open);
    understood.push({ kind: "period", text: periodText(open) });
    open = [];
  };
  let compare: string | undefined;
  let breakdown: Dimension | undefined;
  const filters: KpiFilter[] = [];
  let share = false;
  let rows: "list" | "export" | undefined;

  while (!c.done()) {
    const start = c.index;
    const bare = allowed("filter") ? readFilter(c, def, understood, false) : undefined;
    if (bare) {
      closeRun();
      if ("problem" in bare) return { ok: false, problem: bare.problem };
      filters.push(bare.filter);
      understood.push({ kind: "filter", text: `${bare.filter.dimension}=${bare.filter.value}` });
      continue;
    }
    const clause = matchPhrase(c, CLAUSE_TABLE);
    if (clause === undefined) {
      const t = c.next() as Token;
      if (!(open.length === 0 && CONNECTORS.includes(t.norm))) open.push(t);
      continue;
    }
    closeRun();
    const word = c.tokens.slice(start, c.index).map((t) => t.raw);
    if (clause === "share" && allowed("share")) {
      share = true;
      understood.push({ kind: "share", text: word.join(" ") });
    } else if ((clause === "tickets" || clause === "export") && allowed("rows")) {
      // `fcr last month tickets export` is the export too.
      rows = clause === "export" || rows === "export" ? "export" : "list";
      understood.push({ kind: "rows", text: word.join(" ") });
    } else if (clause === "by" && allowed("breakdown")) {
      const dimWord = c.peek();
      if (!dimWord || dimWord.quoted || dimWord.eq) return failWith("missing_dimension", word);
      const problem = dimensionProblem(dimWord, def, understood);
      if (problem) return { ok: false, problem };
      c.next();
      if (breakdown) return failWith("duplicate_breakdown", [...word, dimWord.raw]);
      breakdown = findDimension(dimWord.norm);
      understood.push({ kind: "breakdown", text: breakdown ?? dimWord.raw });
    } else if (clause === "for" && allowed("filter")) {
      const read = readFilter(c, def, understood, true);
      if (read && "problem" in read) return { ok: false, problem: read.problem };
      if (read) {
        filters.push(read.filter);
        understood.push({ kind: "filter", text: `${read.filter.dimension}=${read.filter.value}` });
      } else if (c.peek() && !c.peek()?.quoted && findDimension(c.peek()?.norm ?? "")) {
        // "for service" without a value.
        return failWith("bad_filter", [...word, ...c.rest()]);
      }
      // Otherwise "fcr for last month": `for` opens a period.
    } else if (clause === "vs" && allowed("compare")) {
      const phrase: Token[] = [];
      while (!c.done() && !atClause(c)) phrase.push(c.next() as Token);
      if (phrase.length === 0) return failWith("missing_period", word);
      if (compare !== undefined) return failWith("duplicate_period", [...word, ...phrase.map((t) => t.raw)]);
      compare = periodText(phrase);
      understood.push({ kind: "compare", text: compare });
    } else if (clause !== "for") {
      return failWith("extra_words", [...word, ...c.rest()]);
    }
  }
  closeRun();

  // "sla group": a lone dimension word means "by group".
  const lone = runs.length === 1 && runs[0]?.length === 1 ? runs[0][0] : undefined;
  if (lone && !breakdown && allowed("breakdown") && findDimension(lone.norm)) {
    const at = understood.findIndex((u) => u.kind === "period");
    understood.splice(at, 1);
    const problem = dimensionProblem(lone, def, understood);
    if (problem) return { ok: false, problem };
    breakdown = findDimension(lone.norm);
    understood.push({ kind: "breakdown", text: breakdown ?? lone.raw });
    runs.pop();
  }
  if (runs.length > 1) {
    return failWith(
      "duplicate_period",
      (runs[1] ?? []).map((t) => t.raw),
    );
  }
  const period = runs[0] ? periodText(runs[0]) : undefined;
  let command: Command;
  if (opts.verb === "scorecard") {
    command = { type: "scorecard", share, ...(period ? { period } : {}) };
  } else {
    command = {
      type: "kpi",
      kpi: def?.id ?? "",
      filters,
      share,
      ...(period ? { period } : {}),
      ...(compare ? { compareTo: compare } : {}),
      ...(breakdown ? { breakdown } : {}),
      ...(rows ? { rows } : {}),
    };
  }
  return { ok: true, command, understood };
}
