import { type Locale, t } from "../i18n/index.js";
import type { KpiUnit } from "../kpi/types.js";
import { numberFormat } from "./intl.js";

/** Options shared by the value formatters. */
export interface FormatOptions {
  /** ISO 4217 code for currency KPIs (KPIBOT_CURRENCY); EUR by default. */
  currency?: string;
}

/** Non-breaking space: keeps a number and its unit on one line in every chat client. */
export const NBSP = "\u00a0";

/**
 * The one display rule of each unit (docs/numbers.md, "One number, one rounding"): how many decimals a figure
 * in that unit shows, everywhere it is shown (answers, digests, alerts, survey results, charts, every platform).
 * Money shows cents below 100 only, where they matter; NPS points are whole, as NPS is told.
 */
const DECIMALS: Record<KpiUnit, number | "money"> = {
  percent: 1,
  hours: 1,
  tickets: 0,
  changes: 0,
  currency: "money",
  currency_per_asset_year: "money",
  fte: 1,
  tickets_per_fte: 1,
  points: 0,
  score5: 1,
};

/** Decimals of a relative change (`-12.5 %`), whatever the KPI's unit. */
const RELATIVE_CHANGE_DECIMALS = 1;

/**
 * Rounds half away from zero on the decimal digits a person reads (8.15 → 8.2, 1.005 → 1.01, -2.25 → -2.3): the
 * value is first read to 12 significant digits, so a binary neighbour such as 8.1499999999999 counts as the
 * 8.15 it stands for. Never returns -0.
 */
export function roundHalfAway(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  if (abs >= 1e15) return value;
  if (abs < 1e-9) return 0;
  const digits = Number(abs.toPrecision(12)).toString();
  // toString may use an exponent for small numbers: shift through exponent notation, which is exact.
  const [mantissa, exp = "0"] = digits.split("e");
  const shifted = Math.round(Number(`${mantissa}e${Number(exp) + decimals}`));
  const rounded = Number(`${shifted}e${-decimals}`);
  return rounded === 0 ? 0 : Math.sign(value) * rounded;
}

/** How many decimals a value of `unit` shows (money: cents below 100 once rounded to cents, none from 100 up). */
export function decimalsFor(unit: KpiUnit, value: number): number {
  const rule = DECIMALS[unit];
  if (rule !== "money") return rule;
  return Math.abs(roundHalfAway(value, 2)) >= 100 ? 0 : 2;
}

/** A value of `unit` exactly as it is shown: the one rounding of that unit. */
export function roundFor(unit: KpiUnit, value: number): number {
  return roundHalfAway(value, decimalsFor(unit, value));
}

/** A plain locale number: `1,234.6` (en-GB) / `1 234,6` (fr-FR), rounded half away from zero. */
export function formatNumber(value: number, locale: Locale, maxDecimals = 1, minDecimals = 0): string {
  return numberFormat(locale, {
    maximumFractionDigits: maxDecimals,
    minimumFractionDigits: Math.min(minDecimals, maxDecimals),
  }).format(roundHalfAway(value, maxDecimals));
}

/** An amount of money: `€1,234` / `1 234 €`; cents only below 100, where they matter. */
export function formatCurrency(value: number, locale: Locale, currency = "EUR"): string {
  const decimals = decimalsFor("currency", value);
  return numberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(roundHalfAway(value, decimals));
}

/** A percentage given in percent units, by the percent rule (74.25 → `74.3 %` / `74,3 %`): shares, rates, scores. */
export function formatPercent(value: number, locale: Locale): string {
  return formatValue(value, "percent", locale);
}

/** A number of hours, by the hours rule: `3.5 h` / `3,5 h`. */
export function formatHours(value: number, locale: Locale): string {
  return formatValue(value, "hours", locale);
}

/** The number of a value in its unit, without the unit's words (`74.2`, `+8`, `4.2`). */
function numberOf(value: number, unit: KpiUnit, locale: Locale): string {
  const decimals = decimalsFor(unit, value);
  return numberFormat(locale, {
    maximumFractionDigits: decimals,
    // NPS-like scores read as signed numbers (+32, -5).
    ...(unit === "points" ? { signDisplay: "exceptZero" as const } : {}),
  }).format(roundHalfAway(value, decimals));
}

/**
 * A KPI value with its unit, in the locale, by its unit's one rule (`74.2 %`, `3.5 h`, `1,234 tickets`, `1 234 €`,
 * `+32`, `4.2 / 5`). Every surface that shows a KPI figure goes through here (or through roundFor).
 */
export function formatValue(value: number, unit: KpiUnit, locale: Locale, opts: FormatOptions = {}): string {
  const currency = opts.currency ?? "EUR";
  const number =
    unit === "currency" || unit === "currency_per_asset_year"
      ? formatCurrency(value, locale, currency)
      : numberOf(value, unit, locale);
  const text = t(locale, `reply:unit.${unit}`, { value: number, count: plurality(roundFor(unit, value)) });
  return text.replace(/ /g, NBSP);
}

/** The count i18next's plural rules see: whole amounts are plural unless exactly 1 (0 is singular in French). */
function plurality(value: number): number {
  return Number.isInteger(value) ? value : 2;
}

/**
 * A change already computed, signed: in points (`+2.1 pts`, with `decimals`) or relative percent (`-12.5 %`);
 * zero shows as `0 pts` / `0 %`. KPI changes go through formatChangeBetween, which applies the unit's rule.
 */
export function formatChange(
  change: number,
  kind: "points" | "percent",
  locale: Locale,
  decimals = RELATIVE_CHANGE_DECIMALS,
): string {
  const number = numberFormat(locale, {
    maximumFractionDigits: decimals,
    signDisplay: "exceptZero",
  }).format(roundHalfAway(change, decimals));
  return t(locale, `reply:change.${kind}`, { value: number }).replace(/ /g, NBSP);
}

/**
 * The change of a KPI from `previous` to `value`, shown so that the figures on screen agree: for percent and NPS
 * KPIs, the difference of the two values as shown, in points (74.25 % vs 72.14 % shows 74.3 % and 72.1 %, so
 * `+2.2 pts`); otherwise the relative change of the exact values, to 0.1 % (`-12.5 %`). `—` when the relative
 * change is undefined (previous 0).
 */
export function formatChangeBetween(value: number, previous: number, unit: KpiUnit, locale: Locale): string {
  if (unit === "percent" || unit === "points") {
    const decimals = decimalsFor(unit, value);
    return formatChange(roundFor(unit, value) - roundFor(unit, previous), "points", locale, decimals);
  }
  if (previous === 0) return "—";
  return formatChange(((value - previous) / Math.abs(previous)) * 100, "percent", locale);
}

/** A signed value in a KPI's unit, for impacts (`+1.3 pts` on a percent KPI, `+2.5 h` on hours), by the unit's rule. */
export function formatSignedValue(value: number, unit: KpiUnit, locale: Locale, opts: FormatOptions = {}): string {
  if (unit === "percent") return formatChange(value, "points", locale, decimalsFor(unit, value));
  const abs = formatValue(Math.abs(value), unit, locale, opts);
  // What rounds to zero shows unsigned ("0 h", not "+0 h").
  if (roundFor(unit, value) === 0) return abs;
  return `${value > 0 ? "+" : "-"}${abs.replace(/^[+-]/, "")}`;
}

/** The unit as an axis title (`%`, `hours`, `amount (EUR)`). */
export function unitAxisLabel(unit: KpiUnit, locale: Locale, currency = "EUR"): string {
  return t(locale, `reply:axis.${unit}`, { currency });
}
