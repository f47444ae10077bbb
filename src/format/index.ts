/** Locale-aware formatting of KPI values, changes and periods (en-GB / fr-FR through Intl). */
export {
  type FormatOptions,
  formatChange,
  formatChangeBetween,
  formatCurrency,
  formatHours,
  formatNumber,
  formatPercent,
  formatSignedValue,
  formatValue,
  NBSP,
  roundFor,
  roundHalfAway,
  unitAxisLabel,
} from "./numbers.js";
export { assertNever, DEFAULT_TIME_ZONE, formatDateTime, formatPeriod, formatPeriodShort } from "./periods.js";
