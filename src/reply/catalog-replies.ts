import { unitAxisLabel } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import { ANONYMITY_THRESHOLD } from "../kpi/anonymity.js";
import { findKpi } from "../kpi/definitions.js";
import type { KpiDefinition, KpiFamily } from "../kpi/types.js";
import { explainCommand } from "./commands.js";
import { targetText } from "./kpi-parts.js";
import { type ReplyOptions, resolveOptions } from "./options.js";
import type { Reply, ReplyBlock, ReplyField } from "./types.js";

/** Families in the order of KPIS.md. */
const FAMILIES: readonly KpiFamily[] = ["sla", "technical", "financial", "organisational", "adherence", "perception"];

/** Example commands for a KPI in the user's words: `fcr last month`, `fcr this quarter by group`. */
function examples(def: KpiDefinition, locale: Locale): string[] {
  const last = `${def.id} ${t(locale, "reply:words.lastMonth")}`;
  const dimension = def.dimensions[0];
  const by = dimension
    ? `${def.id} ${t(locale, "reply:words.thisQuarter")} ${t(locale, "reply:words.by")} ${t(locale, `reply:dimension.${dimension}`)}`
    : `${def.id} ${t(locale, "reply:words.thisQuarter")}`;
  return [last, by];
}

/** The fields that describe a KPI: unit, direction, target, family, breakdowns, aliases. */
function definitionFields(def: KpiDefinition, target: number | null, locale: Locale, currency: string): ReplyField[] {
  const dims = def.dimensions.map((d) => t(locale, `reply:dimension.${d}`)).join(", ");
  return [
    { label: t(locale, "reply:explain.unit"), value: unitAxisLabel(def.unit, locale, currency) },
    { label: t(locale, "reply:explain.direction"), value: t(locale, `reply:direction.${def.direction}`) },
    {
      label: t(locale, "reply:explain.target"),
      value:
        target === null ? t(locale, "reply:status.no_target") : targetText(def, def.unit, target, locale, { currency }),
    },
    { label: t(locale, "reply:explain.family"), value: t(locale, `reply:family.${def.family}`) },
    { label: t(locale, "reply:explain.dimensions"), value: dims || t(locale, "reply:explain.noDimensions") },
    { label: t(locale, "reply:explain.aliases"), value: def.aliases.join(", ") },
  ];
}

/** How a KPI is computed: formula, unit, direction, target (the current one), breakdowns, source data. */
export function explainReply(
  definition: KpiDefinition,
  target: number | null,
  locale: Locale,
  opts: ReplyOptions = {},
): Reply {
  const o = resolveOptions(opts);
  const name = definition.name[locale];
  const formula = t(locale, "reply:explain.formula", { formula: definition.formula[locale] });
  const [a, b] = examples(definition, locale);
  const blocks: ReplyBlock[] = [
    { type: "header", text: `${name} (${definition.id})` },
    { type: "text", text: formula },
    { type: "fields", fields: definitionFields(definition, target, locale, o.currency) },
  ];
  if (definition.anonymous) {
    blocks.push({ type: "text", text: t(locale, "reply:explain.anonymous", { min: ANONYMITY_THRESHOLD }) });
  }
  blocks.push({ type: "text", text: t(locale, "reply:explain.examples", { a, b }) });
  blocks.push({ type: "context", text: t(locale, "reply:explain.source", { source: definition.source[locale] }) });
  return { locale, fallback: `${name} (${definition.id}) — ${formula}`, blocks };
}

/** The KPIs kpibot answers, grouped by family (id and name). */
export function listReply(definitions: readonly KpiDefinition[], locale: Locale): Reply {
  const blocks: ReplyBlock[] = [{ type: "header", text: t(locale, "reply:list.title") }];
  const fallback: string[] = [t(locale, "reply:list.title")];
  for (const family of FAMILIES) {
    const defs = definitions.filter((d) => d.family === family);
    if (defs.length === 0) continue;
    const title = t(locale, `reply:family.${family}`);
    if (blocks.length > 1) blocks.push({ type: "divider" });
    blocks.push({ type: "text", text: title });
    blocks.push({ type: "fields", fields: defs.map((d) => ({ label: d.id, value: d.name[locale] })) });
    fallback.push(`${title}: ${defs.map((d) => d.id).join(", ")}`);
  }
  blocks.push({ type: "context", text: t(locale, "reply:list.hint") });
  return { locale, fallback: fallback.join("\n"), blocks };
}

/** Help: the command language (or, given a KPI, how to ask for that one). */
export function helpReply(
  locale: Locale,
  kpi?: KpiDefinition | string,
  commands: ReplyField[] = defaultCommands(locale),
): Reply {
  const def = typeof kpi === "string" ? findKpi(kpi) : kpi;
  if (def) return kpiHelp(def, locale);
  const intro = t(locale, "reply:help.intro");
  return {
    locale,
    fallback: `${t(locale, "reply:help.title")} — ${intro} ${t(locale, "reply:help.examples")}`,
    blocks: [
      { type: "header", text: t(locale, "reply:help.title") },
      { type: "text", text: `${intro}\n${t(locale, "reply:help.syntax")}` },
      { type: "fields", fields: commands },
      { type: "text", text: t(locale, "reply:help.periods") },
      { type: "context", text: t(locale, "reply:help.examples") },
    ],
  };
}

/** The KPI commands, when the caller does not pass the commands this user may use. */
function defaultCommands(locale: Locale): ReplyField[] {
  return [
    { label: t(locale, "reply:help.cmdKpi"), value: t(locale, "reply:help.kpi") },
    { label: "list", value: t(locale, "reply:help.list") },
    { label: "explain <kpi>", value: t(locale, "reply:help.explain") },
    { label: t(locale, "reply:help.cmdScorecard"), value: t(locale, "reply:help.scorecard") },
    { label: "target <kpi> <value>", value: t(locale, "reply:help.target") },
    { label: "help [kpi]", value: t(locale, "reply:help.help") },
  ];
}

/** Help for one KPI: what it is, examples that work, its breakdowns. */
function kpiHelp(def: KpiDefinition, locale: Locale): Reply {
  const [a, b] = examples(def, locale);
  const c = explainCommand(def.id);
  const title = t(locale, "reply:help.kpiTitle", { kpi: def.name[locale], id: def.id });
  const ex = t(locale, "reply:help.kpiExamples", { a, b, c });
  const dims = def.dimensions.map((d) => t(locale, `reply:dimension.${d}`)).join(", ");
  return {
    locale,
    fallback: `${title} — ${ex}`,
    blocks: [
      { type: "header", text: title },
      { type: "text", text: def.formula[locale] },
      { type: "text", text: ex },
      {
        type: "fields",
        fields: [
          { label: t(locale, "reply:explain.dimensions"), value: dims || t(locale, "reply:explain.noDimensions") },
          { label: t(locale, "reply:explain.aliases"), value: def.aliases.join(", ") },
        ],
      },
    ],
  };
}

/** A short notice or error in the user's language: info, success, warning or error. */
export function messageReply(
  text: string,
  locale: Locale,
  kind: "info" | "success" | "warning" | "error" = "info",
  opts: { ephemeral?: boolean } = {},
): Reply {
  const line = t(locale, `reply:message.${kind}`, { text });
  return {
    locale,
    fallback: line,
    blocks: [{ type: "text", text: line }],
    ...(opts.ephemeral ? { ephemeral: true } : {}),
  };
}
