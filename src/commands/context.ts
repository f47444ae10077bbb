import type { App } from "../app.js";
import type { ChatUserRef, Interaction } from "../core/interaction.js";
import type { Locale } from "../i18n/index.js";
import type { KpiQuery, KpiResult } from "../kpi/types.js";
import type { Reply } from "../reply/types.js";
import type { Problem } from "./command-types.js";

/** What every handler gets: the app, who asks, in which language, and "now". */
export interface CommandContext {
  app: App;
  interaction: Interaction;
  user: ChatUserRef;
  locale: Locale;
  /** The instant relative periods are read against (the clock, or the CLI's --now). */
  now: Date;
  /** Post the answer visibly (the `share` word or the share button). */
  share: boolean;
}

/**
 * The outcome of one interaction: the reply plus what produced it, so the CLI can print the
 * KPI result as JSON and pick an exit code, and adapters can tell a problem from an answer.
 */
export type Outcome =
  | { kind: "kpi"; reply: Reply; result: KpiResult; query: KpiQuery }
  | { kind: "scorecard"; reply: Reply; results: KpiResult[] }
  | { kind: "reply"; reply: Reply }
  | { kind: "problem"; reply: Reply; problem: Problem }
  | { kind: "denied"; reply: Reply }
  | { kind: "error"; reply: Reply; errorId: string };

/** Options every reply builder takes, from the configuration and the context. */
export function replyOptions(ctx: CommandContext): { timeZone: string; currency: string; ephemeral: boolean } {
  return {
    timeZone: ctx.app.config.KPIBOT_TIMEZONE,
    currency: ctx.app.config.KPIBOT_CURRENCY,
    ephemeral: !ctx.share,
  };
}
