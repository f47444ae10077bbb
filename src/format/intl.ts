import { intlTag, type Locale } from "../i18n/index.js";

// Intl formatters are costly to build (tens of microseconds, and garbage) and cheap to reuse: a busy replica formats
// thousands of numbers and dates a second. One formatter per locale and option set, kept for the process's life —
// the option sets are few and fixed in the code (a unit's decimals, a period's grain, the organisation's time zone).

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The Intl.NumberFormat of a locale and options, built once. */
export function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlTag(locale), options);
    numberFormats.set(key, format);
  }
  return format;
}

/** The Intl.DateTimeFormat of a locale, time zone and options, built once. */
export function dateTimeFormat(
  locale: Locale,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlTag(locale), { ...options, timeZone });
    dateFormats.set(key, format);
  }
  return format;
}
