import { formatDateTime } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import type { SourceFreshness } from "../kpi/types.js";
import { ageText, sourceName } from "../reply/data-notes.js";
import { markupToPlain, userText } from "../reply/markup.js";
import type { Reply, ReplyBlock } from "../reply/types.js";

/** " by sync (glpi)": what made the last write, when kpibot recorded one. */
function viaText(f: SourceFreshness, locale: Locale): string {
  if (!f.via) return "";
  const via = t(locale, `numbers:freshness.via_${f.via}`);
  // The detail is a connector, a file name or a webhook's ?source=: not kpibot's words, so escaped.
  return f.detail
    ? t(locale, "numbers:freshness.noticeViaDetail", { via, detail: userText(f.detail) })
    : t(locale, "numbers:freshness.noticeVia", { via });
}

/**
 * The admin channel's notice of the feeds that went stale and those fresh again since the last check: one line
 * per source with its last write, how old a source may get, and what made the write.
 */
export function freshnessNotice(
  change: { stale: readonly SourceFreshness[]; recovered: readonly SourceFreshness[] },
  locale: Locale,
  timeZone: string,
): Reply {
  const at = (f: SourceFreshness) => (f.asOf ? formatDateTime(f.asOf, locale, timeZone) : "—");
  const staleLines = change.stale.map((f) =>
    t(locale, "numbers:freshness.noticeStale", {
      source: sourceName(f.source, locale),
      at: at(f),
      via: viaText(f, locale),
      age: f.staleAfterMs === null ? "—" : ageText(f.staleAfterMs, locale),
    }),
  );
  const recoveredLines = change.recovered.map((f) =>
    t(locale, "numbers:freshness.noticeRecovered", {
      source: sourceName(f.source, locale),
      at: at(f),
      via: viaText(f, locale),
    }),
  );
  const title = t(
    locale,
    staleLines.length > 0 ? "numbers:freshness.noticeStaleTitle" : "numbers:freshness.noticeRecoveredTitle",
  );
  const blocks: ReplyBlock[] = [{ type: "header", text: title }];
  const lines = [...staleLines, ...recoveredLines];
  blocks.push({ type: "text", text: lines.join("\n") });
  blocks.push({ type: "context", text: t(locale, "numbers:freshness.noticeFooter") });
  const fallback = t(locale, "numbers:freshness.noticeFallback", {
    lines: lines.map((l) => markupToPlain(l)).join(" · "),
  });
  return { locale, blocks, fallback };
}
