import { DEFAULT_TIME_ZONE } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import type { KpiStatus } from "../kpi/types.js";
import { STATUS_EMOJI } from "./commands.js";

/** What reply builders need besides the data: the organisation's settings and how the reply is shown. */
export interface ReplyOptions {
  /** IANA time zone periods are shown in (KPIBOT_TIMEZONE); Europe/Paris by default. */
  timeZone?: string;
  /** ISO 4217 currency code (KPIBOT_CURRENCY); EUR by default. */
  currency?: string;
  /** Only the asker sees the reply; adds a "share in channel" button. */
  ephemeral?: boolean;
  /** At most this many breakdown/distribution lines in text and bars in charts (default 12). */
  maxRows?: number;
}

/** ReplyOptions with defaults applied. */
export interface ResolvedOptions {
  timeZone: string;
  currency: string;
  ephemeral: boolean;
  maxRows: number;
}

/** Applies the defaults. */
export function resolveOptions(opts: ReplyOptions = {}): ResolvedOptions {
  return {
    timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE,
    currency: opts.currency ?? "EUR",
    ephemeral: opts.ephemeral ?? false,
    maxRows: Math.max(1, opts.maxRows ?? 12),
  };
}

/** Upper-cases the first letter in the locale ("on target" → "On target"). */
export function capitalize(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** The status as emoji + words: "🟢 On target" / "🔴 Hors objectif". */
export function statusText(status: KpiStatus, locale: Locale): string {
  return `${STATUS_EMOJI[status]} ${capitalize(t(locale, `reply:status.${status}`), locale)}`;
}
