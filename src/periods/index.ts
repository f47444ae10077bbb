/** Periods: parsing (English and French) and calendar math in the organisation's time zone. */
export {
  type CalendarGrain,
  calendarPeriod,
  DEFAULT_TIMEZONE,
  defaultPeriod,
  isValidTimezone,
  lastPeriods,
  nextPeriod,
  previousPeriod,
  rangePeriod,
  shiftPeriod,
  zoned,
} from "./calendar.js";
export {
  normalizePeriodText,
  type PeriodContext,
  type PeriodErrorReason,
  type PeriodParseResult,
  parsePeriod,
} from "./parse.js";
export { findPeriodPhrase, MAX_PERIOD_TOKENS, type PeriodPhrase } from "./phrase.js";
export { PERIOD_EXAMPLES } from "./vocabulary.js";
