import * as AC from "adaptivecards";
import { TEAMS_LIMITS } from "../../../adapters/teams/render/limits.js";

/**
 * Parses a card with Microsoft's `adaptivecards` library (the renderer Teams' web client is built
 * on) and returns every problem it reports: parse-time events (unknown element or action types,
 * invalid property values, unsupported versions) and validation failures (empty collections,
 * too many actions for Teams' host config, duplicate ids …). Parsing and validating need no DOM.
 */
export function cardProblems(card: unknown): string[] {
  const adaptive = new AC.AdaptiveCard();
  // Teams' host config: at most TEAMS_LIMITS.maxActionsPerSet actions per set.
  adaptive.hostConfig = new AC.HostConfig({ actions: { maxActions: TEAMS_LIMITS.maxActionsPerSet } });
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  adaptive.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of adaptive.validateProperties().validationEvents) {
    problems.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return problems;
}
