import { type Locale, t } from "../i18n/index.js";
import { findKpi } from "../kpi/definitions.js";
import type { Dimension } from "../kpi/types.js";
import { userCode, userText } from "../reply/markup.js";
import type { Reply } from "../reply/types.js";
import type { Problem, Understood } from "./command-types.js";
import { targetRange } from "./parse-admin.js";
import { MAX_COMMAND_LENGTH } from "./parser.js";

/** The word a user types for a dimension in each language (the parser reads both). */
export const DIMENSION_TYPED: Record<Locale, Record<Dimension, string>> = {
  en: {
    group: "group",
    channel: "channel",
    priority: "priority",
    service: "service",
    level: "level",
    category: "category",
    kind: "kind",
    assignee: "assignee",
    activity: "activity",
    team: "team",
    question: "question",
  },
  fr: {
    group: "groupe",
    channel: "canal",
    priority: "priorité",
    service: "service",
    level: "niveau",
    category: "catégorie",
    kind: "type",
    assignee: "technicien",
    activity: "activité",
    team: "équipe",
    question: "question",
  },
};

// The user's words quoted as code, escaped: a backtick, `<https://…|x>` or `[x](url)` typed stays text.
const code = userCode;

function understoodText(items: Understood[], locale: Locale): string {
  return items.map((u) => t(locale, `commands:kind.${u.kind}`, { text: code(u.text) })).join(", ");
}

/** A command that works, close to what the user tried. */
export function exampleFor(problem: Problem, locale: Locale): string {
  const def = findKpi(problem.kpi ?? "") ?? findKpi(problem.suggestions[0] ?? "") ?? findKpi("fcr");
  const kpi = def?.id ?? "fcr";
  const dims = def?.dimensions ?? [];
  const dim = (preferred: Dimension) =>
    DIMENSION_TYPED[locale][dims.includes(preferred) ? preferred : (dims[0] ?? "group")];
  const ex = (key: string, vars: Record<string, string> = {}) => t(locale, `commands:example.${key}`, { kpi, ...vars });
  switch (problem.code) {
    case "unknown_dimension":
    case "missing_dimension":
    case "dimension_not_available":
    case "duplicate_breakdown":
      return ex("breakdown", { dimension: dim("group") });
    case "bad_filter":
      return ex(problem.verb === "target" ? "target" : "filter", {
        dimension: dim("service"),
        value: String(def?.target ?? 80),
      });
    case "bad_filter_value": {
      // The example names the dimension the user typed, with a value it can hold.
      const dimension = DIMENSION_TYPED[locale][(problem.details?.dimension as Dimension | undefined) ?? "priority"];
      const value = String(def?.target ?? 80);
      if (problem.verb === "target") return ex("numericTarget", { dimension, value });
      if (problem.verb === "alert") return ex("numericAlert", { dimension, value });
      return ex("numericFilter", { dimension });
    }
    case "missing_period":
    case "duplicate_period":
      return ex("compare");
    case "bad_number":
    case "out_of_range": {
      const range = def ? targetRange(def) : { min: 0, max: 100 };
      const value = def?.target ?? Math.min(range.max, Math.max(range.min, 80));
      return ex("target", { value: String(value) });
    }
    case "bad_role":
    case "missing_user":
      return ex("role");
    default:
      break;
  }
  const verb = problem.verb;
  if (verb === "scorecard") return ex("scorecard");
  if (verb === "explain" || verb === "help" || verb === "list" || verb === "whoami") return ex(verb);
  if (verb === "target") return ex("target", { value: String(def?.target ?? 80) });
  if (verb === "role") return ex("role");
  return ex("kpi");
}

/** The message for one problem: what was wrong, in the user's language. */
export function problemMessage(problem: Problem, locale: Locale): string {
  const def = findKpi(problem.kpi ?? "");
  const dims = def?.dimensions ?? [];
  const quoted = problem.words.map(code).join(" ");
  const vars: Record<string, string> = {
    word: code(problem.words[0] ?? ""),
    words: quoted,
    kpi: code(def?.id ?? problem.kpi ?? ""),
    max: String(MAX_COMMAND_LENGTH),
    dimensions: dims.map((d) => DIMENSION_TYPED[locale][d]).join(", "),
    // Details can quote the user (an engine's reason names the value it refused): text, never markup.
    ...Object.fromEntries(Object.entries(problem.details ?? {}).map(([k, v]) => [k, userText(v)])),
  };
  if (problem.details?.dimension) vars.dimension = DIMENSION_TYPED[locale][problem.details.dimension as Dimension];
  if (problem.details?.dimensions) {
    vars.dimensions = problem.details.dimensions
      .split(", ")
      .map((d) => DIMENSION_TYPED[locale][d as Dimension] ?? d)
      .join(", ");
  }
  const message = t(locale, `commands:problem.${problem.code}`, vars);
  const reason = problem.code === "bad_period" ? problem.details?.reason : undefined;
  const why = reason ? t(locale, `commands:problem.periodReason.${reason}`) : "";
  return why ? `${message} ${why}` : message;
}

/** Explains a problem: what was not understood, what was, a "did you mean", and an example that works. */
export function problemReply(problem: Problem, locale: Locale): Reply {
  const lines = [`${t(locale, "commands:problem.title")} ${problemMessage(problem, locale)}`];
  if (problem.suggestions.length > 0) {
    const or = t(locale, "commands:problem.or");
    // Dimensions are suggested as the word the user would type in their language.
    const shown =
      problem.code === "unknown_dimension"
        ? problem.suggestions.map((s) => DIMENSION_TYPED[locale][s as Dimension] ?? s)
        : problem.suggestions;
    lines.push(t(locale, "commands:problem.didYouMean", { suggestions: shown.map(code).join(or) }));
  }
  if (problem.understood.length > 0) {
    lines.push(t(locale, "commands:problem.understood", { items: understoodText(problem.understood, locale) }));
  }
  const notUnderstood =
    problem.words.length > 0 &&
    ![
      "extra_words",
      "duplicate_period",
      "unknown_command",
      "unknown_kpi",
      "unknown_dimension",
      "bad_period",
      "bad_filter_value",
    ].includes(problem.code)
      ? t(locale, "commands:problem.notUnderstood", { words: problem.words.map(code).join(" ") })
      : undefined;
  if (notUnderstood) lines.push(notUnderstood);
  const example = t(locale, "commands:problem.try", { example: code(exampleFor(problem, locale)) });
  return {
    locale,
    ephemeral: true,
    fallback: [...lines, example].join("\n"),
    blocks: [...lines.map((text) => ({ type: "text" as const, text })), { type: "context", text: example }],
  };
}
