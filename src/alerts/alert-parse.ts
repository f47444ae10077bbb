import type { Problem, Understood } from "../commands/command-types.js";
import { readFilter } from "../commands/parse-clauses.js";
import { Cursor } from "../commands/parse-support.js";
import { tokenize } from "../commands/tokens.js";
import { findKpi } from "../kpi/definitions.js";
import { isValidTimezone } from "../periods/index.js";
import {
  idCommand,
  listCommand,
  type Parsed,
  type ParseError,
  resolveKpiWord,
  SUB_WORDS,
  Words,
} from "../scheduler/command-words.js";
import type { AlertSpec } from "../store/repositories.js";
import { ALERT_OPTION_WORDS, CHECK_WORDS, CONDITION_WORDS } from "./words.js";

/** A parsed `alert …` command. */
export type AlertCommand =
  | { type: "add"; spec: AlertSpec }
  | { type: "list" }
  | { type: "help" }
  | { type: "remove" | "pause" | "resume"; id: number };

/**
 * The outcome of parsing an alert command: the command, a ParseError of the alert grammar, or the
 * Problem a KPI question's filter would have (explained by the same reply as for a question).
 */
export type AlertParsed = Parsed<AlertCommand> | { ok: false; problem: Problem };

const err = (error: ParseError): AlertParsed => ({ ok: false, error });

/** `90`, `92,5`, `90%`, `-10%`, `+5`, `±10%` → the number and its sign. */
export function readNumber(text: string): { value: number; sign: "+" | "-" | "±" | "" } | undefined {
  const m = /^([+\-−±]?)(\d+(?:[.,]\d+)?)\s*(%|pts?|h|€|eur)?$/i.exec(text.trim());
  if (!m) return undefined;
  const sign = m[1] === "−" ? "-" : ((m[1] ?? "") as "+" | "-" | "±" | "");
  return { value: Number((m[2] ?? "").replace(",", ".")), sign };
}

function readAdd(words: Words): AlertParsed {
  const kpiToken = words.next();
  if (!kpiToken) return err({ code: "missing_kpis" });
  const kpi = resolveKpiWord(kpiToken.raw);
  if (!("id" in kpi)) return err({ code: "unknown_kpi", word: kpiToken.raw, suggestions: kpi.suggestions });
  const condition = words.match(CONDITION_WORDS);
  if (!condition) return err({ code: "missing_condition", word: words.peek()?.raw ?? "" });
  const valueToken = words.next();
  const number = readNumber(valueToken?.raw ?? "");
  if (!number) return err({ code: "bad_value", word: valueToken?.raw ?? "" });
  // "90 %" typed with a space.
  if (words.peek()?.raw === "%") words.next();
  const spec: AlertSpec = {
    kpi: kpi.id,
    condition,
    threshold: number.value,
    direction: "any",
    dimension: null,
    dimValue: null,
    checkEvery: "daily",
    notify: "first",
    timezone: null,
  };
  if (condition === "change") {
    spec.direction = number.sign === "+" ? "up" : number.sign === "-" ? "down" : "any";
  } else if (number.sign === "-") {
    spec.threshold = -number.value;
  }
  while (!words.done) {
    const option = words.match(ALERT_OPTION_WORDS);
    if (!option) return err({ code: "extra", word: words.rest().join(" ") });
    if (option === "every") spec.notify = "every";
    else if (option === "check") {
      const every = words.match(CHECK_WORDS);
      if (!every) return err({ code: "bad_check", word: words.peek()?.raw ?? "" });
      spec.checkEvery = every;
    } else if (option === "tz") {
      const zone = words.next()?.raw ?? "";
      if (!isValidTimezone(zone)) return err({ code: "bad_timezone", word: zone });
      spec.timezone = zone;
    } else {
      // for <dimension>=<value>, read and checked exactly as a KPI question's filter is: a dimension
      // this KPI has, a value it can hold (an alert on `priority=abc` would fail at every check).
      const c = new Cursor(words.tokens, words.index);
      const understood: Understood[] = [
        { kind: "kpi", text: kpi.id },
        { kind: "value", text: valueToken?.raw ?? "" },
      ];
      const read = readFilter(c, findKpi(kpi.id), understood, true, "alert");
      if (read && "problem" in read) return { ok: false, problem: read.problem };
      if (!read) return err({ code: "bad_filter", word: words.rest().slice(0, 3).join(" ") });
      words.index = c.index;
      spec.dimension = read.filter.dimension;
      spec.dimValue = read.filter.value;
    }
  }
  return { ok: true, command: { type: "add", spec } };
}

/**
 * Parses the words after `alert`: `add <kpi> below|above <value> [for <dim>=<value>] [check hourly|daily]
 * [every-breach] [tz <zone>]`, `add <kpi> change <±N%> …`, `list`, `remove|pause|resume <id>`.
 */
export function parseAlertCommand(args: string): AlertParsed {
  const words = new Words(tokenize(args));
  if (words.done) return { ok: true, command: { type: "help" } };
  const sub = words.match(SUB_WORDS);
  switch (sub) {
    case "help":
      return { ok: true, command: { type: "help" } };
    case "list":
      return listCommand(words);
    case "remove":
    case "pause":
    case "resume":
      return idCommand(words, sub);
    case "add":
      return readAdd(words);
    default:
      return err({ code: "unknown_sub", word: words.tokens[sub ? words.index - 1 : words.index]?.raw ?? "" });
  }
}
