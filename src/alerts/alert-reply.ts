import { formatChange, formatDateTime, formatNumber, formatValue } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import { findKpi } from "../kpi/definitions.js";
import type { KpiResult } from "../kpi/types.js";
import { userText } from "../reply/markup.js";
import type { Reply } from "../reply/types.js";
import type { AlertRule, AlertSpec } from "../store/repositories.js";
import type { CheckOutcome } from "./evaluate.js";

/** "below 90 %", "a change of -10 % or more": the rule's condition in words. */
export function conditionText(
  rule: Pick<AlertSpec, "kpi" | "condition" | "threshold" | "direction">,
  locale: Locale,
  currency: string,
): string {
  const def = findKpi(rule.kpi);
  if (rule.condition === "change") {
    const sign = rule.direction === "up" ? "+" : rule.direction === "down" ? "-" : "±";
    return t(locale, "digests:alert.condition.change", {
      change: `${sign}${formatNumber(rule.threshold, locale, 1)} %`,
    });
  }
  const value = def ? formatValue(rule.threshold, def.unit, locale, { currency }) : String(rule.threshold);
  return t(locale, `digests:alert.condition.${rule.condition}`, { value });
}

/** `SLA (group=N1)`: the KPI and its filter, as plain text (the value is the admin's: `userText` it in a reply). */
export function alertSubject(rule: Pick<AlertSpec, "kpi" | "dimension" | "dimValue">, locale: Locale): string {
  const name = findKpi(rule.kpi)?.name[locale] ?? rule.kpi;
  return rule.dimension && rule.dimValue ? `${name} (${rule.dimension}=${rule.dimValue})` : name;
}

/** The message of a breach or a recovery. */
export function alertReply(
  rule: AlertRule,
  result: KpiResult,
  outcome: Extract<CheckOutcome, "breach" | "recovery">,
  opts: { at: Date; change: number | null; currency: string; locale: Locale },
): Reply {
  const { locale, currency } = opts;
  const subject = userText(alertSubject(rule, locale));
  const fmt = (v: number | null) => (v === null ? "—" : formatValue(v, result.unit, locale, { currency }));
  const condition = conditionText(rule, locale, currency);
  const value =
    rule.condition === "change" && opts.change !== null
      ? t(locale, "digests:alert.changeValue", {
          change: formatChange(opts.change, "percent", locale),
          previous: fmt(result.previous.value),
          value: fmt(result.value),
        })
      : fmt(result.value);
  const window = t(locale, `digests:alert.window.${rule.checkEvery}`, {
    at: formatDateTime(opts.at, locale, rule.timezone),
  });
  const text = t(locale, `digests:alert.${outcome}`, { id: rule.id, subject, value, condition, window });
  const context = t(locale, "digests:alert.context", {
    id: rule.id,
    check: t(locale, `digests:alert.check.${rule.checkEvery}`),
    notify: t(locale, `digests:alert.notify.${rule.notify}`),
    timeZone: rule.timezone,
  });
  return {
    locale,
    fallback: text,
    blocks: [
      { type: "text", text },
      { type: "context", text: context },
    ],
  };
}
