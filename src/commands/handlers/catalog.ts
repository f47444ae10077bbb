import { t } from "../../i18n/index.js";
import { findKpi, KPI_DEFINITIONS } from "../../kpi/definitions.js";
import { explainReply, helpReply, listReply } from "../../reply/catalog-replies.js";
import type { Reply } from "../../reply/types.js";
import type { Command } from "../command-types.js";
import { type CommandContext, type Outcome, replyOptions } from "../context.js";

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

/** `help [kpi]`: the language (with the words the reply builders do not cover: roles, whoami, share, vs). */
export function answerHelp(ctx: CommandContext, command: Extract<Command, { type: "help" }>): Outcome {
  const reply = helpReply(ctx.locale, command.kpi);
  if (command.kpi) return { kind: "reply", reply: ephemeral(reply) };
  const more = t(ctx.locale, "commands:help.more");
  return {
    kind: "reply",
    reply: ephemeral({
      ...reply,
      blocks: [...reply.blocks, { type: "context", text: more }],
      fallback: `${reply.fallback}\n${more}`,
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
