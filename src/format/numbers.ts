import { intlTag, type Locale, t } from "../i18n/index.js";
import type { KpiUnit } from "../kpi/types.js";

/** Options shared by the value formatters. */
export interface FormatOptions {
  /** ISO 4217 code for currency KPIs (KPIBOT_CURRENCY); EUR by default. */
  currency?: string;
}

/** Non-breaking space: keeps a number and its unit on one line in every chat client. */
export const NBSP = "\u00a0";

/** How many decimals each unit shows (at most): enough to see a change, no false precision. */
const DECIMALS: Record<KpiUnit, number> = {
  percent: 1,
  hours: 1,
  tickets: 0,
  changes: 0,
  currency: 2,
  currency_per_asset_year: 0,
  fte: 1,
  tickets_per_fte: 1,
  points: 0,
  score5: 1,
};

/** A plain locale number: `1,234.6` (en-GB) / `1 234,6` (fr-FR). */
export function formatNumber(value: number, locale: Locale, maxDecimals = 1, minDecimals = 0): string {
  return new Intl.NumberFormat(intlTag(locale), {
    maximumFractionDigits: maxDecimals,
    minimumFractionDigits: Math.min(minDecimals, maxDecimals),
  }).format(value);
}

/** An amount of money: `€1,234` / `1 234 €`; cents only below 100, where they matter. */
export function formatCurrency(value: number, locale: Locale, currency = "EUR"): string {
  const decimals = Math.abs(value) >= 100 ? 0 : 2;
  return new Intl.NumberFormat(intlTag(locale), {
    style: "currency",
    currency,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/** A percentage given in percent units (74.2 → `74.2 %` / `74,2 %`). */
export function formatPercent(value: number, locale: Locale, maxDecimals = 1): string {
  return `${formatNumber(value, locale, maxDecimals)}${NBSP}%`;
}

/** A number of hours: `3.5 h` / `3,5 h`. */
export function formatHours(value: number, locale: Locale): string {
  return `${formatNumber(value, locale, 1)}${NBSP}h`;
}

/** A KPI value with its unit, in the locale (`74.2 %`, `3.5 h`, `1,234 tickets`, `1 234 €`, `+32`, `4.2 / 5`). */
export function formatValue(value: number, unit: KpiUnit, locale: Locale, opts: FormatOptions = {}): string {
  const currency = opts.currency ?? "EUR";
  let number: string;
  if (unit === "currency" || unit === "currency_per_asset_year") {
    number = formatCurrency(value, locale, currency);
  } else if (unit === "points") {
    // NPS-like scores read as signed numbers (+32, -5).
    number = new Intl.NumberFormat(intlTag(locale), { maximumFractionDigits: 0, signDisplay: "exceptZero" }).format(
      value,
    );
  } else {
    number = formatNumber(value, locale, DECIMALS[unit]);
  }
  const text = t(locale, `reply:unit.${unit}`, { value: number, count: plurality(value) });
  return text.replace(/ /g, NBSP);
}

/** The count i18next's plural rules see: whole amounts are plural unless exactly 1 (0 is singular in French). */
function plurality(value: number): number {
  return Number.isInteger(value) ? value : 2;
}

/**
 * A change against the previous period: in points for percent KPIs (`+2.1 pts`),
 * relative percent otherwise (`-12.5 %`); zero shows as `0 pts` / `0 %`.
 */
export function formatChange(change: number, kind: "points" | "percent", locale: Locale): string {
  const number = new Intl.NumberFormat(intlTag(locale), {
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  }).format(change);
  return t(locale, `reply:change.${kind}`, { value: number }).replace(/ /g, NBSP);
}

/** A signed value in a KPI's unit, for impacts (`+1.3 pts` on a percent KPI, `+2.5 h` on hours). */
export function formatSignedValue(value: number, unit: KpiUnit, locale: Locale, opts: FormatOptions = {}): string {
  if (unit === "percent") return formatChange(value, "points", locale);
  const abs = formatValue(Math.abs(value), unit, locale, opts);
  // What rounds to zero shows unsigned ("0 h", not "+0 h").
  const scale = 10 ** DECIMALS[unit];
  if (Math.round(Math.abs(value) * scale) === 0) return abs;
  return `${value > 0 ? "+" : "-"}${abs.replace(/^[+-]/, "")}`;
}

/** The unit as an axis title (`%`, `hours`, `amount (EUR)`). */
export function unitAxisLabel(unit: KpiUnit, locale: Locale, currency = "EUR"): string {
  return t(locale, `reply:axis.${unit}`, { currency });
}
