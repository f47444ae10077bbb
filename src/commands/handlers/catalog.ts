import { t } from "../../i18n/index.js";
import { findKpi, KPI_DEFINITIONS } from "../../kpi/definitions.js";
import { explainReply, helpReply, listReply } from "../../reply/catalog-replies.js";
import type { Reply } from "../../reply/types.js";
import type { Command } from "../command-types.js";
import { type CommandContext, type Outcome, replyOptions } from "../context.js";
import { type VerbHelp, verbHelpOf, verbHelps } from "../help-catalog.js";
import { roleAtLeast, roleOf } from "../roles.js";

/** The target in force for a KPI as a whole: an admin's override, else the catalog default. */
export async function currentTarget(ctx: CommandContext, kpi: string): Promise<number | null> {
  const overrides = await ctx.app.repos.targets.all(kpi);
  const whole = overrides.find((o) => o.dimension === "" && o.dimValue === "");
  return whole ? whole.target : (findKpi(kpi)?.target ?? null);
}

function ephemeral(reply: Reply): Reply {
  return { ...reply, ephemeral: true };
}

/** `list`: the KPIs by family. */
export function answerList(ctx: CommandContext): Outcome {
  return { kind: "reply", reply: ephemeral(listReply(KPI_DEFINITIONS, ctx.locale)) };
}

/** `help <verb>`: how to write one command, what it does and who may use it. */
function verbHelpReply(verb: VerbHelp, locale: CommandContext["locale"]): Reply {
  const title = t(locale, "commands:help.verbTitle", { verb: verb.word[locale] });
  const who = t(locale, `commands:help.who.${verb.role}`);
  return {
    locale,
    fallback: `${title} — ${verb.usage[locale]} — ${verb.summary[locale]} (${who})`,
    blocks: [
      { type: "header", text: title },
      { type: "text", text: `\`${verb.usage[locale]}\`` },
      { type: "text", text: verb.summary[locale] },
      { type: "context", text: who },
    ],
  };
}

/** `help [kpi]`: the language (with the words the reply builders do not cover: roles, whoami, share, vs). */
export async function answerHelp(ctx: CommandContext, command: Extract<Command, { type: "help" }>): Promise<Outcome> {
  if (command.verb) {
    const verb = verbHelpOf(ctx.app.router, command.verb);
    if (verb) return { kind: "reply", reply: ephemeral(verbHelpReply(verb, ctx.locale)) };
  }
  if (command.kpi) return { kind: "reply", reply: ephemeral(helpReply(ctx.locale, command.kpi)) };
  // Per role: a viewer sees what a viewer may use, and is told that admins can do more.
  const { role } = await roleOf(ctx.app, ctx.user);
  const verbs = verbHelps(ctx.app.router);
  const mine = verbs.filter((v) => roleAtLeast(role, v.role));
  const others = verbs.filter((v) => !roleAtLeast(role, v.role));
  const reply = helpReply(
    ctx.locale,
    undefined,
    mine.map((v) => ({ label: v.usage[ctx.locale], value: v.summary[ctx.locale] })),
  );
  const notes = [t(ctx.locale, "commands:help.more")];
  if (others.length > 0) {
    notes.push(
      t(ctx.locale, "commands:help.adminsAlso", { verbs: others.map((v) => `\`${v.word[ctx.locale]}\``).join(", ") }),
    );
  }
  return {
    kind: "reply",
    reply: ephemeral({
      ...reply,
      blocks: [...reply.blocks, ...notes.map((text) => ({ type: "context" as const, text }))],
      fallback: `${reply.fallback}\n${notes.join("\n")}`,
    }),
  };
}

/** `explain <kpi>`: formula, unit, target in force, source data. */
export async function answerExplain(
  ctx: CommandContext,
  command: Extract<Command, { type: "explain" }>,
): Promise<Outcome> {
  const def = findKpi(command.kpi);
  if (!def) throw new Error(`parser returned an unknown KPI ${command.kpi}`);
  const target = await currentTarget(ctx, def.id);
  return { kind: "reply", reply: ephemeral(explainReply(def, target, ctx.locale, replyOptions(ctx))) };
}
