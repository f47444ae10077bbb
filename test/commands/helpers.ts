import type { App } from "../../src/app.js";
import { executeInteraction, type Outcome } from "../../src/commands/index.js";
import type { Interaction, Platform } from "../../src/core/interaction.js";

/** A typed command from a chat user (slack:U1 in slack:C1 unless told otherwise). */
export function typed(
  text: string,
  opts: { user?: string; platform?: Platform; locale?: string; conversation?: string } = {},
): Interaction {
  const platform = opts.platform ?? "slack";
  return {
    kind: "command",
    text,
    user: { platform, id: opts.user ?? "U1" },
    conversation: { platform, conversationId: opts.conversation ?? "C1" },
    ...(opts.locale ? { locale: opts.locale } : {}),
  };
}

/** A button click. */
export function clicked(actionId: string, value: string, opts: { user?: string; locale?: string } = {}): Interaction {
  return {
    kind: "action",
    actionId,
    value,
    user: { platform: "slack", id: opts.user ?? "U1" },
    conversation: { platform: "slack", conversationId: "C1" },
    ...(opts.locale ? { locale: opts.locale } : {}),
  };
}

/** Runs a typed command. */
export function ask(app: App, text: string, opts: Parameters<typeof typed>[1] = {}): Promise<Outcome> {
  return executeInteraction(app, typed(text, opts));
}

/** The outcome as a KPI answer, or a failing assertion saying what came instead. */
export function asKpi(outcome: Outcome): Extract<Outcome, { kind: "kpi" }> {
  if (outcome.kind !== "kpi") throw new Error(`expected a KPI answer, got ${outcome.kind}: ${outcome.reply.fallback}`);
  return outcome;
}
