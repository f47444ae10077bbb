import type { FireRule } from "../scheduler/fire-times.js";
import type { AlertRule } from "../store/repositories.js";

/** Daily checks run at this local time (hourly ones on the hour). */
export const DAILY_CHECK_TIME = "08:00";

/** When a rule is checked, as a fire rule for nextFires/due. */
export function checkRule(rule: Pick<AlertRule, "checkEvery" | "timezone">): FireRule {
  return rule.checkEvery === "hourly"
    ? { frequency: "hourly", time: "00:00", timezone: rule.timezone }
    : { frequency: "daily", time: DAILY_CHECK_TIME, timezone: rule.timezone };
}
