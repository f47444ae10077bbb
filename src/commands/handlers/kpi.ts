import { nextTurn } from "../../core/turns.js";
import { isKpibotError } from "../../errors.js";
import { t } from "../../i18n/index.js";
import { KPI_DEFINITIONS } from "../../kpi/definitions.js";
import type { KpiResult } from "../../kpi/types.js";
import { kpiReply } from "../../reply/kpi-reply.js";
import { scorecardReply } from "../../reply/scorecard-reply.js";
import type { Command, Understood } from "../command-types.js";
import { type CommandContext, type Outcome, replyOptions } from "../context.js";
import { problemReply } from "../explain-problem.js";
import { fail } from "../parse-support.js";
import { resolveKpiQuery, resolvePeriod } from "../resolve.js";
import { answeredInPublic, audiencesOf, hiddenAudiences, refuseUnlessVisible } from "../visibility.js";
import { answerRows } from "./rows.js";

/** Answers a KPI question: the query read against the clock, computed by the engine, shown by the reply builder. */
export async function answerKpi(
  ctx: CommandContext,
  command: Extract<Command, { type: "kpi" }>,
  understood: Understood[],
): Promise<Outcome> {
  const tz = ctx.app.config.KPIBOT_TIMEZONE;
  const resolved = resolveKpiQuery(command, understood, { now: ctx.now, timezone: tz, locale: ctx.locale });
  if (!resolved.ok)
    return { kind: "problem", problem: resolved.problem, reply: problemReply(resolved.problem, ctx.locale) };
  // Per-person figures and costs only for the roles the policy allows (checked before any query runs).
  const refused = await refuseUnlessVisible(ctx, resolved.query);
  if (refused) return refused;
  if (command.rows) return answerRows(ctx, resolved.query, command.rows);
  let result: KpiResult;
  try {
    result = await ctx.app.kpi.answer(resolved.query);
  } catch (error) {
    // The engine refuses some queries the grammar allows (a breakdown its source cannot do): say why.
    if (!isKpibotError(error, "INPUT_INVALID") && !isKpibotError(error, "NOT_FOUND")) throw error;
    const problem = fail("not_computable", [], understood, {
      kpi: command.kpi,
      verb: "kpi",
      details: { reason: error.message },
    });
    return { kind: "problem", problem, reply: problemReply(problem, ctx.locale) };
  }
  // Building the reply is CPU: wait for this thread's turn, so a burst of answers does not hold the loop.
  await nextTurn();
  return { kind: "kpi", result, query: resolved.query, reply: kpiReply(result, ctx.locale, replyOptions(ctx)) };
}

/** Every KPI with data for the period against its target, weakest first. */
export async function answerScorecard(
  ctx: CommandContext,
  command: Extract<Command, { type: "scorecard" }>,
  understood: Understood[],
): Promise<Outcome> {
  const tz = ctx.app.config.KPIBOT_TIMEZONE;
  const resolved = resolvePeriod(command.period, { now: ctx.now, timezone: tz, locale: ctx.locale }, understood, {
    verb: "scorecard",
  });
  if (!resolved.ok)
    return { kind: "problem", problem: resolved.problem, reply: problemReply(resolved.problem, ctx.locale) };
  const results: KpiResult[] = [];
  const hidesCosts = (await hiddenAudiences(ctx, ["costs"])).length > 0;
  // One KPI failing (a source table not imported yet, a bug) must not hide the others.
  for (const def of KPI_DEFINITIONS) {
    if (hidesCosts && audiencesOf({ kpi: def.id }).includes("costs")) continue;
    try {
      results.push(await ctx.app.kpi.answer({ kpi: def.id, period: resolved.period }));
    } catch (error) {
      const expected = isKpibotError(error, "NOT_FOUND") || isKpibotError(error, "INPUT_INVALID");
      ctx.app.logger[expected ? "debug" : "warn"]({ err: error, kpi: def.id }, "scorecard: KPI skipped");
    }
  }
  await nextTurn();
  const reply = scorecardReply(results, resolved.period, ctx.locale, replyOptions(ctx));
  if (hidesCosts) {
    const note = t(
      ctx.locale,
      answeredInPublic(ctx) ? "commands:policy.publicCostsHidden" : "commands:policy.costsHidden",
    );
    reply.blocks.push({ type: "context", text: note });
    reply.fallback += `\n${note}`;
  }
  return { kind: "scorecard", results, reply };
}
